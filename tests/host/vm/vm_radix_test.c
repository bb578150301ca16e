/*
 * Host tests for the memory object page index (mach/vm/vm_radix.c), against
 * a sorted-array model, with a kalloc that counts live nodes and can be told
 * to fail.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_kern.h"
#include "vm/vm_page.h"
#include "vm/vm_radix.h"
#include "host/check.h"

/* The kernel heap's interface, for the tree's nodes. */
static long live_allocs;
static long fail_countdown = -1; /* allocations left before one fails; -1: never */

void *kalloc(size_t size)
{
	if (fail_countdown == 0)
		return NULL;
	if (fail_countdown > 0)
		fail_countdown--;
	void *p = malloc(size);
	CHECK(p != NULL);
	memset(p, 0xa5, size);
	live_allocs++;
	return p;
}

void *kalloc_zeroed(size_t size)
{
	void *p = kalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *ptr)
{
	if (!ptr)
		return;
	live_allocs--;
	free(ptr);
}

/* The model: (index, page) pairs sorted by index. */
#define MODEL_MAX 4096

struct model {
	uint64_t index[MODEL_MAX];
	paddr_t pa[MODEL_MAX];
	size_t n;
};

static size_t model_find(const struct model *m, uint64_t index)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->index[mid] < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static paddr_t model_lookup(const struct model *m, uint64_t index)
{
	size_t i = model_find(m, index);

	return i < m->n && m->index[i] == index ? m->pa[i] : VM_PAGE_NONE;
}

static void model_insert(struct model *m, uint64_t index, paddr_t pa)
{
	size_t i = model_find(m, index);

	CHECK(m->n < MODEL_MAX);
	memmove(&m->index[i + 1], &m->index[i], (m->n - i) * sizeof(m->index[0]));
	memmove(&m->pa[i + 1], &m->pa[i], (m->n - i) * sizeof(m->pa[0]));
	m->index[i] = index;
	m->pa[i] = pa;
	m->n++;
}

static void model_remove(struct model *m, uint64_t index)
{
	size_t i = model_find(m, index);

	CHECK(i < m->n && m->index[i] == index);
	memmove(&m->index[i], &m->index[i + 1], (m->n - i - 1) * sizeof(m->index[0]));
	memmove(&m->pa[i], &m->pa[i + 1], (m->n - i - 1) * sizeof(m->pa[0]));
	m->n--;
}

/* Walking the tree with lookup_ge visits exactly the model, in order. */
static void verify(const struct vm_radix *t, const struct model *m)
{
	uint64_t at = 0, found;
	size_t i = 0;
	paddr_t pa;

	while ((pa = vm_radix_lookup_ge(t, at, &found)) != VM_PAGE_NONE) {
		CHECK(i < m->n);
		CHECK(found == m->index[i] && pa == m->pa[i]);
		CHECK(vm_radix_lookup(t, found) == pa);
		i++;
		if (found == UINT64_MAX)
			break;
		at = found + 1;
	}
	CHECK(i == m->n);
	CHECK((t->root == NULL) == (m->n == 0));
}

static paddr_t page_for(uint64_t index)
{
	return (paddr_t)((index * 2654435761u) & 0xffffffffffULL) << PAGE_SHIFT;
}

static void test_empty(void)
{
	struct vm_radix t;
	uint64_t found = 42;

	vm_radix_init(&t);
	CHECK(vm_radix_lookup(&t, 0) == VM_PAGE_NONE);
	CHECK(vm_radix_lookup(&t, UINT64_MAX) == VM_PAGE_NONE);
	CHECK(vm_radix_lookup_ge(&t, 0, &found) == VM_PAGE_NONE && found == 42);
	CHECK(vm_radix_remove(&t, 7) == VM_PAGE_NONE);
	CHECK(live_allocs == 0);
}

/* Page 0 is a page, a duplicate is refused, and one node serves 64 pages. */
static void test_basics(void)
{
	struct vm_radix t;
	uint64_t found;

	vm_radix_init(&t);
	CHECK(vm_radix_insert(&t, 5, 0) == KERN_SUCCESS);
	CHECK(vm_radix_lookup(&t, 5) == 0);
	CHECK(vm_radix_lookup(&t, 4) == VM_PAGE_NONE);
	CHECK(vm_radix_insert(&t, 5, 0x1000) == KERN_MEMORY_PRESENT);
	CHECK(vm_radix_lookup(&t, 5) == 0);
	for (uint64_t i = 0; i < 64; i++)
		if (i != 5)
			CHECK(vm_radix_insert(&t, i, page_for(i)) == KERN_SUCCESS);
	CHECK(t.height == 1 && live_allocs == 1);
	CHECK(vm_radix_lookup_ge(&t, 63, &found) == page_for(63) && found == 63);
	CHECK(vm_radix_lookup_ge(&t, 64, &found) == VM_PAGE_NONE);
	CHECK(vm_radix_insert(&t, 64, 0x2000) == KERN_SUCCESS);
	CHECK(t.height == 2 && live_allocs == 3);
	CHECK(vm_radix_lookup_ge(&t, 6, &found) == page_for(6) && found == 6);
	CHECK(vm_radix_remove(&t, 64) == 0x2000);
	CHECK(live_allocs == 2);
	for (uint64_t i = 0; i < 64; i++)
		CHECK(vm_radix_remove(&t, i) == (i == 5 ? 0 : page_for(i)));
	CHECK(t.root == NULL && t.height == 0 && live_allocs == 0);
}

