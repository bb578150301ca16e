/* Host tests for the buddy page allocator (mach/vm/vm_page.c). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_page.h"
#include "host/check.h"

/* 4 MiB aligned, like QEMU virt's RAM, so a full pool is whole max-order blocks. */
#define RAM_BASE          0x40000000ULL
#define BLOCK_SIZE(order) ((paddr_t)PAGE_SIZE << (order))

static struct vm_page *new_pool(struct vm_page_pool *pool, paddr_t base, size_t npages)
{
	struct vm_page *pages = calloc(npages ? npages : 1, sizeof(*pages));

	CHECK(pages != NULL);
	CHECK(vm_page_init(pool, base, npages, pages) == VM_PAGE_OK);
	return pages;
}

static paddr_t page_pa(const struct vm_page_pool *pool, size_t i)
{
	return pool->base + ((paddr_t)i << PAGE_SHIFT);
}

/*
 * Check every invariant the allocator keeps: free lists hold aligned free
 * heads of their order whose other pages are tails, buddies that could merge
 * have merged, and the counters match the lists.
 */
static void verify(const struct vm_page_pool *pool)
{
	size_t free_pages = 0;
	unsigned order;

	for (order = 0; order < VM_PAGE_ORDERS; order++) {
		const struct vm_page *p, *prev = NULL;
		size_t n = 0;

		for (p = pool->free[order]; p != NULL; prev = p, p = p->next) {
			size_t i = (size_t)(p - pool->pages), j;
			paddr_t pa = page_pa(pool, i);
			paddr_t buddy = pa ^ BLOCK_SIZE(order);

			CHECK(i < pool->npages);
			CHECK(p->prev == prev);
			CHECK(p->state == VM_PAGE_FREE && p->order == order);
			CHECK(pa % BLOCK_SIZE(order) == 0);
			CHECK(i + ((size_t)1 << order) <= pool->npages);
			for (j = 1; j < ((size_t)1 << order); j++)
				CHECK(pool->pages[i + j].state == VM_PAGE_TAIL);
			if (order < VM_PAGE_MAX_ORDER && buddy >= pool->base &&
			    buddy < page_pa(pool, pool->npages)) {
				const struct vm_page *b =
				    &pool->pages[(buddy - pool->base) >> PAGE_SHIFT];

				CHECK(!(b->state == VM_PAGE_FREE && b->order == order));
			}
			n++;
		}
		CHECK(n == pool->nfree_blocks[order]);
		free_pages += n << order;
	}
	/* Hot pages: free, single, unmerged. */
	CHECK(pool->nhot <= VM_PAGE_HOT_MAX);
	for (unsigned i = 0; i < pool->nhot; i++) {
		CHECK((size_t)(pool->hot[i] - pool->pages) < pool->npages);
		CHECK(pool->hot[i]->state == VM_PAGE_HOT);
		for (unsigned j = 0; j < i; j++)
			CHECK(pool->hot[j] != pool->hot[i]);
	}
	free_pages += pool->nhot;
	CHECK(free_pages == vm_page_free_count(pool));
	CHECK(vm_page_allocated_count(pool) + vm_page_free_count(pool) ==
	      vm_page_managed_count(pool));
}

/* What the allocator's state looks like from outside: each page's role. */
struct snapshot {
	size_t npages;
	uint8_t *state;
	uint8_t *order;
	size_t nfree_blocks[VM_PAGE_ORDERS];
	size_t free_pages, managed_pages;
};

static void take_snapshot(const struct vm_page_pool *pool, struct snapshot *s)
{
	size_t i;

	s->npages = pool->npages;
	s->state = malloc(pool->npages + 1);
	s->order = malloc(pool->npages + 1);
	CHECK(s->state != NULL && s->order != NULL);
	for (i = 0; i < pool->npages; i++) {
		s->state[i] = pool->pages[i].state;
		s->order[i] = pool->pages[i].order;
	}
	memcpy(s->nfree_blocks, pool->nfree_blocks, sizeof(s->nfree_blocks));
	s->free_pages = pool->free_pages;
	s->managed_pages = pool->managed_pages;
}

