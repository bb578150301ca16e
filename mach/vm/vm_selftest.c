/*
 * The scenario runs twice: the first round warms the kernel heap, which keeps
 * an empty slab per size class, so after the second the free page count must
 * equal the one after the first exactly. The VM's own counters (objects,
 * object pages, user table pages) must be back to their starting values after
 * each round.
 */
#include "vm/vm_selftest.h"

#include <stdbool.h>
#include <string.h>

#include "arch/arm64/cpu.h"
#include "arch/arm64/pmap.h"
#include "arch/arm64/vm_layout.h"
#include "kern/kprintf.h"
#include "kern/panic.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			panic("vm_selftest: line %d: %s", __LINE__, #cond);                        \
	} while (0)

#define CHECK_KR(expr, want)                                                                       \
	do {                                                                                       \
		kern_return_t kr_ = (expr);                                                        \
		if (kr_ != (want))                                                                 \
			panic("vm_selftest: line %d: %s returned %d, not %d", __LINE__, #expr,     \
			      kr_, want);                                                          \
	} while (0)

#define PG        PAGE_SIZE
#define RW        VM_PROT_DEFAULT
#define R         VM_PROT_READ
#define RX        (VM_PROT_READ | VM_PROT_EXECUTE)
#define FIXED     0x10000000UL
#define FAR_SLOT  (1UL << 39) /* one level-0 entry: a region there needs all-new tables */
#define HOARD_MAX 8

static uint8_t pattern[2 * PAGE_SIZE], readback[2 * PAGE_SIZE];

/* What the MMU says EL0 may do at va under the loaded TTBR0 (AT S1E0R / S1E0W). */
static bool user_can(vaddr_t va, bool write)
{
	uint64_t daif = irq_save();
	uint64_t par;

	if (write)
		__asm__ volatile("at s1e0w, %0" ::"r"(va) : "memory");
	else
		__asm__ volatile("at s1e0r, %0" ::"r"(va) : "memory");
	isb();
	par = sysreg_read(par_el1);
	irq_restore(daif);
	return !(par & 1);
}

static uint8_t user_read8(vaddr_t va)
{
	return *(volatile uint8_t *)va;
}

/* Bytes that differ from their neighbours and from the next page's, so a misplaced copy shows. */
static void fill_pattern(void)
{
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(1 + i * 7 + (i >> 9));
}

