#include "vm/vm_phys.h"

#include "arch/arm64/vm_layout.h"
#include "kern/panic.h"
#include "kern/spinlock.h"
#include "vm/vm_page.h"

static struct vm_page_pool vm_phys_pool;
static spinlock_t vm_phys_lock = SPINLOCK_INIT; /* protects vm_phys_pool */

static void sort_ranges(struct vm_phys_range *r, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		struct vm_phys_range key = r[i];
		unsigned j = i;
		while (j > 0 && r[j - 1].start > key.start) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = key;
	}
}

static int overlaps(paddr_t start, paddr_t end, const struct vm_phys_range *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (start < r[i].end && r[i].start < end)
			return 1;
	return 0;
}

/* First page-aligned hole of `size` bytes inside RAM that avoids every reservation. */
static paddr_t find_hole(const struct vm_phys_range *ram, unsigned nram,
                         const struct vm_phys_range *reserved, unsigned nreserved, size_t size)
{
	for (unsigned i = 0; i < nram; i++) {
		paddr_t at = round_page(ram[i].start);
		while (at + size <= ram[i].end) {
			if (!overlaps(at, at + size, reserved, nreserved))
				return at;
			/* Skip past the first reservation that is in the way. */
			paddr_t next = at + PAGE_SIZE;
			for (unsigned j = 0; j < nreserved; j++)
				if (at < reserved[j].end && reserved[j].start < at + size &&
				    round_page(reserved[j].end) > next)
					next = round_page(reserved[j].end);
			at = next;
		}
	}
	return VM_PAGE_NONE;
}

void vm_phys_bootstrap(const struct vm_phys_range *ram, unsigned nram,
                       const struct vm_phys_range *reserved, unsigned nreserved)
{
	struct vm_phys_range holes[VM_PHYS_MAX_RESERVED + 2];
	unsigned nholes = 0;
	paddr_t lo = ~(paddr_t)0, hi = 0;

	if (nram == 0 || nreserved > VM_PHYS_MAX_RESERVED)
		panic("vm_phys: %u RAM ranges, %u reservations", nram, nreserved);
	for (unsigned i = 0; i < nreserved; i++)
		holes[nholes++] = reserved[i];
	holes[nholes].start = kva_to_phys(_kernel_start);
	holes[nholes++].end = kva_to_phys(_kernel_end);
	for (unsigned i = 0; i < nram; i++) {
		if (ram[i].start < lo)
			lo = ram[i].start;
		if (ram[i].end > hi)
			hi = ram[i].end;
	}
	lo = trunc_page(lo);
	hi = trunc_page(hi);

	size_t npages = (hi - lo) / PAGE_SIZE;
	size_t meta_size = round_page(npages * sizeof(struct vm_page));
	paddr_t meta = find_hole(ram, nram, holes, nholes, meta_size);
	if (meta == VM_PAGE_NONE)
		panic("vm_phys: no room for %zu bytes of page metadata", meta_size);
	holes[nholes].start = meta;
	holes[nholes++].end = meta + meta_size;
	if (vm_page_init(&vm_phys_pool, lo, npages, phys_to_kva(meta)) != VM_PAGE_OK)
		panic("vm_phys: cannot manage 0x%lx-0x%lx", lo, hi);

	/* Release each RAM range minus the (sorted) holes inside it. */
	sort_ranges(holes, nholes);
	for (unsigned i = 0; i < nram; i++) {
		paddr_t cursor = ram[i].start;
		for (unsigned j = 0; j < nholes && cursor < ram[i].end; j++) {
			if (holes[j].end <= cursor || holes[j].start >= ram[i].end)
				continue;
			if (holes[j].start > cursor)
				vm_page_release_range(&vm_phys_pool, cursor, holes[j].start);
			if (holes[j].end > cursor)
				cursor = holes[j].end;
		}
		if (cursor < ram[i].end)
			vm_page_release_range(&vm_phys_pool, cursor, ram[i].end);
	}
}

paddr_t vm_phys_alloc(unsigned order)
{
	uint64_t daif = spin_lock_irqsave(&vm_phys_lock);
	/* Single pages (most of them) go through the hot list. */
	paddr_t pa =
	    order == 0 ? vm_page_alloc_hot(&vm_phys_pool) : vm_page_alloc(&vm_phys_pool, order);
	spin_unlock_irqrestore(&vm_phys_lock, daif);
	return pa;
}

void vm_phys_free(paddr_t pa, unsigned order)
{
	uint64_t daif = spin_lock_irqsave(&vm_phys_lock);
	int err = order == 0 ? vm_page_free_hot(&vm_phys_pool, pa)
	                     : vm_page_free(&vm_phys_pool, pa, order);
	spin_unlock_irqrestore(&vm_phys_lock, daif);
	if (err != VM_PAGE_OK)
		panic("vm_phys: bad free of 0x%lx order %u (error %d)", pa, order, err);
}

size_t vm_phys_free_pages(void)
{
	return vm_page_free_count(&vm_phys_pool);
}

size_t vm_phys_managed_pages(void)
{
	return vm_page_managed_count(&vm_phys_pool);
}
