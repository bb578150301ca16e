/*
 * Kernel entry. QEMU loads the image as an arm64 Linux-style Image at RAM base +
 * text_offset and enters here at EL1 (or EL2) with the MMU off and x0 = physical
 * address of the device tree. Until the MMU is on, everything runs at physical
 * addresses, so only PC-relative addressing (adrp/add) is used.
 *
 * The boot page tables map the first 5 GiB of physical space twice: identity in
 * TTBR0 (only to survive turning the MMU on) and at KVA_OFFSET in TTBR1. Both
 * share one level-1 table because KVA_OFFSET leaves the low 48 bits unchanged.
 * pmap_bootstrap replaces them with exact tables once memory is known.
 */
#include "arch/arm64/mmu.h"

#define BOOT_STACK_SIZE 16384

	.section .text.boot, "ax"
	.globl _start
_start:
	/* arm64 Image header (Documentation/arm64/booting in Linux names the fields). */
	b	boot_entry			/* code0 */
	.long	0				/* code1 */
	.quad	0x80000				/* text_offset */
	.quad	_image_size			/* image_size, including .bss */
	.quad	0x2				/* flags: little-endian, 4 KiB pages */
	.quad	0, 0, 0				/* reserved */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* reserved */

boot_entry:
	msr	daifset, #0xf
	mov	x19, x0				/* device tree, physical */

	mrs	x1, CurrentEL
	lsr	x1, x1, #2
	cmp	x1, #2
	b.ne	1f
	/* At EL2: run the kernel at EL1 (AArch64), give EL1 the physical timer. */
	mov	x1, #(1 << 31)			/* HCR_EL2.RW */
	msr	hcr_el2, x1
	mov	x1, #3				/* CNTHCTL_EL2.EL1PCTEN | EL1PCEN */
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	mov	x1, #0x3c5			/* SPSR: EL1h, DAIF masked */
	msr	spsr_el2, x1
	adr	x1, 1f
	msr	elr_el2, x1
	eret
1:
	/* Clear .bss (4 KiB aligned at both ends). */
	adrp	x1, __bss_start
	adrp	x2, __bss_end
2:	cmp	x1, x2
	b.hs	3f
	stp	xzr, xzr, [x1], #16
	b	2b
3:
	/* boot_l0[0] -> boot_l1; boot_l1[0] = peripherals, [1..4] = RAM (1 GiB blocks). */
	adrp	x1, boot_l0
	adrp	x2, boot_l1
	orr	x3, x2, #PTE_TABLE
	str	x3, [x1]
	ldr	x3, =(PTE_BLOCK | PTE_AF | PTE_ATTR_DEVICE | PTE_PXN | PTE_UXN)
	str	x3, [x2]
	ldr	x3, =(PTE_BLOCK | PTE_AF | PTE_SH_INNER | PTE_ATTR_NORMAL)
	mov	x4, #1
4:	orr	x5, x3, x4, lsl #30
	str	x5, [x2, x4, lsl #3]
	add	x4, x4, #1
	cmp	x4, #5
	b.ne	4b

	ldr	x1, =MAIR_VALUE
	msr	mair_el1, x1
	/* TCR: 48-bit VA both halves, 4 KiB granule, WBWA inner shareable walks; IPS from the CPU. */
	ldr	x1, =TCR_VALUE
	mrs	x2, id_aa64mmfr0_el1
	and	x2, x2, #0x7
	bfi	x1, x2, #32, #3
	msr	tcr_el1, x1
	adrp	x1, boot_l0
	msr	ttbr0_el1, x1
	msr	ttbr1_el1, x1
	dsb	sy
	tlbi	vmalle1
	dsb	sy
	isb
	ldr	x1, =SCTLR_VALUE
	msr	sctlr_el1, x1
	isb

	/* CPACR_EL1.FPEN = 0b11: user code may use FP/SIMD (the kernel saves it per thread). */
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb

	ldr	x1, =high_entry
	br	x1

high_entry:
	ldr	x1, =boot_stack + BOOT_STACK_SIZE
	mov	sp, x1
	mov	x29, xzr
	mov	x30, xzr
	ldr	x1, =exception_vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19
	bl	kernel_main
5:	wfi
	b	5b

	.bss
	.balign	4096
	.globl	boot_l0
boot_l0:	.space	4096
boot_l1:	.space	4096
	/* Aligned to its size, like every kernel stack (kern/backtrace.h). */
	.balign	BOOT_STACK_SIZE
	.globl	boot_stack
boot_stack:	.space	BOOT_STACK_SIZE
