/*
 * AArch64 VMSAv8-64 translation table descriptors and MMU control values for a
 * 4 KiB granule with 48-bit virtual addresses. Usable from assembly.
 */
#ifndef ARCH_ARM64_MMU_H
#define ARCH_ARM64_MMU_H

#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##UL
#endif

#define PTE_VALID       (UL(1) << 0)
#define PTE_TABLE       (UL(3) << 0) /* next-level table (levels 0-2) */
#define PTE_BLOCK       (UL(1) << 0) /* 1 GiB (level 1) or 2 MiB (level 2) block */
#define PTE_PAGE        (UL(3) << 0) /* 4 KiB page (level 3) */
#define PTE_ATTR_IDX(n) ((n) << 2)
#define PTE_AP_RO       (UL(1) << 7) /* AP[2]: read-only */
#define PTE_AP_USER     (UL(1) << 6) /* AP[1]: EL0 accessible */
#define PTE_SH_INNER    (UL(3) << 8)
#define PTE_AF          (UL(1) << 10)
#define PTE_NG          (UL(1) << 11)
#define PTE_PXN         (UL(1) << 53)
#define PTE_UXN         (UL(1) << 54)
#define PTE_ADDR_MASK   UL(0x0000fffffffff000)

/* MAIR_EL1 slots: 0 = Device-nGnRE, 1 = Normal write-back, 2 = Normal non-cacheable. */
#define MAIR_DEVICE_IDX 0
#define MAIR_NORMAL_IDX 1
#define MAIR_NC_IDX     2
#define MAIR_VALUE      UL(0x44ff04)
#define PTE_ATTR_DEVICE PTE_ATTR_IDX(MAIR_DEVICE_IDX)
#define PTE_ATTR_NORMAL PTE_ATTR_IDX(MAIR_NORMAL_IDX)

/*
 * TCR_EL1: T0SZ = T1SZ = 16 (48-bit), inner/outer write-back write-allocate,
 * inner shareable, TG0 = 4 KiB, TG1 = 4 KiB (0b10). IPS is filled in at boot.
 */
#define TCR_T0SZ     UL(16)
#define TCR_T1SZ     (UL(16) << 16)
#define TCR_IRGN0_WB (UL(1) << 8)
#define TCR_ORGN0_WB (UL(1) << 10)
#define TCR_SH0_IS   (UL(3) << 12)
#define TCR_IRGN1_WB (UL(1) << 24)
#define TCR_ORGN1_WB (UL(1) << 26)
#define TCR_SH1_IS   (UL(3) << 28)
#define TCR_TG1_4K   (UL(2) << 30)
#define TCR_VALUE                                                                                  \
	(TCR_T0SZ | TCR_T1SZ | TCR_IRGN0_WB | TCR_ORGN0_WB | TCR_SH0_IS | TCR_IRGN1_WB |           \
	 TCR_ORGN1_WB | TCR_SH1_IS | TCR_TG1_4K)

/* SCTLR_EL1: MMU, alignment checks off, caches on, SP alignment check, WXN off; RES1 bits. */
#define SCTLR_M  (UL(1) << 0)
#define SCTLR_C  (UL(1) << 2)
#define SCTLR_SA (UL(1) << 3)
#define SCTLR_I  (UL(1) << 12)
#define SCTLR_RES1                                                                                 \
	((UL(1) << 11) | (UL(1) << 20) | (UL(1) << 22) | (UL(1) << 23) | (UL(1) << 28) |           \
	 (UL(1) << 29))
#define SCTLR_SA0   (UL(1) << 4) /* user SP alignment checks, as on Darwin */
#define SCTLR_VALUE (SCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_SA0 | SCTLR_I)

#endif
