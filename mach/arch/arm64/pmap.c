#include "arch/arm64/pmap.h"

#include <stdbool.h>
#include <string.h>

#include "arch/arm64/cpu.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/vm_layout.h"
#include "kern/panic.h"
#include "kern/spinlock.h"
#include "vm/vm_kern.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"

#define L1_BLOCK (1UL << 30)
#define L2_BLOCK (1UL << 21)

#define ATTR_RW  (PTE_AF | PTE_SH_INNER | PTE_ATTR_NORMAL | PTE_PXN | PTE_UXN)
#define ATTR_RX  (PTE_AF | PTE_SH_INNER | PTE_ATTR_NORMAL | PTE_AP_RO | PTE_UXN)
#define ATTR_RO  (PTE_AF | PTE_SH_INNER | PTE_ATTR_NORMAL | PTE_AP_RO | PTE_PXN | PTE_UXN)
#define ATTR_DEV (PTE_AF | PTE_ATTR_DEVICE | PTE_PXN | PTE_UXN)

/* User table descriptors: nothing below may execute at EL1, whatever its leaf says. */
#define PTE_PXN_TABLE (1UL << 59)

/*
 * What a table descriptor can deny everything below it besides: EL0
 * execution (UXNTable) and writes (APTable[1]). A protect of whole 2 MiB
 * spans (a fork's) sets them in the level-2 descriptors, one store for 512
 * leaves; a leaf entered below with a right they deny first has them pushed
 * down into the leaves (pmap_push_down).
 */
#define PTE_UXN_TABLE   (1UL << 60)
#define PTE_AP_RO_TABLE (1UL << 62)
#define PTE_TABLE_DENY  (PTE_UXN_TABLE | PTE_AP_RO_TABLE)

/* Every user leaf: normal memory, EL0 access, tagged with the ASID, never executable at EL1. */
#define ATTR_USER                                                                                  \
	(PTE_PAGE | PTE_AF | PTE_SH_INNER | PTE_ATTR_NORMAL | PTE_NG | PTE_AP_USER | PTE_PXN)

#define TCR_AS            (1UL << 36) /* 16-bit ASIDs */
#define MMFR0_ASIDBITS(r) (((r) >> 4) & 0xf)
#define MMFR0_ASIDBITS_16 2
#define CTR_IMINLINE(r)   ((r)&0xf)
#define CTR_L1IP(r)       (((r) >> 14) & 3)
#define CTR_L1IP_PIPT     3
#define CTR_DMINLINE(r)   (((r) >> 16) & 0xf)
#define CTR_IDC           (1UL << 28)
#define CTR_DIC           (1UL << 29)

struct pmap {
	struct pmap_switch sw; /* first: pmap_activate reads it through the pointer */
	spinlock_t lock;       /* protects the tables and the counters */
	paddr_t l0_pa;         /* level-0 table: what TTBR0 points at */
	uint64_t *l0;          /* the same, through the linear map */
	uint16_t asid;         /* fixed from pmap_create to pmap_destroy */
	size_t table_pages;    /* table pages, l0 included */
	size_t resident;       /* valid leaf entries */
	size_t resident_max;   /* the most there have been */
};

static pmap_table_alloc_t table_alloc;
static uint64_t *kernel_l0;
static paddr_t kernel_l0_pa, user_l0_pa;
uint64_t pmap_empty_ttbr0; /* user_l0_pa with ASID 0 */
static unsigned table_pages;

static size_t user_table_pages; /* all user pmaps' tables; updated atomically */

static spinlock_t asid_lock = SPINLOCK_INIT; /* protects asid_bits, asid_map, asid_next */
static unsigned asid_bits;                   /* 8 or 16; 0 until the first pmap_create */
static uint64_t asid_map[(1u << 16) / 64];   /* bit n set: ASID n is taken (0 always is) */
static unsigned asid_next;                   /* where the search for a free ASID starts */

static paddr_t pmap_new_table(void)
{
	paddr_t pa = table_alloc();

	arch_page_zero(phys_to_kva(pa));
	table_pages++;
	return pa;
}

