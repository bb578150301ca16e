/*
 * The entry point of a self-contained server (the bootstrap, drivers,
 * bsdserver): the kernel or the bootstrap starts it without dyld, with
 * x0 = argc, x1 = argv, x2 = envp, x3 = apple, which main takes as they are.
 * A server ends its task itself; should main return, the breakpoint makes
 * the kernel report it and end the task.
 */
	.text
	.globl	__start
	.p2align 2
__start:
	mov	x29, #0
	mov	x30, #0
	bl	_main
	brk	#1