static bool same_as_snapshot(const struct vm_page_pool *pool, const struct snapshot *s)
{
	size_t i;

	if (memcmp(s->nfree_blocks, pool->nfree_blocks, sizeof(s->nfree_blocks)) != 0 ||
	    s->free_pages != pool->free_pages || s->managed_pages != pool->managed_pages)
		return false;
	for (i = 0; i < s->npages; i++) {
		uint8_t st = pool->pages[i].state;

		if (st != s->state[i])
			return false;
		/* Order means something only on block heads. */
		if ((st == VM_PAGE_FREE || st == VM_PAGE_ALLOCATED) &&
		    pool->pages[i].order != s->order[i])
			return false;
	}
	return true;
}

static void free_snapshot(struct snapshot *s)
{
	free(s->state);
	free(s->order);
}

static void test_init(void)
{
	struct vm_page_pool pool;
	struct vm_page pages[4];
	struct vm_page *many;

	CHECK(vm_page_init(&pool, RAM_BASE + 1, 4, pages) == VM_PAGE_BAD_ADDRESS);
	/* The end of the pool must be representable. */
	CHECK(vm_page_init(&pool, (paddr_t)-PAGE_SIZE, 1, pages) == VM_PAGE_BAD_ADDRESS);
	CHECK(vm_page_init(&pool, (paddr_t)-2 * PAGE_SIZE, 2, pages) == VM_PAGE_BAD_ADDRESS);
	CHECK(vm_page_init(&pool, (paddr_t)-2 * PAGE_SIZE, 1, pages) == VM_PAGE_OK);

	/* Everything starts reserved: nothing to hand out until released. */
	many = new_pool(&pool, RAM_BASE, 1024);
	CHECK(vm_page_alloc(&pool, 0) == VM_PAGE_NONE);
	CHECK(vm_page_free_count(&pool) == 0 && vm_page_managed_count(&pool) == 0);
	CHECK(vm_page_allocated_count(&pool) == 0);
	verify(&pool);
	free(many);

	many = new_pool(&pool, RAM_BASE, 0);
	CHECK(vm_page_release_range(&pool, 0, (paddr_t)-1) == 0);
	CHECK(vm_page_alloc(&pool, 0) == VM_PAGE_NONE);
	free(many);
}

static void test_split_merge(void)
{
	struct vm_page_pool pool;
	struct vm_page *pages = new_pool(&pool, RAM_BASE, 2048);
	struct snapshot initial, mid;
	paddr_t pa[VM_PAGE_ORDERS];
	unsigned order;

	CHECK(vm_page_release_range(&pool, RAM_BASE, RAM_BASE + 2048 * PAGE_SIZE) == 2048);
	verify(&pool);
	/* 8 MiB at a 4 MiB boundary is exactly two max-order blocks. */
	CHECK(pool.nfree_blocks[VM_PAGE_MAX_ORDER] == 2);
	for (order = 0; order < VM_PAGE_MAX_ORDER; order++)
		CHECK(pool.nfree_blocks[order] == 0);
	CHECK(vm_page_free_count(&pool) == 2048 && vm_page_managed_count(&pool) == 2048);
	take_snapshot(&pool, &initial);

	/* One page splits a max-order block into one free block of each lower order. */
	pa[0] = vm_page_alloc(&pool, 0);
	CHECK(pa[0] != VM_PAGE_NONE && pa[0] % BLOCK_SIZE(VM_PAGE_MAX_ORDER) == 0);
	for (order = 0; order < VM_PAGE_MAX_ORDER; order++)
		CHECK(pool.nfree_blocks[order] == 1);
	CHECK(pool.nfree_blocks[VM_PAGE_MAX_ORDER] == 1);
	CHECK(vm_page_allocated_count(&pool) == 1);
	verify(&pool);
	CHECK(vm_page_free(&pool, pa[0], 0) == VM_PAGE_OK);
	verify(&pool);
	CHECK(same_as_snapshot(&pool, &initial));

	/* Every order, naturally aligned, in ascending and then in mixed free order. */
	for (order = 0; order < VM_PAGE_ORDERS; order++) {
		pa[order] = vm_page_alloc(&pool, order);
		CHECK(pa[order] != VM_PAGE_NONE);
		CHECK(pa[order] % BLOCK_SIZE(order) == 0);
		CHECK(pa[order] >= RAM_BASE &&
		      pa[order] + BLOCK_SIZE(order) <= RAM_BASE + 2048 * PAGE_SIZE);
		verify(&pool);
	}
	CHECK(vm_page_allocated_count(&pool) == 2047);
	CHECK(vm_page_free_count(&pool) == 1);
	take_snapshot(&pool, &mid);
	for (order = 0; order < VM_PAGE_ORDERS; order += 2) {
		CHECK(vm_page_free(&pool, pa[order], order) == VM_PAGE_OK);
		verify(&pool);
	}
	for (order = 1; order < VM_PAGE_ORDERS; order += 2) {
		CHECK(vm_page_free(&pool, pa[order], order) == VM_PAGE_OK);
		verify(&pool);
	}
	CHECK(same_as_snapshot(&pool, &initial));
	CHECK(!same_as_snapshot(&pool, &mid));

	free_snapshot(&initial);
	free_snapshot(&mid);
	free(pages);
}