/* The table an entry points to, creating it if the entry is empty. */
static uint64_t *pmap_descend(uint64_t *entry)
{
	if (!(*entry & PTE_VALID))
		*entry = pmap_new_table() | PTE_TABLE;
	else if ((*entry & 3) != PTE_TABLE)
		panic("pmap: mapping overlaps an existing block");
	return phys_to_kva(*entry & PTE_ADDR_MASK);
}

/* Maps [pa, pa + size) at KVA_OFFSET + pa with the largest blocks alignment allows. */
static void pmap_map_linear(paddr_t pa, uint64_t size, uint64_t attrs)
{
	while (size > 0) {
		uint64_t va = KVA_OFFSET + pa;
		uint64_t *l1 = pmap_descend(&kernel_l0[(va >> 39) & 511]);
		uint64_t *e1 = &l1[(va >> 30) & 511];
		uint64_t step;

		if ((pa & (L1_BLOCK - 1)) == 0 && size >= L1_BLOCK) {
			*e1 = pa | attrs | PTE_BLOCK;
			step = L1_BLOCK;
		} else {
			uint64_t *l2 = pmap_descend(e1);
			uint64_t *e2 = &l2[(va >> 21) & 511];
			if ((pa & (L2_BLOCK - 1)) == 0 && size >= L2_BLOCK) {
				*e2 = pa | attrs | PTE_BLOCK;
				step = L2_BLOCK;
			} else {
				uint64_t *l3 = pmap_descend(e2);
				l3[(va >> 12) & 511] = pa | attrs | PTE_PAGE;
				step = PAGE_SIZE;
			}
		}
		pa += step;
		size -= step;
	}
}

void pmap_bootstrap_begin(pmap_table_alloc_t alloc)
{
	table_alloc = alloc;
	kernel_l0_pa = pmap_new_table();
	kernel_l0 = phys_to_kva(kernel_l0_pa);
	user_l0_pa = pmap_new_table();
	pmap_empty_ttbr0 = user_l0_pa;
	pmap_map_linear(0, PERIPH_LIMIT_PA, ATTR_DEV);
}

/* Maps the part of [start, end) that lies inside [lo, hi). */
static void pmap_map_clipped(paddr_t start, paddr_t end, paddr_t lo, paddr_t hi, uint64_t attrs)
{
	if (start < lo)
		start = lo;
	if (end > hi)
		end = hi;
	if (start < end)
		pmap_map_linear(start, end - start, attrs);
}

void pmap_bootstrap_map_ram(paddr_t start, paddr_t end)
{
	paddr_t text = kva_to_phys(_kernel_start), etext = kva_to_phys(_etext);
	paddr_t erodata = kva_to_phys(_erodata);

	if (start < PERIPH_LIMIT_PA || (start & PAGE_MASK) || (end & PAGE_MASK))
		panic("pmap: RAM range 0x%lx-0x%lx is not usable", start, end);
	pmap_map_clipped(start, end, 0, text, ATTR_RW);
	pmap_map_clipped(start, end, text, etext, ATTR_RX);
	pmap_map_clipped(start, end, etext, erodata, ATTR_RO);
	pmap_map_clipped(start, end, erodata, ~(paddr_t)0, ATTR_RW);
}

void pmap_bootstrap_activate(void)
{
	dsb_ish();
	sysreg_write(ttbr1_el1, kernel_l0_pa);
	sysreg_write(ttbr0_el1, user_l0_pa);
	isb();
	__asm__ volatile("tlbi vmalle1\n\tdsb ish\n\tisb" ::: "memory");
}

unsigned pmap_bootstrap_table_pages(void)
{
	return table_pages;
}

/* User address spaces. */

static inline void dsb_ishst(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}

/* Queues the invalidation of va's translations (all levels) in pmap's ASID. */
static void pmap_tlb_flush_page(const struct pmap *pmap, vaddr_t va)
{
	uint64_t arg = ((va >> PAGE_SHIFT) & ((1UL << 44) - 1)) | (uint64_t)pmap->asid << 48;

	dsb_ishst();
	__asm__ volatile("tlbi vae1is, %0" ::"r"(arg) : "memory");
}

