/* Host tests for the kernel heap (mach/kern/kalloc.c) over an aligned_alloc page source. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kern/kalloc.h"
#include "vm/vm_param.h"
#include "host/check.h"

#define MAX_BLOCKS 4096

/*
 * A page source that checks the heap's use of it: every block given back
 * must be one it handed out, with the same order. Blocks come filled with
 * junk so the heap cannot rely on zeroed pages. With quarantine on, returned
 * blocks stay mapped until the end of the test, so a stale pointer into one
 * can still be passed to kheap_free without a host use-after-free.
 */
struct source {
	size_t pages_out; /* pages handed out and not returned */
	size_t limit;     /* refuse to exceed this many pages out; 0: no limit */
	bool quarantine;
	void *block[MAX_BLOCKS];
	unsigned order[MAX_BLOCKS];
	size_t nblocks;
	void *parked[MAX_BLOCKS];
	size_t nparked;
};

static void *source_alloc(void *ctx, unsigned order)
{
	struct source *src = ctx;
	size_t bytes = PAGE_SIZE << order;
	void *va;

	if (src->limit != 0 && src->pages_out + ((size_t)1 << order) > src->limit)
		return NULL;
	CHECK(src->nblocks < MAX_BLOCKS);
	va = aligned_alloc(bytes, bytes);
	CHECK(va != NULL);
	memset(va, 0xa5, bytes);
	src->block[src->nblocks] = va;
	src->order[src->nblocks] = order;
	src->nblocks++;
	src->pages_out += (size_t)1 << order;
	return va;
}

static void source_free(void *ctx, void *va, unsigned order)
{
	struct source *src = ctx;
	size_t i;

	for (i = 0; i < src->nblocks && src->block[i] != va; i++)
		continue;
	CHECK(i < src->nblocks && src->order[i] == order);
	src->nblocks--;
	src->block[i] = src->block[src->nblocks];
	src->order[i] = src->order[src->nblocks];
	src->pages_out -= (size_t)1 << order;
	if (src->quarantine) {
		CHECK(src->nparked < MAX_BLOCKS);
		src->parked[src->nparked++] = va;
	} else {
		free(va);
	}
}

static void source_destroy(struct source *src)
{
	CHECK(src->nblocks == 0 && src->pages_out == 0);
	while (src->nparked > 0)
		free(src->parked[--src->nparked]);
}

static void heap_setup(struct kheap *heap, struct source *src)
{
	memset(src, 0, sizeof(*src));
	kheap_init(heap, source_alloc, source_free, src);
}

/* After everything is freed and trimmed, nothing is left anywhere. */
static void check_empty(struct kheap *heap, struct source *src)
{
	CHECK(heap->live_allocs == 0 && heap->bytes_in_use == 0);
	CHECK(heap->pages_held <= KHEAP_NCLASSES);
	kheap_trim(heap);
	CHECK(heap->pages_held == 0 && src->pages_out == 0);
}

static void fill(void *p, size_t size, unsigned tag)
{
	memset(p, (int)(tag & 0xff), size);
}

static bool filled(const void *p, size_t size, unsigned tag)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < size; i++)
		if (c[i] != (tag & 0xff))
			return false;
	return true;
}

static size_t class_size_of(size_t size)
{
	size_t c = KHEAP_MIN_SMALL;

	while (c < size)
		c *= 2;
	return c;
}

/* What bytes_in_use should grow by: the size class, or the whole large block. */
static size_t charged_bytes(size_t size)
{
	size_t block = PAGE_SIZE;

	if (size <= KHEAP_MAX_SMALL)
		return class_size_of(size);
	while (block < size + 16)
		block *= 2;
	return block;
}

/* Every size class, past several slabs each, with byte patterns to catch overlap. */
static void test_classes(void)
{
	enum { N = 700 };
	static const size_t sizes[] = {0,   1,   15,  16,  17,  31,   32,   33,   64,   100,  128,
	                               200, 256, 300, 512, 513, 1000, 1024, 1025, 2000, 2047, 2048};
	struct source src;
	struct kheap heap;
	void **p = calloc(N, sizeof(*p));
	size_t s, i;

	CHECK(p != NULL);
	heap_setup(&heap, &src);
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t size = sizes[s], csize = class_size_of(size);
		/* Objects per one-page slab after the 64-byte header. */
		size_t per_slab = (PAGE_SIZE - 64) / csize, slabs = (N + per_slab - 1) / per_slab;

		for (i = 0; i < N; i++) {
			p[i] = kheap_alloc(&heap, size);
			CHECK(p[i] != NULL && (uintptr_t)p[i] % 16 == 0);
			fill(p[i], csize, (unsigned)i);
		}
		CHECK(heap.live_allocs == N && heap.bytes_in_use == N * csize);
		CHECK(heap.pages_held == slabs);
		for (i = 0; i < N; i++)
			CHECK(filled(p[i], csize, (unsigned)i));
		/* Free in a scrambled order; 701 is coprime to N. */
		for (i = 0; i < N; i++)
			CHECK(kheap_free(&heap, p[(i * 701 + 3) % N]) == KHEAP_OK);
		CHECK(heap.live_allocs == 0 && heap.bytes_in_use == 0);
		/* Empty slabs went back, but for one spare. */
		CHECK(heap.pages_held == 1);
		kheap_trim(&heap);
		CHECK(heap.pages_held == 0 && src.pages_out == 0);
	}
	check_empty(&heap, &src);
	source_destroy(&src);
	free(p);
}

