/*
 * binder_call(offset, slot, a0, a1, d0): enters dyld_stub_binder exactly as
 * an image's lazy stub helper does (x16 = lazy-bind offset, x17 = address of
 * the image's __dyld_private slot, both pushed, then a branch), with a0, a1
 * and d0 as the arguments of the function being bound. The binder jumps to
 * the bound function, which returns here with its result.
 */
	.text
	.globl	_binder_call
	.p2align 2
_binder_call:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	mov	x16, x0
	mov	x17, x1
	mov	x0, x2
	mov	x1, x3
	stp	x16, x17, [sp, #-16]!
	bl	dyld_stub_binder
	ldp	x29, x30, [sp], #16
	ret