/* Waits until every queued invalidation is done on all CPUs. */
static void pmap_tlb_sync(void)
{
	dsb_ish();
	isb();
}

static void pmap_tlb_flush_asid(uint16_t asid)
{
	dsb_ishst();
	__asm__ volatile("tlbi aside1is, %0" ::"r"((uint64_t)asid << 48) : "memory");
	pmap_tlb_sync();
}

/* Called once, before any user pmap exists, so no TLB entry depends on the ASID width. */
static void pmap_asid_init(void)
{
	if (MMFR0_ASIDBITS(sysreg_read(id_aa64mmfr0_el1)) == MMFR0_ASIDBITS_16) {
		sysreg_write(tcr_el1, sysreg_read(tcr_el1) | TCR_AS);
		isb();
		__asm__ volatile("tlbi vmalle1is" ::: "memory");
		pmap_tlb_sync();
		asid_bits = 16;
	} else {
		asid_bits = 8;
	}
	asid_map[0] = 1;
	asid_next = 1;
}

static bool pmap_asid_alloc(uint16_t *asid)
{
	uint64_t daif = spin_lock_irqsave(&asid_lock);
	bool found = false;

	if (asid_bits == 0)
		pmap_asid_init();
	unsigned count = 1u << asid_bits;
	/* Round-robin, so a just-freed ASID is the last to be reused. */
	for (unsigned i = 0; i < count && !found; i++) {
		unsigned n = (asid_next + i) % count;
		if (!(asid_map[n / 64] & (1UL << (n % 64)))) {
			asid_map[n / 64] |= 1UL << (n % 64);
			asid_next = (n + 1) % count;
			*asid = (uint16_t)n;
			found = true;
		}
	}
	spin_unlock_irqrestore(&asid_lock, daif);
	return found;
}

static void pmap_asid_free(uint16_t asid)
{
	uint64_t daif = spin_lock_irqsave(&asid_lock);

	asid_map[asid / 64] &= ~(1UL << (asid % 64));
	spin_unlock_irqrestore(&asid_lock, daif);
}

/* A zeroed table page for pmap, or VM_PAGE_NONE. */
static paddr_t pmap_table_alloc(struct pmap *pmap)
{
	paddr_t pa = vm_phys_alloc(0);

	if (pa == VM_PAGE_NONE)
		return VM_PAGE_NONE;
	arch_page_zero(phys_to_kva(pa));
	pmap->table_pages++;
	__atomic_add_fetch(&user_table_pages, 1, __ATOMIC_RELAXED);
	return pa;
}

static void pmap_table_free(struct pmap *pmap, paddr_t pa)
{
	vm_phys_free(pa, 0);
	pmap->table_pages--;
	__atomic_sub_fetch(&user_table_pages, 1, __ATOMIC_RELAXED);
}

static unsigned pmap_index(vaddr_t va, unsigned level)
{
	return (va >> (39 - 9 * level)) & 511;
}

/* The end of the level-`level` entry's span that contains va, capped at end. */
static vaddr_t pmap_span_end(vaddr_t va, unsigned level, vaddr_t end)
{
	vaddr_t next = (va | ((1UL << (39 - 9 * level)) - 1)) + 1;

	return next < end ? next : end;
}

static uint64_t *pmap_table_at(uint64_t desc)
{
	return phys_to_kva(desc & PTE_ADDR_MASK);
}

/* The leaf entry for va, or NULL if a table on the way is missing. Pmap locked. */
static uint64_t *pmap_leaf(struct pmap *pmap, vaddr_t va)
{
	uint64_t *table = pmap->l0;

	for (unsigned level = 0; level < 3; level++) {
		uint64_t desc = table[pmap_index(va, level)];
		if (!(desc & PTE_VALID))
			return NULL;
		table = pmap_table_at(desc);
	}
	return &table[pmap_index(va, 3)];
}

