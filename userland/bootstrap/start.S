/*
 * The bootstrap's entry point: the kernel enters here with x0 = argc,
 * x1 = argv, x2 = envp, x3 = apple, which main takes as they are. main ends
 * the task itself (task_terminate); should it return, the breakpoint makes
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