/* Maps, faults, copies and the page tables as the MMU sees them; returns faults taken. */
static unsigned check_basics(struct vm_map *map, vaddr_t *a_out)
{
	struct pmap *pmap = vm_map_pmap(map);
	size_t resident0 = vm_object_resident_total();
	vaddr_t a = 0, b = FIXED, x;
	unsigned faults = 0;

	/* Placement and its errors, as XNU answers them. */
	CHECK_KR(vm_map_enter_anon(map, &a, 16 * PG - 100, true, RW, VM_PROT_ALL), KERN_SUCCESS);
	CHECK(a == VM_MAP_MIN_ADDRESS);
	CHECK_KR(vm_map_enter_anon(map, &b, 4 * PG, false, RW, RW), KERN_SUCCESS);
	CHECK(b == FIXED);
	x = FIXED + PG;
	CHECK_KR(vm_map_enter_anon(map, &x, PG, false, RW, RW), KERN_NO_SPACE);
	x = 0;
	CHECK_KR(vm_map_enter_anon(map, &x, PG, false, RW, RW), KERN_INVALID_ADDRESS);
	x = VM_MAP_MAX_ADDRESS - PG;
	CHECK_KR(vm_map_enter_anon(map, &x, 2 * PG, false, RW, RW), KERN_NO_SPACE);
	CHECK_KR(vm_map_enter_anon(map, &x, PG, true, VM_PROT_ALL, R), KERN_INVALID_ARGUMENT);
	CHECK_KR(vm_map_enter_anon(map, &x, 0, true, RW, RW), KERN_INVALID_ARGUMENT);
	CHECK_KR(vm_map_enter_anon(map, &x, ~0UL, true, RW, RW), KERN_INVALID_ARGUMENT);
	x = 0;
	CHECK_KR(vm_map_enter_anon(map, &x, PG, true, RW, RW), KERN_SUCCESS);
	CHECK(x == a + 16 * PG);
	CHECK_KR(vm_map_remove(map, x, x + PG), KERN_SUCCESS);
	CHECK(map->size == 20 * PG && map->entries.nentries == 2);

	/* Faults: errors first, then every page of a, written. */
	CHECK_KR(vm_fault(map, FIXED - 1, VM_PROT_READ), KERN_INVALID_ADDRESS);
	CHECK_KR(vm_fault(map, a, VM_PROT_EXECUTE), KERN_PROTECTION_FAILURE);
	CHECK_KR(vm_fault(map, a, VM_PROT_NONE), KERN_INVALID_ARGUMENT);
	for (unsigned i = 0; i < 16; i++, faults++) {
		CHECK_KR(vm_fault(map, a + i * PG + 123, VM_PROT_WRITE), KERN_SUCCESS);
		CHECK(pmap_extract(pmap, a + i * PG + 5) == (pmap_extract(pmap, a + i * PG) | 5));
	}
	CHECK(pmap_extract(pmap, a) != 0 && pmap_extract(pmap, b) == 0);
	CHECK(vm_object_resident_total() == resident0 + 16 &&
	      pmap_resident_count(pmap, NULL) == 16);

	/* copyout/copyin across page boundaries; untouched memory reads as zeros without pages. */
	fill_pattern();
	CHECK_KR(vm_map_copyout_bytes(map, a + PG / 2, pattern, 2 * PG, false), KERN_SUCCESS);
	CHECK_KR(vm_map_copyin_bytes(map, a + PG / 2, readback, 2 * PG, false), KERN_SUCCESS);
	CHECK(memcmp(pattern, readback, 2 * PG) == 0);
	memset(readback, 0xff, PG);
	CHECK_KR(vm_map_copyin_bytes(map, b + 8, readback, PG, false), KERN_SUCCESS);
	for (size_t i = 0; i < PG; i++)
		CHECK(readback[i] == 0);
	CHECK(vm_object_resident_total() == resident0 + 16);
	CHECK_KR(vm_map_copyout_bytes(map, b + 4 * PG - 8, pattern, 16, false),
	         KERN_INVALID_ADDRESS);
	CHECK(vm_object_resident_total() == resident0 + 16); /* checked first: nothing written */
	CHECK_KR(vm_map_copyout_bytes(map, ~0UL - 4, pattern, 16, false), KERN_INVALID_ADDRESS);

	/* The tables themselves: the kernel reads and writes the user addresses (PAN is off). */
	pmap_activate(current_processor(), pmap);
	for (size_t i = 0; i < 2 * PG; i++)
		CHECK(user_read8(a + PG / 2 + i) == pattern[i]);
	*(volatile uint32_t *)(a + 5 * PG) = 0xfeedface;
	CHECK_KR(vm_map_copyin_bytes(map, a + 5 * PG, readback, 4, false), KERN_SUCCESS);
	CHECK(*(uint32_t *)readback == 0xfeedface);
	CHECK(user_can(a, false) && user_can(a, true) && user_can(a + 15 * PG, true));
	CHECK(!user_can(b, false) && !user_can(a + 16 * PG, false) && !user_can(0, false));

	*a_out = a;
	return faults;
}