/*
 * pmap_leaf, creating missing tables, with the level-2 descriptor above it
 * in *l2; NULL when a table page cannot be had. Pmap locked.
 */
static uint64_t *pmap_leaf_alloc(struct pmap *pmap, vaddr_t va, uint64_t **l2)
{
	uint64_t *table = pmap->l0;

	for (unsigned level = 0; level < 3; level++) {
		uint64_t *desc = &table[pmap_index(va, level)];
		if (!(*desc & PTE_VALID)) {
			paddr_t pa = pmap_table_alloc(pmap);
			if (pa == VM_PAGE_NONE)
				return NULL;
			/* The walker must see the zeroed table before the descriptor to it. */
			dsb_ishst();
			*desc = pa | PTE_PXN_TABLE | PTE_TABLE;
		}
		*l2 = desc;
		table = pmap_table_at(*desc);
	}
	return &table[pmap_index(va, 3)];
}

/* The leaf bits that a table descriptor's denial (PTE_TABLE_DENY) stands for. */
static uint64_t table_deny_as_leaf(uint64_t desc)
{
	return ((desc & PTE_AP_RO_TABLE) ? PTE_AP_RO : 0) | ((desc & PTE_UXN_TABLE) ? PTE_UXN : 0);
}

/*
 * Moves the denial of level-2 descriptor `l2` into each valid leaf of its
 * table. What any page allows stays the same, so no TLB entry goes stale: a
 * walk cached with the old descriptor only denies what the leaves now do.
 * Pmap locked.
 */
static void pmap_push_down(uint64_t *l2)
{
	uint64_t *table = pmap_table_at(*l2), bits = table_deny_as_leaf(*l2);

	for (unsigned i = 0; i < 512; i++)
		if (table[i] & PTE_VALID)
			table[i] |= bits;
	dsb_ishst();
	*l2 &= ~PTE_TABLE_DENY;
}

static bool pmap_table_empty(const uint64_t *table)
{
	for (unsigned i = 0; i < 512; i++)
		if (table[i] & PTE_VALID)
			return false;
	return true;
}

struct pmap *pmap_create(void)
{
	struct pmap *pmap = kalloc_zeroed(sizeof(*pmap));

	if (!pmap)
		return NULL;
	pmap->lock = (spinlock_t)SPINLOCK_INIT;
	pmap->l0_pa = pmap_table_alloc(pmap);
	if (pmap->l0_pa == VM_PAGE_NONE)
		goto bad;
	pmap->l0 = phys_to_kva(pmap->l0_pa);
	if (!pmap_asid_alloc(&pmap->asid)) {
		pmap_table_free(pmap, pmap->l0_pa);
		goto bad;
	}
	pmap->sw.ttbr0 = pmap->l0_pa | (uint64_t)pmap->asid << 48;
	return pmap;
bad:
	kfree(pmap);
	return NULL;
}

/* Frees every table below `table` (at level), leaving table itself. */
static void pmap_free_subtables(struct pmap *pmap, uint64_t *table, unsigned level)
{
	if (level == 3)
		return;
	for (unsigned i = 0; i < 512; i++) {
		if (!(table[i] & PTE_VALID))
			continue;
		pmap_free_subtables(pmap, pmap_table_at(table[i]), level + 1);
		pmap_table_free(pmap, table[i] & PTE_ADDR_MASK);
	}
}

void pmap_destroy(struct pmap *pmap)
{
	for (unsigned i = 0; i < MAX_PROCESSORS; i++)
		if (pmap == processors[i].active_pmap)
			panic("pmap_destroy: pmap %p is still active on CPU %u", pmap, i);
	/* No walk may still hold a table when it is freed. */
	pmap_tlb_flush_asid(pmap->asid);
	pmap_free_subtables(pmap, pmap->l0, 0);
	pmap_table_free(pmap, pmap->l0_pa);
	if (pmap->table_pages != 0)
		panic("pmap_destroy: %zu table pages unaccounted for", pmap->table_pages);
	pmap_asid_free(pmap->asid);
	kfree(pmap);
}

