/*
 * uint64_t arch_copy_user(void *dst, const void *src, size_t len)
 *
 * Copies between kernel memory and the current task's user memory, one side
 * of which may fault. A fault inside [copyio_begin, copyio_end) is resolved by
 * the VM system and the load or store retried; if it cannot be resolved, the
 * trap handler resumes at copyio_fault with x0 = the kern_return_t. Returns 0
 * (KERN_SUCCESS) when every byte was copied. Uses x0-x7 alone: copyio_call
 * (kern/copyio.h) keeps the caller's other registers live across it.
 */
	.text
	.globl	arch_copy_user
	.globl	copyio_begin
	.globl	copyio_end
	.globl	copyio_fault
arch_copy_user:
copyio_begin:
	/*
	 * 16 to 32 bytes, all aligned (a small message's header and trailer):
	 * the first 16 bytes and the last 16, which may overlap.
	 */
	orr	x3, x0, x1
	orr	x3, x3, x2
	tst	x3, #7
	b.ne	1f
	sub	x3, x2, #16
	cmp	x3, #16
	b.hi	1f
	add	x3, x1, x2
	add	x4, x0, x2
	ldp	x5, x6, [x1]
	stp	x5, x6, [x0]
	ldp	x5, x6, [x3, #-16]
	stp	x5, x6, [x4, #-16]
	mov	x0, #0
	ret
	/*
	 * Otherwise, while both pointers are aligned: 32 bytes a step, then 16,
	 * 8 and 4 (messages are whole words), then single bytes. The pointers
	 * move only after a step's loads, so a faulting load is simply retried.
	 */
1:	orr	x3, x0, x1
	tst	x3, #7
	b.ne	2f
	subs	x2, x2, #32
	b.lo	5f
4:	ldp	x4, x5, [x1]
	ldp	x6, x7, [x1, #16]
	add	x1, x1, #32
	stp	x4, x5, [x0]
	stp	x6, x7, [x0, #16]
	add	x0, x0, #32
	subs	x2, x2, #32
	b.hs	4b
5:	add	x2, x2, #32
	tbz	x2, #4, 6f
	ldp	x4, x5, [x1], #16
	stp	x4, x5, [x0], #16
6:	tbz	x2, #3, 7f
	ldr	x4, [x1], #8
	str	x4, [x0], #8
7:	tbz	x2, #2, 8f
	ldr	w4, [x1], #4
	str	w4, [x0], #4
8:	and	x2, x2, #3
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