/* Rights: current and maximum, the checks before any change, and what the MMU then allows. */
static unsigned check_protect(struct vm_map *map, vaddr_t a)
{
	unsigned faults = 0;

	CHECK_KR(vm_map_protect(map, a, a + 4 * PG, false, R), KERN_SUCCESS);
	CHECK(map->entries.nentries == 3);
	CHECK(user_can(a, false) && !user_can(a, true) && !user_can(a + 3 * PG, true));
	CHECK(user_can(a + 4 * PG, true));
	CHECK_KR(vm_fault(map, a, VM_PROT_WRITE), KERN_PROTECTION_FAILURE);
	CHECK_KR(vm_map_copyout_bytes(map, a, pattern, 8, false), KERN_PROTECTION_FAILURE);
	CHECK_KR(vm_map_copyout_bytes(map, a, "loader", 6, true), KERN_SUCCESS);
	CHECK(user_read8(a) == 'l' && user_read8(a + 5) == 'r');

	CHECK_KR(vm_map_protect(map, FIXED, FIXED + PG, false, VM_PROT_ALL),
	         KERN_PROTECTION_FAILURE);
	CHECK_KR(vm_map_protect(map, a, a + 17 * PG, false, R), KERN_INVALID_ADDRESS);
	CHECK_KR(vm_map_protect(map, a, a + PG, false, 8), KERN_INVALID_ARGUMENT);
	CHECK(map->entries.nentries == 3);

	CHECK_KR(vm_map_protect(map, a, a + 4 * PG, true, R), KERN_SUCCESS);
	CHECK_KR(vm_map_protect(map, a, a + 4 * PG, false, RW), KERN_PROTECTION_FAILURE);

	/* Adding a right leaves the tables alone; the next fault brings it in. */
	CHECK_KR(vm_map_protect(map, a + 8 * PG, a + 9 * PG, false, RX), KERN_SUCCESS);
	CHECK(!user_can(a + 8 * PG, true) && user_can(a + 8 * PG, false));
	CHECK_KR(vm_fault(map, a + 8 * PG, VM_PROT_WRITE), KERN_PROTECTION_FAILURE);
	CHECK_KR(vm_fault(map, a + 8 * PG, VM_PROT_EXECUTE), KERN_SUCCESS);
	faults++;
	CHECK_KR(vm_map_protect(map, a + 9 * PG, a + 10 * PG, false, R), KERN_SUCCESS);
	CHECK(!user_can(a + 9 * PG, true));
	CHECK_KR(vm_map_protect(map, a + 9 * PG, a + 10 * PG, false, RW), KERN_SUCCESS);
	CHECK(!user_can(a + 9 * PG, true));
	CHECK_KR(vm_fault(map, a + 9 * PG, VM_PROT_WRITE), KERN_SUCCESS);
	faults++;
	CHECK(user_can(a + 9 * PG, true));
	CHECK_KR(vm_map_inherit(map, a + 12 * PG, a + 13 * PG, VM_INHERIT_NONE), KERN_SUCCESS);
	CHECK_KR(vm_map_inherit(map, a, a + PG, 7), KERN_INVALID_ARGUMENT);
	return faults;
}

/* vm_region walks the entries in order, each with its own rights, offset and inheritance. */
static void check_regions(struct vm_map *map, vaddr_t a)
{
	static const struct {
		uint64_t start, pages; /* start in pages from a */
		vm_prot_t prot, max;
		vm_inherit_t inherit;
	} want[] = {
	    {0, 4, R, R, VM_INHERIT_COPY},
	    {4, 4, RW, VM_PROT_ALL, VM_INHERIT_COPY},
	    {8, 1, RX, VM_PROT_ALL, VM_INHERIT_COPY},
	    {9, 1, RW, VM_PROT_ALL, VM_INHERIT_COPY},
	    {10, 2, RW, VM_PROT_ALL, VM_INHERIT_COPY},
	    {12, 1, RW, VM_PROT_ALL, VM_INHERIT_NONE},
	    {13, 3, RW, VM_PROT_ALL, VM_INHERIT_COPY},
	};
	struct vm_map_region_info info;
	vaddr_t addr = 0;
	uint64_t size;

	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		CHECK_KR(vm_map_region(map, &addr, &size, &info), KERN_SUCCESS);
		CHECK(addr == a + want[i].start * PG && size == want[i].pages * PG);
		CHECK(info.protection == want[i].prot && info.max_protection == want[i].max);
		CHECK(info.inheritance == want[i].inherit && info.offset == want[i].start * PG);
		addr += size / 2;
		CHECK_KR(vm_map_region(map, &addr, &size, &info), KERN_SUCCESS);
		CHECK(addr == a + want[i].start * PG);
		addr += size;
	}
	CHECK_KR(vm_map_region(map, &addr, &size, &info), KERN_SUCCESS);
	CHECK(addr == FIXED && size == 4 * PG && info.offset == 0);
	addr += size;
	CHECK_KR(vm_map_region(map, &addr, &size, &info), KERN_INVALID_ADDRESS);
}