static uint64_t pmap_prot_bits(vm_prot_t prot)
{
	uint64_t bits = ATTR_USER;

	if (!(prot & VM_PROT_WRITE))
		bits |= PTE_AP_RO;
	if (!(prot & VM_PROT_EXECUTE))
		bits |= PTE_UXN;
	return bits;
}

/* Installs the leaf `new` (address and attributes) for va. */
static kern_return_t pmap_enter_leaf(struct pmap *pmap, vaddr_t va, paddr_t pa, uint64_t new)
{
	uint64_t daif = spin_lock_irqsave(&pmap->lock);
	uint64_t *l2;
	uint64_t *leaf = pmap_leaf_alloc(pmap, va, &l2);
	if (!leaf) {
		spin_unlock_irqrestore(&pmap->lock, daif);
		return KERN_RESOURCE_SHORTAGE;
	}
	/* A right the table above denies: the denial goes into the leaves first. */
	if (__builtin_expect((*l2 & PTE_TABLE_DENY) != 0, 0) && (table_deny_as_leaf(*l2) & ~new))
		pmap_push_down(l2);
	uint64_t old = *leaf;
	bool was_valid = old & PTE_VALID;

	if (!(new &PTE_UXN) && !(was_valid && !(old & PTE_UXN) && (old & PTE_ADDR_MASK) == pa))
		pmap_sync_icache(pa, PAGE_SIZE);
	if (old != new) {
		/* Break before make: the old translation is gone from every TLB first. */
		if (was_valid) {
			*leaf = 0;
			pmap_tlb_flush_page(pmap, va);
			pmap_tlb_sync();
		} else {
			if (++pmap->resident > pmap->resident_max)
				pmap->resident_max = pmap->resident;
		}
		*leaf = new;
		dsb_ishst();
		isb();
	}
	spin_unlock_irqrestore(&pmap->lock, daif);
	return KERN_SUCCESS;
}

static bool pmap_enter_args_ok(vaddr_t va, paddr_t pa, vm_prot_t prot)
{
	return !(va & PAGE_MASK) && va < PMAP_USER_VA_LIMIT && !(pa & PAGE_MASK) &&
	       !(pa & ~PTE_ADDR_MASK) && !(prot & ~VM_PROT_ALL) && prot != VM_PROT_NONE;
}

kern_return_t pmap_enter(struct pmap *pmap, vaddr_t va, paddr_t pa, vm_prot_t prot)
{
	if (!pmap_enter_args_ok(va, pa, prot))
		return KERN_INVALID_ARGUMENT;
	return pmap_enter_leaf(pmap, va, pa, pa | pmap_prot_bits(prot));
}

kern_return_t pmap_enter_device(struct pmap *pmap, vaddr_t va, paddr_t pa, vm_prot_t prot)
{
	if (!pmap_enter_args_ok(va, pa, prot) || (prot & VM_PROT_EXECUTE))
		return KERN_INVALID_ARGUMENT;
	/* Device-nGnRE in place of normal memory; never executable at any level. */
	uint64_t bits =
	    (pmap_prot_bits(prot) & ~(PTE_ATTR_NORMAL | PTE_SH_INNER)) | PTE_ATTR_DEVICE | PTE_UXN;
	return pmap_enter_leaf(pmap, va, pa, pa | bits);
}

/*
 * A range of more pages than this, removed or protected, has its ASID's TLB
 * entries flushed at once rather than page by page.
 */
#define PMAP_FLUSH_PAGES 64

/*
 * Clears the leaves [desc, last), which map from va on, flushing each one's
 * TLB entry if `flush_each`; specialized for both values, as protect_leaves.
 */
static inline __attribute__((always_inline)) bool
clear_leaves(struct pmap *pmap, uint64_t *desc, uint64_t *last, vaddr_t va, bool flush_each)
{
	size_t cleared = 0;

	for (; desc < last; desc++, va += PAGE_SIZE) {
		if (!(*desc & PTE_VALID))
			continue;
		*desc = 0;
		cleared++;
		if (flush_each)
			pmap_tlb_flush_page(pmap, va);
	}
	pmap->resident -= cleared;
	return cleared != 0;
}

