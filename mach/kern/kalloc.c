/*
 * Slab and large-block allocation for the kernel heap.
 *
 * A slab is one page: a 64-byte header, then objects of its class size. Which
 * objects are in use is kept in a bitmap in the header rather than a free list
 * threaded through the objects, so a double free is caught exactly and a
 * write after free cannot corrupt the allocator's own state.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "kern/kalloc.h"
#include "vm/vm_param.h"

#define SLAB_MAGIC  0x534c4142u /* "SLAB" */
#define LARGE_MAGIC 0x4c524745u /* "LRGE" */

/* Live headers carry a magic; it is cleared before a page goes back to the source. */
#define DEAD_MAGIC 0u

#define SLAB_HEADER_SIZE  64
#define LARGE_HEADER_SIZE 16
#define SLAB_MAP_WORDS    4

struct kheap_slab {
	uint32_t magic;
	uint16_t class;          /* index into heap->classes */
	uint16_t nused;          /* objects handed out */
	struct kheap *heap;      /* owner, so another heap's pointers are refused */
	struct kheap_slab *next; /* class's partial list */
	struct kheap_slab *prev;
	uint64_t used[SLAB_MAP_WORDS]; /* bit i set: object i is allocated */
};

struct kheap_large {
	uint32_t magic;
	uint32_t order;     /* block is 2^order pages */
	struct kheap *heap; /* owner */
};

_Static_assert(sizeof(struct kheap_slab) <= SLAB_HEADER_SIZE, "slab header too large");
_Static_assert(sizeof(struct kheap_large) <= LARGE_HEADER_SIZE, "large header too large");
_Static_assert((PAGE_SIZE - SLAB_HEADER_SIZE) / KHEAP_MIN_SMALL <= SLAB_MAP_WORDS * 64,
               "slab bitmap too small for the smallest class");
_Static_assert(KHEAP_MIN_SMALL << (KHEAP_NCLASSES - 1) == KHEAP_MAX_SMALL,
               "size classes do not span KHEAP_MIN_SMALL..KHEAP_MAX_SMALL");

static size_t class_size(unsigned class)
{
	return (size_t)KHEAP_MIN_SMALL << class;
}

static unsigned class_objects(unsigned class)
{
	return (unsigned)((PAGE_SIZE - SLAB_HEADER_SIZE) / class_size(class));
}

/* The smallest class holding size bytes; size <= KHEAP_MAX_SMALL. */
static unsigned size_to_class(size_t size)
{
	unsigned class = 0;

	while (class_size(class) < size)
		class ++;
	return class;
}

static void partial_push(struct kheap_class *kc, struct kheap_slab *slab)
{
	slab->prev = NULL;
	slab->next = kc->partial;
	if (slab->next != NULL)
		slab->next->prev = slab;
	kc->partial = slab;
}

static void partial_remove(struct kheap_class *kc, struct kheap_slab *slab)
{
	if (slab->prev != NULL)
		slab->prev->next = slab->next;
	else
		kc->partial = slab->next;
	if (slab->next != NULL)
		slab->next->prev = slab->prev;
	slab->next = slab->prev = NULL;
}

static struct kheap_slab *slab_create(struct kheap *heap, unsigned class)
{
	struct kheap_slab *slab = heap->page_alloc(heap->ctx, 0);

	if (slab == NULL)
		return NULL;
	memset(slab, 0, sizeof(*slab));
	slab->magic = SLAB_MAGIC;
	slab->class = (uint16_t) class;
	slab->heap = heap;
	heap->pages_held++;
	return slab;
}

static void slab_destroy(struct kheap *heap, struct kheap_slab *slab)
{
	slab->magic = DEAD_MAGIC;
	heap->page_free(heap->ctx, slab, 0);
	heap->pages_held--;
}

static void *slab_alloc(struct kheap *heap, unsigned class)
{
	struct kheap_class *kc = &heap->classes[class];
	struct kheap_slab *slab = kc->partial;
	unsigned w, index;

	if (slab == NULL) {
		if (kc->spare != NULL) {
			slab = kc->spare;
			kc->spare = NULL;
		} else {
			slab = slab_create(heap, class);
			if (slab == NULL)
				return NULL;
		}
		partial_push(kc, slab);
	}

	/* A partial slab has a clear bit below class_objects, so this finds one. */
	for (w = 0; slab->used[w] == UINT64_MAX; w++)
		continue;
	index = w * 64 + (unsigned)__builtin_ctzll(~slab->used[w]);
	slab->used[w] |= (uint64_t)1 << (index % 64);
	if (++slab->nused == class_objects(class))
		partial_remove(kc, slab);

	heap->bytes_in_use += class_size(class);
	heap->live_allocs++;
	return (char *)slab + SLAB_HEADER_SIZE + index * class_size(class);
}