static void test_exhaustion(void)
{
	struct vm_page_pool pool;
	struct vm_page *pages = new_pool(&pool, RAM_BASE, 600);
	struct snapshot initial;
	/* One slot more than pages: the loop stores the final VM_PAGE_NONE too. */
	paddr_t *got = calloc(601, sizeof(*got));
	size_t n = 0, i;

	CHECK(got != NULL);
	CHECK(vm_page_release_range(&pool, RAM_BASE, RAM_BASE + BLOCK_SIZE(0) * 600) == 600);
	take_snapshot(&pool, &initial);

	/* 600 = 512 + 64 + 16 + 8: no block of order 10 or 9 twice. */
	CHECK(vm_page_alloc(&pool, VM_PAGE_MAX_ORDER) == VM_PAGE_NONE);
	CHECK(vm_page_alloc(&pool, VM_PAGE_MAX_ORDER + 1) == VM_PAGE_NONE);
	CHECK(vm_page_alloc(&pool, 9) != VM_PAGE_NONE);
	CHECK(vm_page_alloc(&pool, 9) == VM_PAGE_NONE);
	CHECK(vm_page_free(&pool, RAM_BASE, 9) == VM_PAGE_OK);

	while ((got[n] = vm_page_alloc(&pool, 0)) != VM_PAGE_NONE) {
		n++;
		CHECK(n <= 600);
	}
	CHECK(n == 600);
	CHECK(vm_page_free_count(&pool) == 0 && vm_page_allocated_count(&pool) == 600);
	CHECK(vm_page_alloc(&pool, 0) == VM_PAGE_NONE);
	CHECK(vm_page_alloc(&pool, 3) == VM_PAGE_NONE);
	verify(&pool);
	for (i = 0; i < n; i++)
		CHECK(vm_page_free(&pool, got[(i * 7) % n], 0) == VM_PAGE_OK);
	verify(&pool);
	CHECK(same_as_snapshot(&pool, &initial));

	free_snapshot(&initial);
	free(got);
	free(pages);
}