/*
 * Clears the leaves in [va, end) under table (at level) and frees the tables
 * this empties; leaves' TLB entries are flushed one by one if `flush_each`,
 * freed tables' always. Returns whether table itself became empty.
 */
static bool pmap_remove_range(struct pmap *pmap, uint64_t *table, unsigned level, vaddr_t va,
                              vaddr_t end, bool flush_each)
{
	bool cleared = false;

	if (level == 3) {
		uint64_t *first = &table[pmap_index(va, 3)];
		uint64_t *last = first + ((end - va) >> PAGE_SHIFT);
		cleared = flush_each ? clear_leaves(pmap, first, last, va, true)
		                     : clear_leaves(pmap, first, last, va, false);
		return cleared && pmap_table_empty(table);
	}
	for (vaddr_t next; va < end; va = next) {
		uint64_t *desc = &table[pmap_index(va, level)];
		next = pmap_span_end(va, level, end);
		if (!(*desc & PTE_VALID))
			continue;
		if (pmap_remove_range(pmap, pmap_table_at(*desc), level + 1, va, next,
		                      flush_each)) {
			paddr_t sub = *desc & PTE_ADDR_MASK;
			*desc = 0;
			/* Walk caches may hold the descriptor: flush them before reusing the page.
			 */
			pmap_tlb_flush_page(pmap, va);
			pmap_tlb_sync();
			pmap_table_free(pmap, sub);
			cleared = true;
		}
	}
	return cleared && pmap_table_empty(table);
}

/* Clamps [*start, *end) to whole pages of the user range; false if nothing is left. */
static bool pmap_user_range(vaddr_t *start, vaddr_t *end)
{
	if (*end > PMAP_USER_VA_LIMIT)
		*end = PMAP_USER_VA_LIMIT;
	*start = trunc_page(*start);
	*end = round_page(*end);
	return *start < *end;
}

void pmap_remove(struct pmap *pmap, vaddr_t start, vaddr_t end)
{
	if (!pmap_user_range(&start, &end))
		return;
	bool flush_each = (end - start) >> PAGE_SHIFT <= PMAP_FLUSH_PAGES;
	uint64_t daif = spin_lock_irqsave(&pmap->lock);
	pmap_remove_range(pmap, pmap->l0, 0, start, end, flush_each);
	if (!flush_each)
		pmap_tlb_flush_asid(pmap->asid);
	pmap_tlb_sync();
	spin_unlock_irqrestore(&pmap->lock, daif);
}

/*
 * Sets `deny` in the leaves [desc, last), which map from va on, flushing the
 * TLB entry of each one changed if `flush_each`. Apart from the walk: a fork
 * protects thousands, so the loop is specialized for both values.
 */
static inline __attribute__((always_inline)) void protect_leaves(struct pmap *pmap, uint64_t *desc,
                                                                 uint64_t *last, vaddr_t va,
                                                                 uint64_t deny, bool flush_each)
{
	for (; desc < last; desc++, va += PAGE_SIZE) {
		uint64_t d = *desc;
		if (!(d & PTE_VALID) || (d | deny) == d)
			continue;
		/* Only permissions change, so no break-before-make is needed. */
		*desc = d | deny;
		if (flush_each)
			pmap_tlb_flush_page(pmap, va);
	}
}