static int slab_free(struct kheap *heap, struct kheap_slab *slab, uintptr_t addr)
{
	uintptr_t offset = addr - (uintptr_t)slab;
	struct kheap_class *kc;
	unsigned class = slab->class;
	size_t index;
	uint64_t bit;
	bool was_full;

	if (slab->heap != heap || class >= KHEAP_NCLASSES || offset < SLAB_HEADER_SIZE)
		return KHEAP_BAD_POINTER;
	offset -= SLAB_HEADER_SIZE;
	if (offset % class_size(class) != 0)
		return KHEAP_BAD_POINTER;
	index = offset / class_size(class);
	if (index >= class_objects(class))
		return KHEAP_BAD_POINTER;
	bit = (uint64_t)1 << (index % 64);
	if ((slab->used[index / 64] & bit) == 0)
		return KHEAP_DOUBLE_FREE;

	kc = &heap->classes[class];
	was_full = slab->nused == class_objects(class);
	slab->used[index / 64] &= ~bit;
	slab->nused--;
	heap->bytes_in_use -= class_size(class);
	heap->live_allocs--;

	if (slab->nused == 0) {
		/* A one-object slab goes from full to empty and was never on the list. */
		if (!was_full)
			partial_remove(kc, slab);
		if (kc->spare == NULL)
			kc->spare = slab;
		else
			slab_destroy(heap, slab);
	} else if (was_full) {
		partial_push(kc, slab);
	}
	return KHEAP_OK;
}

static void *large_alloc(struct kheap *heap, size_t size)
{
	size_t need = size + LARGE_HEADER_SIZE;
	unsigned order = 0;
	struct kheap_large *large;

	while ((PAGE_SIZE << order) < need)
		order++;
	large = heap->page_alloc(heap->ctx, order);
	if (large == NULL)
		return NULL;
	large->magic = LARGE_MAGIC;
	large->order = order;
	large->heap = heap;
	heap->pages_held += (size_t)1 << order;
	heap->bytes_in_use += PAGE_SIZE << order;
	heap->live_allocs++;
	return (char *)large + LARGE_HEADER_SIZE;
}

static int large_free(struct kheap *heap, struct kheap_large *large, uintptr_t addr)
{
	unsigned order = large->order;

	if (large->heap != heap || addr != (uintptr_t)large + LARGE_HEADER_SIZE)
		return KHEAP_BAD_POINTER;
	large->magic = DEAD_MAGIC;
	heap->page_free(heap->ctx, large, order);
	heap->pages_held -= (size_t)1 << order;
	heap->bytes_in_use -= PAGE_SIZE << order;
	heap->live_allocs--;
	return KHEAP_OK;
}

void kheap_init(struct kheap *heap, kheap_page_alloc_fn *page_alloc, kheap_page_free_fn *page_free,
                void *ctx)
{
	memset(heap, 0, sizeof(*heap));
	heap->page_alloc = page_alloc;
	heap->page_free = page_free;
	heap->ctx = ctx;
}

void *kheap_alloc(struct kheap *heap, size_t size)
{
	if (size <= KHEAP_MAX_SMALL)
		return slab_alloc(heap, size_to_class(size));
	/* Beyond this, the order computation in large_alloc could overflow. */
	if (size > SIZE_MAX / 4)
		return NULL;
	return large_alloc(heap, size);
}

void *kheap_alloc_zeroed(struct kheap *heap, size_t size)
{
	void *p = kheap_alloc(heap, size);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

int kheap_free(struct kheap *heap, void *ptr)
{
	uintptr_t addr = (uintptr_t)ptr;
	void *page = (void *)(addr & ~(uintptr_t)PAGE_MASK);

	if (ptr == NULL)
		return KHEAP_OK;
	if (addr % 16 != 0)
		return KHEAP_BAD_POINTER;
	/* Both headers start with the magic; read it as the plain word it is. */
	switch (*(const uint32_t *)page) {
	case SLAB_MAGIC:
		return slab_free(heap, page, addr);
	case LARGE_MAGIC:
		return large_free(heap, page, addr);
	default:
		return KHEAP_BAD_POINTER;
	}
}

void kheap_trim(struct kheap *heap)
{
	unsigned class;

	for (class = 0; class < KHEAP_NCLASSES; class ++) {
		struct kheap_class *kc = &heap->classes[class];

		if (kc->spare != NULL) {
			slab_destroy(heap, kc->spare);
			kc->spare = NULL;
		}
	}
}