static void test_large(void)
{
	static const size_t sizes[] = {2049, 4000, 4080, 4081, 4096, 8192, 12345, 100000, 1 << 20};
	void *p[sizeof(sizes) / sizeof(sizes[0])];
	struct source src;
	struct kheap heap;
	size_t s, pages = 0;

	heap_setup(&heap, &src);
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		p[s] = kheap_alloc(&heap, sizes[s]);
		CHECK(p[s] != NULL && (uintptr_t)p[s] % 16 == 0);
		fill(p[s], sizes[s], (unsigned)s + 1);
		pages += charged_bytes(sizes[s]) / PAGE_SIZE;
		CHECK(heap.pages_held == pages && src.pages_out == pages);
		CHECK(heap.bytes_in_use == pages * PAGE_SIZE);
	}
	CHECK(heap.live_allocs == s);
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		CHECK(filled(p[s], sizes[s], (unsigned)s + 1));
		CHECK(kheap_free(&heap, p[s]) == KHEAP_OK);
	}
	/* Large blocks go straight back: no spares. */
	CHECK(heap.pages_held == 0 && src.pages_out == 0);
	check_empty(&heap, &src);
	source_destroy(&src);
}

static void test_zeroed_and_edges(void)
{
	struct source src;
	struct kheap heap;
	void *a, *b, *z;

	heap_setup(&heap, &src);
	/* The freed slot is dirty; kheap_alloc_zeroed hands it back clean. */
	a = kheap_alloc(&heap, 200);
	CHECK(a != NULL);
	fill(a, 256, 0x77);
	CHECK(kheap_free(&heap, a) == KHEAP_OK);
	z = kheap_alloc_zeroed(&heap, 200);
	CHECK(z == a && filled(z, 200, 0));
	CHECK(kheap_free(&heap, z) == KHEAP_OK);
	z = kheap_alloc_zeroed(&heap, 5000);
	CHECK(z != NULL && filled(z, 5000, 0));
	CHECK(kheap_free(&heap, z) == KHEAP_OK);

	/* Size 0 still yields distinct, freeable pointers. */
	a = kheap_alloc(&heap, 0);
	b = kheap_alloc(&heap, 0);
	CHECK(a != NULL && b != NULL && a != b);
	CHECK(kheap_free(&heap, a) == KHEAP_OK && kheap_free(&heap, b) == KHEAP_OK);

	CHECK(kheap_free(&heap, NULL) == KHEAP_OK);
	CHECK(kheap_alloc(&heap, SIZE_MAX) == NULL);
	CHECK(kheap_alloc(&heap, SIZE_MAX - 8) == NULL);
	CHECK(kheap_alloc_zeroed(&heap, SIZE_MAX / 2) == NULL);
	CHECK(heap.live_allocs == 0);

	/* An exhausted page source means NULL, with the counters untouched. */
	kheap_trim(&heap);
	src.limit = 1;
	a = kheap_alloc(&heap, 64);
	CHECK(a != NULL && heap.pages_held == 1);
	CHECK(kheap_alloc(&heap, 3000) == NULL);
	CHECK(kheap_alloc(&heap, 128) == NULL);
	CHECK(heap.live_allocs == 1 && heap.bytes_in_use == 64 && heap.pages_held == 1);
	CHECK(kheap_free(&heap, a) == KHEAP_OK);
	src.limit = 0;

	check_empty(&heap, &src);
	source_destroy(&src);
}