/* Indices at the edges of every level, up to the largest 64-bit index. */
static void test_edges(void)
{
	static struct model m;
	struct vm_radix t;
	uint64_t idx[64];
	unsigned n = 0;

	vm_radix_init(&t);
	m.n = 0;
	for (unsigned bits = 0; bits < 64; bits += 6) {
		idx[n++] = 1ULL << bits;
		idx[n++] = (1ULL << bits) - 1;
	}
	idx[n++] = UINT64_MAX;
	idx[n++] = UINT64_MAX - 1;
	for (unsigned i = 0; i < n; i++) {
		if (model_lookup(&m, idx[i]) != VM_PAGE_NONE) {
			CHECK(vm_radix_insert(&t, idx[i], 0x5000) == KERN_MEMORY_PRESENT);
			continue;
		}
		CHECK(vm_radix_insert(&t, idx[i], page_for(idx[i])) == KERN_SUCCESS);
		model_insert(&m, idx[i], page_for(idx[i]));
		verify(&t, &m);
	}
	CHECK(t.height == 11);
	while (m.n > 0) {
		uint64_t index = m.index[m.n / 2];
		CHECK(vm_radix_remove(&t, index) == page_for(index));
		CHECK(vm_radix_remove(&t, index) == VM_PAGE_NONE);
		model_remove(&m, index);
		verify(&t, &m);
	}
	CHECK(live_allocs == 0);
}

/* Random inserts and removes, dense and sparse, checked against the model throughout. */
static void test_random(void)
{
	static struct model m;
	unsigned long long seed = 0x7e55e7a;
	struct vm_radix t;

	vm_radix_init(&t);
	m.n = 0;
	for (unsigned step = 0; step < 60000; step++) {
		unsigned long long r = test_rand(&seed);
		uint64_t index;
		switch (r % 4) {
		case 0: index = (r >> 8) % 300; break;                 /* dense, low */
		case 1: index = (1ULL << 20) + (r >> 8) % 5000; break; /* a cluster */
		case 2: index = (r >> 8) & ((1ULL << 40) - 1); break;  /* sparse */
		default: index = m.n ? m.index[(r >> 8) % m.n] : 0; break;
		}
		paddr_t have = model_lookup(&m, index);
		CHECK(vm_radix_lookup(&t, index) == have);
		if (have == VM_PAGE_NONE && m.n < MODEL_MAX && (r >> 60) < 9) {
			CHECK(vm_radix_insert(&t, index, page_for(index)) == KERN_SUCCESS);
			model_insert(&m, index, page_for(index));
		} else if (have != VM_PAGE_NONE) {
			CHECK(vm_radix_remove(&t, index) == have);
			model_remove(&m, index);
		}
		if (step % 4000 == 0)
			verify(&t, &m);
	}
	verify(&t, &m);
	while (m.n > 0) {
		CHECK(vm_radix_remove(&t, m.index[m.n - 1]) == m.pa[m.n - 1]);
		m.n--;
	}
	CHECK(t.root == NULL && live_allocs == 0);
}

/* What vm_radix_remove_range visited, in order. */
static struct {
	uint64_t index[MODEL_MAX];
	paddr_t pa[MODEL_MAX];
	size_t n;
} visited;

static void record_visit(void *ctx, uint64_t index, paddr_t pa)
{
	CHECK(ctx == &visited);
	CHECK(visited.n < MODEL_MAX);
	visited.index[visited.n] = index;
	visited.pa[visited.n] = pa;
	visited.n++;
}

/* Removes [first, last) from tree and model: exactly the model's pages there, in order. */
static void remove_range_checked(struct vm_radix *t, struct model *m, uint64_t first, uint64_t last)
{
	size_t from = model_find(m, first), to = model_find(m, last);

	if (first >= last)
		to = from;
	visited.n = 0;
	vm_radix_remove_range(t, first, last, record_visit, &visited);
	CHECK(visited.n == to - from);
	for (size_t i = 0; i < visited.n; i++)
		CHECK(visited.index[i] == m->index[from + i] && visited.pa[i] == m->pa[from + i]);
	for (size_t i = 0; i < visited.n; i++)
		model_remove(m, visited.index[i]);
	verify(t, m);
}