static void test_ranges(void)
{
	struct vm_page_pool pool;
	/* A base that is page but not block aligned: alignment must still be physical. */
	paddr_t base = RAM_BASE + 3 * PAGE_SIZE;
	struct vm_page *pages = new_pool(&pool, base, 1000);
	paddr_t end = base + 1000 * PAGE_SIZE;
	size_t i;

	/* Rounded inward: [base + 1 page, base + 16 pages). */
	CHECK(vm_page_release_range(&pool, base + 0x123, base + 0x10800) == 15);
	CHECK(vm_page_managed_count(&pool) == 15 && vm_page_free_count(&pool) == 15);
	verify(&pool);
	/* Less than a page, empty, inverted and outside ranges release nothing. */
	CHECK(vm_page_release_range(&pool, base + 0x20010, base + 0x20ff0) == 0);
	CHECK(vm_page_release_range(&pool, base + 0x30000, base + 0x30000) == 0);
	CHECK(vm_page_release_range(&pool, base + 0x40000, base + 0x30000) == 0);
	CHECK(vm_page_release_range(&pool, 0, base) == 0);
	CHECK(vm_page_release_range(&pool, end, (paddr_t)-1) == 0);
	/* Overlap with what is already free releases only the new pages. */
	CHECK(vm_page_release_range(&pool, base, base + 0x11000) == 2);
	/* A disjoint range, and one that sticks out past the end of the pool. */
	CHECK(vm_page_release_range(&pool, base + 100 * PAGE_SIZE, base + 300 * PAGE_SIZE) == 200);
	CHECK(vm_page_release_range(&pool, end - 50 * PAGE_SIZE, end + 0x100000) == 50);
	CHECK(vm_page_managed_count(&pool) == 267 && vm_page_free_count(&pool) == 267);
	verify(&pool);

	/* Allocating everything touches only released pages, each at most once. */
	{
		bool *owned = calloc(1000, sizeof(*owned));
		paddr_t pa;

		CHECK(owned != NULL);
		while ((pa = vm_page_alloc(&pool, 0)) != VM_PAGE_NONE) {
			size_t idx = (pa - base) >> PAGE_SHIFT;
			bool released = idx <= 16 || (idx >= 100 && idx < 300) || idx >= 950;

			CHECK(pa >= base && pa < end && released && !owned[idx]);
			owned[idx] = true;
		}
		CHECK(vm_page_allocated_count(&pool) == 267);
		for (i = 0; i < 1000; i++)
			if (owned[i])
				CHECK(vm_page_free(&pool, base + i * PAGE_SIZE, 0) == VM_PAGE_OK);
		free(owned);
	}
	CHECK(vm_page_free_count(&pool) == 267);
	verify(&pool);

	/* Blocks are aligned in physical memory, not relative to the base. */
	for (i = 0; i < VM_PAGE_ORDERS; i++) {
		paddr_t pa = vm_page_alloc(&pool, (unsigned)i);

		if (pa != VM_PAGE_NONE) {
			CHECK(pa % BLOCK_SIZE(i) == 0);
			CHECK(vm_page_free(&pool, pa, (unsigned)i) == VM_PAGE_OK);
		}
	}
	verify(&pool);
	free(pages);
}

static void test_bad_free(void)
{
	struct vm_page_pool pool;
	struct vm_page *pages = new_pool(&pool, RAM_BASE, 64);
	struct snapshot s;
	paddr_t a, b;

	CHECK(vm_page_release_range(&pool, RAM_BASE, RAM_BASE + 32 * PAGE_SIZE) == 32);
	a = vm_page_alloc(&pool, 2);
	b = vm_page_alloc(&pool, 0);
	CHECK(a != VM_PAGE_NONE && b != VM_PAGE_NONE);
	take_snapshot(&pool, &s);

	CHECK(vm_page_free(&pool, RAM_BASE - PAGE_SIZE, 0) == VM_PAGE_BAD_ADDRESS);
	CHECK(vm_page_free(&pool, RAM_BASE + 64 * PAGE_SIZE, 0) == VM_PAGE_BAD_ADDRESS);
	CHECK(vm_page_free(&pool, 0, 0) == VM_PAGE_BAD_ADDRESS);
	CHECK(vm_page_free(&pool, VM_PAGE_NONE, 0) == VM_PAGE_BAD_ADDRESS);
	CHECK(vm_page_free(&pool, a + 8, 2) == VM_PAGE_BAD_ADDRESS);
	CHECK(vm_page_free(&pool, a, VM_PAGE_MAX_ORDER + 1) == VM_PAGE_BAD_ORDER);
	CHECK(vm_page_free(&pool, a + PAGE_SIZE, 2) == VM_PAGE_MISALIGNED);
	/* A tail page of an allocated block, freed as if it were its own block. */
	CHECK(vm_page_free(&pool, a + PAGE_SIZE, 0) == VM_PAGE_NOT_ALLOCATED);
	CHECK(vm_page_free(&pool, a, 1) == VM_PAGE_WRONG_ORDER);
	CHECK(vm_page_free(&pool, a, 0) == VM_PAGE_WRONG_ORDER);
	/* Reserved and free pages were never handed out. */
	CHECK(vm_page_free(&pool, RAM_BASE + 40 * PAGE_SIZE, 0) == VM_PAGE_NOT_ALLOCATED);
	CHECK(vm_page_free(&pool, RAM_BASE + 16 * PAGE_SIZE, 4) == VM_PAGE_NOT_ALLOCATED);
	CHECK(same_as_snapshot(&pool, &s));
	verify(&pool);

	CHECK(vm_page_free(&pool, b, 0) == VM_PAGE_OK);
	CHECK(vm_page_free(&pool, b, 0) == VM_PAGE_NOT_ALLOCATED);
	CHECK(vm_page_free(&pool, a, 2) == VM_PAGE_OK);
	CHECK(vm_page_free(&pool, a, 2) == VM_PAGE_NOT_ALLOCATED);
	CHECK(vm_page_free_count(&pool) == 32 && vm_page_allocated_count(&pool) == 0);
	verify(&pool);

	free_snapshot(&s);
	free(pages);
}

