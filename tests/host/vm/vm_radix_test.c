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
	test_shortage();
	printf("vm_radix_test: ok\n");
	return 0;
}