/* Sets `deny` (AP_RO and/or UXN) in the leaves in [va, end) under table (at level). */
static void pmap_protect_range(struct pmap *pmap, uint64_t *table, unsigned level, vaddr_t va,
                               vaddr_t end, uint64_t deny, bool flush_each)
{
	if (level == 3) {
		uint64_t *first = &table[pmap_index(va, 3)];
		uint64_t *last = first + ((end - va) >> PAGE_SHIFT);
		if (flush_each)
			protect_leaves(pmap, first, last, va, deny, true);
		else
			protect_leaves(pmap, first, last, va, deny, false);
		return;
	}
	for (vaddr_t next; va < end; va = next) {
		uint64_t *desc = &table[pmap_index(va, level)];
		next = pmap_span_end(va, level, end);
		if (!(*desc & PTE_VALID))
			continue;
		if (level == 2 && next - va == L2_BLOCK) {
			/* A whole table's span (so not flush_each): its descriptor denies for all.
			 */
			*desc |= ((deny & PTE_AP_RO) ? PTE_AP_RO_TABLE : 0) |
			         ((deny & PTE_UXN) ? PTE_UXN_TABLE : 0);
			continue;
		}
		pmap_protect_range(pmap, pmap_table_at(*desc), level + 1, va, next, deny,
		                   flush_each);
	}
}

void pmap_protect(struct pmap *pmap, vaddr_t start, vaddr_t end, vm_prot_t prot)
{
	if (!(prot & VM_PROT_ALL)) {
		pmap_remove(pmap, start, end);
		return;
	}
	if (!pmap_user_range(&start, &end))
		return;
	uint64_t deny = pmap_prot_bits(prot) & (PTE_AP_RO | PTE_UXN);
	bool flush_each = (end - start) >> PAGE_SHIFT <= PMAP_FLUSH_PAGES;
	uint64_t daif = spin_lock_irqsave(&pmap->lock);
	pmap_protect_range(pmap, pmap->l0, 0, start, end, deny, flush_each);
	if (!flush_each)
		pmap_tlb_flush_asid(pmap->asid);
	pmap_tlb_sync();
	spin_unlock_irqrestore(&pmap->lock, daif);
}

paddr_t pmap_extract(struct pmap *pmap, vaddr_t va)
{
	paddr_t pa = 0;

	if (va >= PMAP_USER_VA_LIMIT)
		return 0;
	uint64_t daif = spin_lock_irqsave(&pmap->lock);
	uint64_t *leaf = pmap_leaf(pmap, va);
	if (leaf && (*leaf & PTE_VALID))
		pa = (*leaf & PTE_ADDR_MASK) | (va & PAGE_MASK);
	spin_unlock_irqrestore(&pmap->lock, daif);
	return pa;
}

void pmap_sync_icache(paddr_t pa, size_t len)
{
	uint64_t ctr = sysreg_read(ctr_el0);
	uintptr_t start = (uintptr_t)phys_to_kva(pa), end = start + len;

	if (!(ctr & CTR_IDC)) {
		uintptr_t line = 4UL << CTR_DMINLINE(ctr);
		for (uintptr_t a = start & ~(line - 1); a < end; a += line)
			__asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
	}
	dsb_ish();
	if (!(ctr & CTR_DIC)) {
		/* By address only when the cache is PIPT: otherwise user aliases may hold stale
		 * lines. */
		if (CTR_L1IP(ctr) == CTR_L1IP_PIPT) {
			uintptr_t line = 4UL << CTR_IMINLINE(ctr);
			for (uintptr_t a = start & ~(line - 1); a < end; a += line)
				__asm__ volatile("ic ivau, %0" ::"r"(a) : "memory");
		} else {
			__asm__ volatile("ic ialluis" ::: "memory");
		}
		dsb_ish();
	}
	isb();
}

size_t pmap_resident_count(struct pmap *pmap, size_t *max)
{
	uint64_t daif = spin_lock_irqsave(&pmap->lock);
	size_t n = pmap->resident;

	if (max)
		*max = pmap->resident_max;
	spin_unlock_irqrestore(&pmap->lock, daif);
	return n;
}

size_t pmap_user_table_pages(void)
{
	return __atomic_load_n(&user_table_pages, __ATOMIC_RELAXED);
}

unsigned pmap_asid_bits(void)
{
	uint64_t daif = spin_lock_irqsave(&asid_lock);
	unsigned bits = asid_bits;

	spin_unlock_irqrestore(&asid_lock, daif);
	return bits;
}