/*
 * Random allocations and frees over a pool with holes. A shadow ownership map
 * proves no page is handed out twice or outside the released ranges.
 */
static void test_stress(void)
{
	enum { NPAGES = 5000, MAXLIVE = 400, STEPS = 200000 };
	struct vm_page_pool pool;
	paddr_t base = RAM_BASE + 5 * PAGE_SIZE;
	struct vm_page *pages = new_pool(&pool, base, NPAGES);
	struct snapshot initial;
	struct {
		paddr_t pa;
		unsigned order;
	} live[MAXLIVE];
	bool *owned = calloc(NPAGES, sizeof(*owned));
	bool *usable = calloc(NPAGES, sizeof(*usable));
	unsigned long long seed = 0x5eed1234abcdULL;
	size_t nlive = 0, allocated = 0, i, step;

	CHECK(owned != NULL && usable != NULL);
	/* Holes stand in for the kernel image, the page array, the device tree. */
	vm_page_release_range(&pool, base + 0x800, base + 700 * PAGE_SIZE);
	vm_page_release_range(&pool, base + 900 * PAGE_SIZE, base + 3100 * PAGE_SIZE + 17);
	vm_page_release_range(&pool, base + 3333 * PAGE_SIZE, base + NPAGES * PAGE_SIZE);
	for (i = 0; i < NPAGES; i++)
		usable[i] = pages[i].state != VM_PAGE_RESERVED;
	verify(&pool);
	take_snapshot(&pool, &initial);

	for (step = 0; step < STEPS; step++) {
		unsigned long long r = test_rand(&seed);
		bool do_alloc = nlive == 0 || (nlive < MAXLIVE && (r & 1));

		if (do_alloc) {
			/* Mostly small orders, now and then a large one. */
			unsigned order = (r >> 8) % 16 == 0 ? (unsigned)((r >> 16) % VM_PAGE_ORDERS)
			                                    : (unsigned)((r >> 16) % 4);
			paddr_t pa = vm_page_alloc(&pool, order);
			size_t idx, j;

			if (pa == VM_PAGE_NONE)
				continue;
			CHECK(pa % BLOCK_SIZE(order) == 0);
			idx = (pa - base) >> PAGE_SHIFT;
			CHECK(pa >= base && idx + ((size_t)1 << order) <= NPAGES);
			for (j = 0; j < ((size_t)1 << order); j++) {
				CHECK(usable[idx + j] && !owned[idx + j]);
				owned[idx + j] = true;
			}
			live[nlive].pa = pa;
			live[nlive].order = order;
			nlive++;
			allocated += (size_t)1 << order;
		} else {
			size_t k = (size_t)((r >> 8) % nlive), idx, j;

			idx = (live[k].pa - base) >> PAGE_SHIFT;
			for (j = 0; j < ((size_t)1 << live[k].order); j++)
				owned[idx + j] = false;
			CHECK(vm_page_free(&pool, live[k].pa, live[k].order) == VM_PAGE_OK);
			CHECK(vm_page_free(&pool, live[k].pa, live[k].order) ==
			      VM_PAGE_NOT_ALLOCATED);
			allocated -= (size_t)1 << live[k].order;
			live[k] = live[--nlive];
		}
		CHECK(vm_page_allocated_count(&pool) == allocated);
		if (step % 5000 == 0)
			verify(&pool);
	}

	while (nlive > 0) {
		nlive--;
		CHECK(vm_page_free(&pool, live[nlive].pa, live[nlive].order) == VM_PAGE_OK);
	}
	verify(&pool);
	CHECK(vm_page_allocated_count(&pool) == 0);
	CHECK(same_as_snapshot(&pool, &initial));

	free_snapshot(&initial);
	free(owned);
	free(usable);
	free(pages);
}

