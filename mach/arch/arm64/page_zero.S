/*
 * void arch_page_zero(void *page)
 *
 * Zeroes the 4 KiB page of kernel memory (Normal, page-aligned) at `page`
 * with DC ZVA, the block size read from DCZID_EL0, four blocks a step while
 * four fit in a page; with DC ZVA prohibited (DCZID_EL0.DZP), with pairs of
 * stores. Demand-zero memory and page tables come through here: a store
 * loop would cost four times the instructions.
 */
#define PAGE_BYTES 4096

	.text
	.globl	arch_page_zero
arch_page_zero:
	add	x3, x0, #PAGE_BYTES
	mrs	x1, dczid_el0
	tbnz	x1, #4, 3f
	/* BS, bits 3:0: log2 of the block size in 4-byte words. */
	and	x1, x1, #0xf
	mov	x2, #4
	lsl	x2, x2, x1
	cmp	x2, #(PAGE_BYTES / 4)
	b.hi	2f
1:	dc	zva, x0
	add	x0, x0, x2
	dc	zva, x0
	add	x0, x0, x2
	dc	zva, x0
	add	x0, x0, x2
	dc	zva, x0
	add	x0, x0, x2
	cmp	x0, x3
	b.lo	1b
	ret
2:	dc	zva, x0
	add	x0, x0, x2
	cmp	x0, x3
	b.lo	2b
	ret
3:	stp	xzr, xzr, [x0]
	stp	xzr, xzr, [x0, #16]
	stp	xzr, xzr, [x0, #32]
	stp	xzr, xzr, [x0, #48]
	add	x0, x0, #64
	cmp	x0, x3
	b.lo	3b
	ret
