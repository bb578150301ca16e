/*
 * Entry point of the guest test programs, which the kernel starts directly
 * (no dyld, no libSystem): x0 = argc, x1 = argv, x2 = envp, x3 = apple.
 * main's return value leaves through BSD exit (syscall 1); until bsdserver
 * exists the kernel reports it as an unhandled EXC_SYSCALL, with x0 = status.
 */
	.text
	.globl	__start
	.p2align 2
__start:
	mov	x29, #0
	mov	x30, #0
	bl	_main
	mov	x16, #1
	svc	#0x80
	brk	#1
