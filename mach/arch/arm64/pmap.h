/*
 * The machine-dependent MMU layer.
 *
 * The kernel's address space (TTBR1) is built once at boot: physical memory
 * mapped linearly at KVA_OFFSET with the kernel image's text read-only and
 * executable, its read-only data read-only, everything else non-executable,
 * and the peripheral window as device memory.
 *
 * User address spaces (TTBR0) are pmaps: a four-level tree of 4 KiB-page
 * tables tagged with an ASID, so switching between them needs no TLB flush.
 * A pmap is a cache of the machine-independent map (vm/vm_map.h): anything it
 * lacks, vm_fault puts back, so it may drop mappings but never invent them.
 * It does not own the pages it maps; it owns its table pages and frees every
 * one of them in pmap_destroy.
 *
 * ASIDs: 16 bits when ID_AA64MMFR0_EL1.ASIDBits says so (TCR_EL1.AS is set
 * before the first user pmap exists), else 8. Each pmap holds one from
 * pmap_create to pmap_destroy, taken from a bitmap under a lock; ASID 0 is the
 * empty table that pmap_activate(NULL) loads. When they run out (65535, or
 * 255 on 8-bit hardware) pmap_create fails. pmap_destroy flushes its ASID
 * from every TLB before freeing it, so a reused ASID starts clean.
 *
 * Locking: each pmap's lock protects its table pages and counters. It is
 * taken after the map and object locks and before the page pool's. Every
 * function may be called with any VM lock held; none sleeps.
 */
#ifndef ARCH_ARM64_PMAP_H
#define ARCH_ARM64_PMAP_H

#include <stddef.h>
#include <stdint.h>

#include "kern/processor.h"

#include "arch/arm64/cpu.h"
#include "mach/kern_return.h"
#include "mach/vm_prot.h"
#include "vm/vm_param.h"

/* Returns the physical address of a page for a translation table, or panics. */
typedef paddr_t (*pmap_table_alloc_t)(void);

/* Starts a new kernel address space; tables come from `alloc`. */
void pmap_bootstrap_begin(pmap_table_alloc_t alloc);

/* Adds a RAM range [start, end) to the linear map (page aligned). */
void pmap_bootstrap_map_ram(paddr_t start, paddr_t end);

/* Switches the CPU to the new tables. */
void pmap_bootstrap_activate(void);

/* Translation-table pages the kernel map uses, for the boot report. */
unsigned pmap_bootstrap_table_pages(void);

struct pmap;

/* TTBR0 with T0SZ = 16 translates [0, 2^48): the user addresses a pmap can map. */
#define PMAP_USER_VA_LIMIT (1UL << 48)

/* An empty user address space, or NULL when memory or ASIDs are exhausted. */
struct pmap *pmap_create(void);

/* Frees the tables and the ASID. The pmap must not be active on any CPU. */
void pmap_destroy(struct pmap *pmap);

/*
 * Maps the 4 KiB page va (page aligned, below PMAP_USER_VA_LIMIT) to pa for
 * user access with prot, replacing any mapping of va. Arm has no write-only
 * or execute-only user pages here: write and execute imply read. User pages
 * are never executable by the kernel (PXN). Mapping a page executable first
 * makes the instruction cache coherent with its contents.
 * KERN_INVALID_ARGUMENT for a bad va, pa or prot (VM_PROT_NONE included);
 * KERN_RESOURCE_SHORTAGE when a table page cannot be allocated.
 */
kern_return_t pmap_enter(struct pmap *pmap, vaddr_t va, paddr_t pa, vm_prot_t prot);

/*
 * pmap_enter for a device's registers (MMIO): Device-nGnRE memory, so every
 * access reaches the device in order; never executable (KERN_INVALID_ARGUMENT
 * for VM_PROT_EXECUTE).
 */
kern_return_t pmap_enter_device(struct pmap *pmap, vaddr_t va, paddr_t pa, vm_prot_t prot);

/* Unmaps [start, end) and frees the table pages that leaves empty. */
void pmap_remove(struct pmap *pmap, vaddr_t start, vaddr_t end);

/*
 * Lowers the rights of the mappings in [start, end) to at most prot; never
 * adds a right (a later fault does that). VM_PROT_NONE unmaps.
 */
void pmap_protect(struct pmap *pmap, vaddr_t start, vaddr_t end, vm_prot_t prot);

/* The physical address va maps to, or 0 if it is not mapped. */
paddr_t pmap_extract(struct pmap *pmap, vaddr_t va);

/*
 * What the context switch reads of a pmap: the first member of every struct
 * pmap (pmap.c), set by pmap_create and fixed until pmap_destroy.
 */
struct pmap_switch {
	uint64_t ttbr0; /* the level-0 table's address and the ASID, as TTBR0_EL1 takes them */
};

/* TTBR0_EL1 for the empty table (ASID 0). */
extern uint64_t pmap_empty_ttbr0;

/*
 * Loads pmap (NULL: the empty table) as the user address space of
 * `processor`, the running CPU. Called
 * by the context switch, hence inline; no TLB flush is needed thanks to ASIDs.
 */
static inline void pmap_activate(struct processor *processor, struct pmap *pmap)
{
	processor->active_pmap = pmap;
	sysreg_write(ttbr0_el1,
	             pmap ? ((const struct pmap_switch *)pmap)->ttbr0 : pmap_empty_ttbr0);
	isb();
}

/* Makes the instruction cache coherent with len bytes of memory at pa. */
void pmap_sync_icache(paddr_t pa, size_t len);

/* Leaf mappings in the pmap; the most there have been in *max unless max is NULL. */
size_t pmap_resident_count(struct pmap *pmap, size_t *max);

/* Table pages held by all user pmaps together: exact, for leak checks. */
size_t pmap_user_table_pages(void);

/* ASID width in use: 16 or 8 (0 before the first pmap_create). */
unsigned pmap_asid_bits(void);

/* Zeroes the page of kernel memory at `page` (page_zero.S, which assumes 4 KiB pages). */
_Static_assert(PAGE_SIZE == 4096, "page_zero.S's page size");
void arch_page_zero(void *page);

#endif
