/*
 * uint64_t arch_copy_user(void *dst, const void *src, size_t len)
 *
 * Copies between kernel memory and the current task's user memory, one side
 * of which may fault. A fault inside [copyio_begin, copyio_end) is resolved by
 * the VM system and the load or store retried; if it cannot be resolved, the
 * trap handler resumes at copyio_fault with x0 = the kern_return_t. Returns 0
 * (KERN_SUCCESS) when every byte was copied.
 */
	.text
	.globl	arch_copy_user
	.globl	copyio_begin
	.globl	copyio_end
	.globl	copyio_fault
arch_copy_user:
copyio_begin:
	/* Sixteen, then eight bytes at a time while both pointers are aligned. */
	orr	x3, x0, x1
	tst	x3, #7
	b.ne	2f
4:	cmp	x2, #16
	b.lo	1f
	ldp	x4, x5, [x1], #16
	stp	x4, x5, [x0], #16
	sub	x2, x2, #16
	b	4b
1:	cmp	x2, #8
	b.lo	2f
	ldr	x4, [x1], #8
	str	x4, [x0], #8
	sub	x2, x2, #8
2:	cbz	x2, 3f
	ldrb	w4, [x1], #1
	strb	w4, [x0], #1
	sub	x2, x2, #1
	b	2b
3:	mov	x0, #0
	ret
copyio_end:
copyio_fault:
	ret