/* Removal splits entries, frees exactly the pages under it and leaves the tables clean. */
static unsigned check_remove(struct vm_map *map, vaddr_t a)
{
	struct pmap *pmap = vm_map_pmap(map);
	size_t resident = vm_object_resident_total();
	unsigned faults = 0;

	CHECK_KR(vm_map_remove(map, a + 2 * PG, a + 3 * PG - 1), KERN_SUCCESS);
	CHECK(vm_object_resident_total() == resident - 1);
	CHECK(pmap_extract(pmap, a + 2 * PG) == 0 && pmap_extract(pmap, a + PG) != 0);
	CHECK(!user_can(a + 2 * PG, false) && user_can(a + 3 * PG, false));
	CHECK_KR(vm_fault(map, a + 2 * PG, VM_PROT_READ), KERN_INVALID_ADDRESS);
	CHECK(user_read8(a) == 'l');

	/* From the last page of a, across the hole, into the first two of FIXED: all resident. */
	for (unsigned i = 0; i < 4; i++, faults++)
		CHECK_KR(vm_fault(map, FIXED + i * PG, VM_PROT_READ), KERN_SUCCESS);
	resident = vm_object_resident_total();
	CHECK_KR(vm_map_remove(map, a + 15 * PG, FIXED + 2 * PG), KERN_SUCCESS);
	CHECK(vm_object_resident_total() == resident - 3);
	CHECK(!user_can(FIXED + PG, false) && user_can(FIXED + 2 * PG, false));
	CHECK_KR(vm_map_remove(map, a + 5 * PG, a), KERN_INVALID_ARGUMENT);
	CHECK_KR(vm_map_remove(map, VM_MAP_MAX_ADDRESS, ~0UL), KERN_SUCCESS);

	/*
	 * A stale TLB entry would keep showing the old page after an address is
	 * unmapped and mapped to another (AT walks the tables, so only a real
	 * access tells). The object keeps its page, so the two stay distinct.
	 */
	vaddr_t again = a + 6 * PG;
	paddr_t other = vm_phys_alloc(0);
	CHECK(other != VM_PAGE_NONE);
	memset(phys_to_kva(other), 'n', PG);
	CHECK_KR(vm_map_copyout_bytes(map, again, "old", 4, false), KERN_SUCCESS);
	CHECK(user_read8(again) == 'o');
	CHECK_KR(pmap_enter(pmap, again, other, RW), KERN_SUCCESS);
	CHECK(user_read8(again) == 'n');
	CHECK_KR(vm_fault(map, again, VM_PROT_READ), KERN_SUCCESS);
	CHECK(user_read8(again) == 'o');
	pmap_remove(pmap, again, again + PG);
	CHECK_KR(pmap_enter(pmap, again, other, RW), KERN_SUCCESS);
	CHECK(user_read8(again) == 'n');
	pmap_remove(pmap, again, again + PG);
	vm_phys_free(other, 0);
	CHECK_KR(vm_fault(map, again, VM_PROT_READ), KERN_SUCCESS);
	faults += 2;
	CHECK(user_read8(again) == 'o');
	return faults;
}