static void test_bad_free(void)
{
	struct source src, other_src;
	struct kheap heap, other;
	unsigned char *foreign = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	unsigned char *small, *big, *only, *theirs;
	size_t live, bytes, pages;

	CHECK(foreign != NULL);
	memset(foreign, 0, PAGE_SIZE);
	heap_setup(&heap, &src);
	heap_setup(&other, &other_src);
	src.quarantine = true;

	small = kheap_alloc(&heap, 32);
	big = kheap_alloc(&heap, 3 * PAGE_SIZE);
	only = kheap_alloc(&heap, 2048);
	theirs = kheap_alloc(&other, 32);
	CHECK(small != NULL && big != NULL && only != NULL && theirs != NULL);
	memset(big, 0, 3 * PAGE_SIZE);
	live = heap.live_allocs;
	bytes = heap.bytes_in_use;
	pages = heap.pages_held;

	CHECK(kheap_free(&heap, foreign + 64) == KHEAP_BAD_POINTER);
	CHECK(kheap_free(&heap, foreign + 3) == KHEAP_BAD_POINTER);
	CHECK(kheap_free(&heap, small + 8) == KHEAP_BAD_POINTER);
	CHECK(kheap_free(&heap, small + 16) == KHEAP_BAD_POINTER);
	/* The slab header itself, and past the last object of a one-object slab. */
	CHECK(kheap_free(&heap, small - 64) == KHEAP_BAD_POINTER);
	CHECK(kheap_free(&heap, only + 2048) == KHEAP_BAD_POINTER);
	CHECK(kheap_free(&heap, big + 16) == KHEAP_BAD_POINTER);
	CHECK(kheap_free(&heap, big + PAGE_SIZE) == KHEAP_BAD_POINTER);
	CHECK(kheap_free(&heap, theirs) == KHEAP_BAD_POINTER);
	CHECK(heap.live_allocs == live && heap.bytes_in_use == bytes && heap.pages_held == pages);

	CHECK(kheap_free(&heap, small) == KHEAP_OK);
	CHECK(kheap_free(&heap, small) == KHEAP_DOUBLE_FREE);
	CHECK(kheap_free(&heap, only) == KHEAP_OK);
	CHECK(kheap_free(&heap, big) == KHEAP_OK);
	/* The block is parked by the source, so its cleared header can be read. */
	CHECK(kheap_free(&heap, big) == KHEAP_BAD_POINTER);
	CHECK(kheap_free(&other, theirs) == KHEAP_OK);

	check_empty(&heap, &src);
	check_empty(&other, &other_src);
	source_destroy(&src);
	source_destroy(&other_src);
	free(foreign);
}

/* Random sizes, random frees; every object keeps its pattern until freed. */
static void test_stress(void)
{
	enum { MAXLIVE = 2000, STEPS = 150000 };
	struct source src;
	struct kheap heap;
	struct {
		unsigned char *p;
		size_t size;
		unsigned tag;
	} *live = calloc(MAXLIVE, sizeof(*live));
	unsigned long long seed = 0xc0ffee123ULL;
	size_t nlive = 0, step, bytes = 0;

	CHECK(live != NULL);
	heap_setup(&heap, &src);
	for (step = 0; step < STEPS; step++) {
		unsigned long long r = test_rand(&seed);
		/* Grow the live set in the first half, drain it in the second. */
		unsigned alloc_percent = step < STEPS / 2 ? 60 : 40;

		if (nlive == 0 || (nlive < MAXLIVE && r % 100 < alloc_percent)) {
			size_t size = (r >> 8) % 64 == 0 ? (size_t)((r >> 16) % 20000)
			                                 : (size_t)((r >> 16) % 600);
			unsigned char *p = kheap_alloc(&heap, size);

			CHECK(p != NULL && (uintptr_t)p % 16 == 0);
			fill(p, size, (unsigned)step);
			live[nlive].p = p;
			live[nlive].size = size;
			live[nlive].tag = (unsigned)step;
			nlive++;
			bytes += charged_bytes(size);
		} else {
			size_t k = (size_t)((r >> 8) % nlive), size = live[k].size;

			CHECK(filled(live[k].p, size, live[k].tag));
			CHECK(kheap_free(&heap, live[k].p) == KHEAP_OK);
			bytes -= charged_bytes(size);
			live[k] = live[--nlive];
		}
		CHECK(heap.live_allocs == nlive && heap.bytes_in_use == bytes);
		CHECK(heap.pages_held == src.pages_out);
	}
	while (nlive > 0) {
		nlive--;
		CHECK(filled(live[nlive].p, live[nlive].size, live[nlive].tag));
		CHECK(kheap_free(&heap, live[nlive].p) == KHEAP_OK);
	}
	check_empty(&heap, &src);
	source_destroy(&src);
	free(live);
}

int main(void)
{
	test_classes();
	test_large();
	test_zeroed_and_edges();
	test_bad_free();
	test_stress();
	printf("kalloc_test: ok\n");
	return 0;
}
