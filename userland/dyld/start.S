/*
 * __dyld_start, the first instruction of every process (DESIGN.md,
 * "Starting a process"): sp points at the program's mach_header address,
 * then argc, argv..., NULL, envp..., NULL, apple..., NULL. dyld_start (C)
 * takes that address and never returns; the frame chain ends here.
 */
	.text
	.globl	__dyld_start
	.p2align 2
__dyld_start:
	mov	x0, sp
	and	x1, x0, #~15
	mov	sp, x1
	mov	x29, #0
	mov	x30, #0
	bl	_dyld_start
	brk	#1