/* Two maps at the same address hold different pages, and switching needs no flush. */
static unsigned check_asids(struct vm_map *map, vaddr_t a)
{
	struct vm_map *other = vm_map_create();
	vaddr_t at = a + 4 * PG;

	CHECK(other != NULL);
	CHECK_KR(vm_map_enter_anon(other, &at, PG, false, RW, RW), KERN_SUCCESS);
	CHECK_KR(vm_fault(other, at, VM_PROT_WRITE), KERN_SUCCESS);
	CHECK_KR(vm_map_copyout_bytes(other, at, "other", 6, false), KERN_SUCCESS);
	CHECK_KR(vm_map_copyout_bytes(map, at, "first", 6, false), KERN_SUCCESS);
	CHECK(user_read8(at) == 'f');
	pmap_activate(current_processor(), vm_map_pmap(other));
	CHECK(user_read8(at) == 'o' && !user_can(a, false));
	pmap_activate(current_processor(), vm_map_pmap(map));
	CHECK(user_read8(at) == 'f' && user_can(a, false));
	pmap_activate(current_processor(), NULL);
	CHECK(!user_can(at, false));
	vm_map_destroy(other);
	pmap_activate(current_processor(), vm_map_pmap(map));
	return 1;
}

/* Takes every free page but `keep`; returns the list of blocks taken, threaded through them. */
static paddr_t hoard(unsigned keep)
{
	paddr_t kept[HOARD_MAX], list = VM_PAGE_NONE, pa;

	for (unsigned i = 0; i < keep; i++) {
		kept[i] = vm_phys_alloc(0);
		CHECK(kept[i] != VM_PAGE_NONE);
	}
	for (int order = VM_PAGE_MAX_ORDER; order >= 0; order--) {
		while ((pa = vm_phys_alloc((unsigned)order)) != VM_PAGE_NONE) {
			uint64_t *block = phys_to_kva(pa);
			block[0] = list;
			block[1] = (uint64_t)order;
			list = pa;
		}
	}
	for (unsigned i = 0; i < keep; i++)
		vm_phys_free(kept[i], 0);
	CHECK(vm_phys_free_pages() == keep);
	return list;
}

static void unhoard(paddr_t list)
{
	while (list != VM_PAGE_NONE) {
		uint64_t *block = phys_to_kva(list);
		paddr_t next = block[0];
		vm_phys_free(list, (unsigned)block[1]);
		list = next;
	}
}

/*
 * Out of memory is an answer, never a panic: a fault with no page to give, or
 * no page for the tables it needs, is KERN_RESOURCE_SHORTAGE, and so is a map
 * without room for its pmap. Each try uses a fresh level-0 slot so that it
 * needs three new table pages as well as the data page.
 */
static unsigned check_exhaustion(struct vm_map *map)
{
	kern_return_t kr[HOARD_MAX + 1];
	unsigned faults = 0;
	paddr_t list;

	for (unsigned keep = 0; keep <= HOARD_MAX; keep++) {
		vaddr_t at = (64 + keep) * FAR_SLOT;
		CHECK_KR(vm_map_enter_anon(map, &at, PG, false, RW, RW), KERN_SUCCESS);
	}
	list = hoard(0);
	CHECK(vm_map_create() == NULL);
	unhoard(list);
	for (unsigned keep = 0; keep <= HOARD_MAX; keep++) {
		list = hoard(keep);
		kr[keep] = vm_fault(map, (64 + keep) * FAR_SLOT, VM_PROT_WRITE);
		unhoard(list);
		faults++;
	}
	CHECK(kr[0] == KERN_RESOURCE_SHORTAGE && kr[HOARD_MAX] == KERN_SUCCESS);
	for (unsigned keep = 0; keep <= HOARD_MAX; keep++)
		CHECK(kr[keep] == KERN_SUCCESS || kr[keep] == KERN_RESOURCE_SHORTAGE);
	/* A fault that failed for want of memory succeeds once there is some. */
	for (unsigned keep = 0; keep <= HOARD_MAX; keep++, faults++)
		CHECK_KR(vm_fault(map, (64 + keep) * FAR_SLOT, VM_PROT_WRITE), KERN_SUCCESS);
	return faults;
}

struct round_stats {
	unsigned faults;
	size_t peak_object_pages;
	size_t peak_table_pages;
};

