/*
 * The kernel heap: general-purpose allocation of kernel memory by size.
 *
 * Requests up to KHEAP_MAX_SMALL bytes are rounded up to a power of two
 * (16 B .. 2 KiB) and carved from one-page slabs, each starting with a header
 * that names its size class. Larger requests get a whole block of 2^order
 * pages preceded by a 16-byte header. So kheap_free finds everything it needs
 * from the page the pointer lies in, and needs no size.
 *
 * The heap is pure logic over a page source supplied by the caller: the
 * kernel passes the physical page allocator seen through the direct map, a
 * host test passes aligned_alloc. Every pointer returned is 16-byte aligned.
 *
 * Locking: none inside. The caller serializes all calls on one heap (the
 * kernel's kalloc/kfree wrap its heap in one lock) and the page source is
 * called with that serialization held.
 */
#ifndef KERN_KALLOC_H
#define KERN_KALLOC_H

#include <stddef.h>

#define KHEAP_MIN_SMALL 16
#define KHEAP_MAX_SMALL 2048
#define KHEAP_NCLASSES  8 /* 16, 32, ... 2048 */

/*
 * Returns the kernel virtual address of 2^order contiguous pages, aligned to
 * at least PAGE_SIZE, or NULL when out of memory. Contents are undefined.
 */
typedef void *kheap_page_alloc_fn(void *ctx, unsigned order);
/* Takes back a block from kheap_page_alloc_fn with the same order. */
typedef void kheap_page_free_fn(void *ctx, void *va, unsigned order);

struct kheap_slab;

/* Slabs of one size class. Full slabs are on no list; kheap_free finds them by address. */
struct kheap_class {
	struct kheap_slab *partial; /* slabs with at least one free object */
	struct kheap_slab *spare;   /* one empty slab kept back to avoid page churn, or NULL */
};

struct kheap {
	kheap_page_alloc_fn *page_alloc;
	kheap_page_free_fn *page_free;
	void *ctx; /* first argument of both page source calls */
	struct kheap_class classes[KHEAP_NCLASSES];

	/* Exact accounting, for statistics and leak checks; read-only to callers. */
	size_t bytes_in_use; /* size class of each live small object + whole blocks of large ones */
	size_t live_allocs;  /* allocations not yet freed */
	size_t pages_held;   /* pages taken from the page source and not given back */
};

/* Results of kheap_free. On any error the heap is unchanged. */
enum kheap_result {
	KHEAP_OK = 0,
	KHEAP_BAD_POINTER, /* not a pointer this heap handed out */
	KHEAP_DOUBLE_FREE, /* a slab object that is already free */
};

void kheap_init(struct kheap *heap, kheap_page_alloc_fn *page_alloc, kheap_page_free_fn *page_free,
                void *ctx);

/*
 * Allocate size bytes, 16-byte aligned; size 0 is served as 1 so that every
 * success is a distinct pointer. Returns NULL if the page source is exhausted
 * or size is absurd. Contents are undefined.
 */
void *kheap_alloc(struct kheap *heap, size_t size);

/* kheap_alloc, with the size bytes cleared. */
void *kheap_alloc_zeroed(struct kheap *heap, size_t size);

/*
 * Free a pointer from kheap_alloc on the same heap. NULL is a no-op. ptr must
 * lie in mapped memory: the header at the start of its page is read to
 * validate it. Foreign pointers, pointers into the middle of an object and
 * double frees of slab objects are refused with an error (a double free of a
 * large block is caught only while its page has not been reused). The kernel
 * treats any error as fatal.
 */
int kheap_free(struct kheap *heap, void *ptr);

/* Give the spare empty slabs back to the page source. */
void kheap_trim(struct kheap *heap);

#endif
