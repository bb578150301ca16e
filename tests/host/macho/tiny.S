// The smallest self-contained program: its entry point traps, forever.
	.text
	.globl	_boot
	.p2align 2
_boot:
	brk	#0
	b	_boot