/* A byte of page `index` of `object` (resolved for reading down its chain). */
static uint8_t object_byte(struct vm_object *object, uint64_t index)
{
	uint8_t b;

	vm_object_read(object, index * PG, &b, 1);
	return b;
}

/*
 * Copy-on-write collapse: once one side of a copy is gone, the other folds
 * the shared backing object in, keeping its own pages and taking the rest.
 */
static void check_collapse(void)
{
	size_t objects0 = vm_object_count(), resident0 = vm_object_resident_total();
	struct vm_object *backing = vm_object_allocate(4 * PG);
	paddr_t pa;
	bool own;

	CHECK(backing != NULL);
	for (uint64_t i = 0; i < 4; i++) {
		CHECK_KR(vm_object_page_demand(backing, i * PG, &pa), KERN_SUCCESS);
		*(uint8_t *)phys_to_kva(pa) = (uint8_t)(0x10 + i);
	}
	vm_object_reference(backing);
	struct vm_object *mine = vm_object_shadow(backing, 0, 4 * PG);
	struct vm_object *theirs = vm_object_shadow(backing, 0, 4 * PG);
	CHECK(mine && theirs);
	uint64_t daif = vm_object_lock(mine);
	CHECK_KR(vm_object_page_resolve(mine, PG, true, true, &pa, &own), KERN_SUCCESS);
	*(uint8_t *)phys_to_kva(pa) = 0x99;
	vm_object_collapse(mine); /* theirs still refers to the backing: nothing to fold */
	CHECK(mine->shadow == backing);
	vm_object_unlock(mine, daif);
	vm_object_deallocate(theirs);
	CHECK(vm_object_resident_total() == resident0 + 5);

	daif = vm_object_lock(mine);
	vm_object_collapse(mine);
	vm_object_unlock(mine, daif);
	CHECK(mine->shadow == NULL && mine->resident_count == 4);
	CHECK(vm_object_count() == objects0 + 1 && vm_object_resident_total() == resident0 + 4);
	CHECK(object_byte(mine, 0) == 0x10 && object_byte(mine, 1) == 0x99 &&
	      object_byte(mine, 2) == 0x12 && object_byte(mine, 3) == 0x13);
	vm_object_deallocate(mine);
	CHECK(vm_object_count() == objects0 && vm_object_resident_total() == resident0);
}

static void vm_selftest_round(struct round_stats *st)
{
	size_t objects0 = vm_object_count(), resident0 = vm_object_resident_total();
	size_t tables0 = pmap_user_table_pages();
	struct vm_map *map = vm_map_create();
	vaddr_t a;

	CHECK(map != NULL);
	st->faults = check_basics(map, &a);
	st->faults += check_protect(map, a);
	check_regions(map, a);
	st->faults += check_remove(map, a);
	st->faults += check_asids(map, a);
	pmap_activate(current_processor(), NULL);
	st->faults += check_exhaustion(map);
	check_collapse();
	st->peak_object_pages = vm_object_resident_total() - resident0;
	st->peak_table_pages = pmap_user_table_pages() - tables0;
	vm_map_destroy(map);
	CHECK(vm_object_count() == objects0);
	CHECK(vm_object_resident_total() == resident0);
	CHECK(pmap_user_table_pages() == tables0);
}

void vm_selftest(void)
{
	struct round_stats st;
	size_t free_after_first;

	vm_selftest_round(&st);
	free_after_first = vm_phys_free_pages();
	vm_selftest_round(&st);
	if (vm_phys_free_pages() != free_after_first)
		panic("vm_selftest: %zu pages free after the first round, %zu after the second",
		      free_after_first, vm_phys_free_pages());
	kprintf("vm_selftest: ok (%u-bit ASIDs; %u faults, %zu object pages and %zu table pages "
	        "at peak; %zu pages free before and after the second round)\n",
	        pmap_asid_bits(), st.faults, st.peak_object_pages, st.peak_table_pages,
	        free_after_first);
}