/*
 * Single pages through the hot list: freed ones wait there unmerged, newest
 * first out, up to VM_PAGE_HOT_MAX; a second free of one is refused either
 * way; an allocation that needs them merged gets them merged.
 */
static void test_hot(void)
{
	struct vm_page_pool pool;
	struct vm_page *pages = new_pool(&pool, RAM_BASE, 2048);
	struct snapshot initial;
	paddr_t got[VM_PAGE_HOT_MAX + 8], big[2];
	size_t n = sizeof(got) / sizeof(got[0]);

	CHECK(vm_page_release_range(&pool, RAM_BASE, RAM_BASE + 2048 * PAGE_SIZE) == 2048);
	take_snapshot(&pool, &initial);
	for (size_t i = 0; i < n; i++) {
		got[i] = vm_page_alloc_hot(&pool);
		CHECK(got[i] != VM_PAGE_NONE);
		verify(&pool);
	}
	CHECK(pool.nhot == 0 && vm_page_allocated_count(&pool) == n);
	for (size_t i = 0; i < n; i++) {
		CHECK(vm_page_free_hot(&pool, got[i]) == VM_PAGE_OK);
		verify(&pool);
	}
	CHECK(pool.nhot == VM_PAGE_HOT_MAX && vm_page_free_count(&pool) == 2048);

	CHECK(vm_page_free_hot(&pool, got[0]) == VM_PAGE_NOT_ALLOCATED);
	CHECK(vm_page_free(&pool, got[0], 0) == VM_PAGE_NOT_ALLOCATED);
	CHECK(vm_page_free_hot(&pool, got[0] + 1) == VM_PAGE_BAD_ADDRESS);
	CHECK(vm_page_free_hot(&pool, RAM_BASE + 4096 * PAGE_SIZE) == VM_PAGE_BAD_ADDRESS);
	verify(&pool);

	CHECK(vm_page_alloc_hot(&pool) == got[VM_PAGE_HOT_MAX - 1]);
	CHECK(pool.nhot == VM_PAGE_HOT_MAX - 1);
	CHECK(vm_page_free_hot(&pool, got[VM_PAGE_HOT_MAX - 1]) == VM_PAGE_OK);

	/* The second max-order block exists only once the hot pages are merged back. */
	big[0] = vm_page_alloc(&pool, VM_PAGE_MAX_ORDER);
	CHECK(big[0] != VM_PAGE_NONE && pool.nhot == VM_PAGE_HOT_MAX);
	big[1] = vm_page_alloc(&pool, VM_PAGE_MAX_ORDER);
	CHECK(big[1] != VM_PAGE_NONE && pool.nhot == 0);
	verify(&pool);
	CHECK(vm_page_alloc_hot(&pool) == VM_PAGE_NONE);
	CHECK(vm_page_free(&pool, big[0], VM_PAGE_MAX_ORDER) == VM_PAGE_OK);
	CHECK(vm_page_free(&pool, big[1], VM_PAGE_MAX_ORDER) == VM_PAGE_OK);
	verify(&pool);
	CHECK(same_as_snapshot(&pool, &initial));

	free_snapshot(&initial);
	free(pages);
}

int main(void)
{
	test_init();
	test_split_merge();
	test_exhaustion();
	test_ranges();
	test_bad_free();
	test_stress();
	test_hot();
	printf("vm_page_test: ok\n");
	return 0;
}
