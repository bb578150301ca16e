/*
 * bsdserver's entry point: the bootstrap starts it with x0 = argc, x1 = argv,
 * x2 = envp, x3 = apple, which main takes as they are. main never returns
 * (it powers the machine off or ends the task); should it, the breakpoint
 * makes the kernel report it and end the task.
 */
	.text
	.globl	__start
	.p2align 2
__start:
	mov	x29, #0
	mov	x30, #0
	bl	_main
	brk	#1