/*
 * Ranges removed from trees dense and sparse: every page in the range visited
 * once, in order, nothing else touched, emptied nodes freed (none left once
 * the tree is empty).
 */
static void test_remove_range(void)
{
	static struct model m;
	unsigned long long seed = 0x4a96e;
	struct vm_radix t;

	vm_radix_init(&t);
	m.n = 0;
	/* An empty tree, an empty range, a range past the tree. */
	remove_range_checked(&t, &m, 0, 100);
	for (uint64_t i = 0; i < 200; i++) {
		CHECK(vm_radix_insert(&t, i, page_for(i)) == KERN_SUCCESS);
		model_insert(&m, i, page_for(i));
	}
	remove_range_checked(&t, &m, 50, 50);
	remove_range_checked(&t, &m, 70, 10);
	remove_range_checked(&t, &m, 1ULL << 40, 1ULL << 41);
	/* Within one leaf, across leaves, to the end, then everything. */
	remove_range_checked(&t, &m, 3, 9);
	remove_range_checked(&t, &m, 60, 130);
	remove_range_checked(&t, &m, 150, 1ULL << 30);
	remove_range_checked(&t, &m, 0, UINT64_MAX);
	CHECK(t.root == NULL && live_allocs == 0);

	/* Random trees and random ranges. */
	for (unsigned round = 0; round < 300; round++) {
		unsigned long long r = test_rand(&seed);
		unsigned count = (unsigned)(r % 400);
		for (unsigned i = 0; i < count; i++) {
			unsigned long long q = test_rand(&seed);
			uint64_t index = (q & 1) ? (q >> 8) % 5000 : (q >> 8) & ((1ULL << 36) - 1);
			if (model_lookup(&m, index) == VM_PAGE_NONE && m.n < MODEL_MAX) {
				CHECK(vm_radix_insert(&t, index, page_for(index)) == KERN_SUCCESS);
				model_insert(&m, index, page_for(index));
			}
		}
		unsigned long long q = test_rand(&seed);
		uint64_t first = (q & 1) ? (q >> 8) % 5000 : (q >> 8) & ((1ULL << 36) - 1);
		uint64_t len =
		    (q >> 40) % 3 == 0 ? (q >> 20) % 100 : (q >> 12) & ((1ULL << 34) - 1);
		remove_range_checked(&t, &m, first, first + len);
	}
	remove_range_checked(&t, &m, 0, UINT64_MAX);
	CHECK(t.root == NULL && live_allocs == 0);

	/* Pages near the top of the index space. */
	static const uint64_t high[] = {UINT64_MAX - 1, UINT64_MAX - 64, 1ULL << 63, 5};
	for (unsigned i = 0; i < sizeof(high) / sizeof(high[0]); i++) {
		CHECK(vm_radix_insert(&t, high[i], page_for(high[i])) == KERN_SUCCESS);
		model_insert(&m, high[i], page_for(high[i]));
	}
	remove_range_checked(&t, &m, UINT64_MAX - 64, UINT64_MAX);
	remove_range_checked(&t, &m, 0, UINT64_MAX);
	CHECK(t.root == NULL && live_allocs == 0);
}

/*
 * Failing the k-th node allocation of an insert, for every k, leaves the tree
 * and the heap exactly as they were; then the insert succeeds.
 */
static void test_shortage(void)
{
	static struct model m;
	static const uint64_t targets[] = {0, 70, 1ULL << 30, UINT64_MAX, 4097, 1ULL << 45};
	struct vm_radix t;

	vm_radix_init(&t);
	m.n = 0;
	for (unsigned i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		uint64_t index = targets[i];
		long before = live_allocs;
		long k;
		for (k = 0;; k++) {
			fail_countdown = k;
			kern_return_t kr = vm_radix_insert(&t, index, page_for(index));
			fail_countdown = -1;
			if (kr == KERN_SUCCESS)
				break;
			CHECK(kr == KERN_RESOURCE_SHORTAGE);
			CHECK(live_allocs == before);
			verify(&t, &m);
		}
		model_insert(&m, index, page_for(index));
		verify(&t, &m);
		CHECK(live_allocs - before == k);
	}
	while (m.n > 0) {
		CHECK(vm_radix_remove(&t, m.index[0]) == m.pa[0]);
		model_remove(&m, m.index[0]);
		verify(&t, &m);
	}
	CHECK(live_allocs == 0);
}

int main(void)
{
	test_empty();
	test_basics();
	test_edges();
	test_random();
	test_remove_range();
	test_shortage();
	printf("vm_radix_test: ok\n");
	return 0;
}
