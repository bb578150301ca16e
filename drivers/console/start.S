/*
 * The console driver's entry point: the bootstrap starts it without dyld,
 * with x0 = argc, x1 = argv, x2 = envp, x3 = apple. main serves forever or
 * ends the task itself; a return reaches the breakpoint, which the kernel
 * reports as the driver's fault.
 */
	.text
	.globl	__start
	.p2align 2
__start:
	mov	x29, #0
	mov	x30, #0
	bl	_main
	brk	#1
