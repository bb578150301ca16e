/*
 * The physical page allocator: a binary buddy allocator over one contiguous
 * range of physical pages, handing out naturally aligned blocks of 2^order
 * pages.
 *
 * Metadata lives in a caller-supplied array with one struct vm_page per page,
 * so the allocator never reads or writes the memory it manages: the kernel
 * carves the array out of RAM before releasing the rest, a host test mallocs
 * it.
 *
 * Locking: none inside. The caller serializes every call on a pool (the
 * kernel wraps the pool in one lock); the accessors below read plain fields.
 */
#ifndef VM_VM_PAGE_H
#define VM_VM_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "vm/vm_param.h"

/* Orders 0..VM_PAGE_MAX_ORDER: the largest block is 4 MiB. */
#define VM_PAGE_MAX_ORDER 10
#define VM_PAGE_ORDERS    (VM_PAGE_MAX_ORDER + 1)

/* Order-0 pages a pool keeps unmerged for the next vm_page_alloc_hot: a megabyte. */
#define VM_PAGE_HOT_MAX 256

/* Returned by vm_page_alloc when no block is available; 0 is a valid address. */
#define VM_PAGE_NONE ((paddr_t)-1)

enum vm_page_state {
	VM_PAGE_RESERVED,  /* not managed: never released, never handed out */
	VM_PAGE_FREE,      /* first page of a free block of 2^order pages */
	VM_PAGE_ALLOCATED, /* first page of an allocated block of 2^order pages */
	VM_PAGE_TAIL,      /* any other page of a free or allocated block */
	VM_PAGE_HOT,       /* a free order-0 page kept on the hot list, unmerged */
};

/* Per-page metadata. Owned by the pool between vm_page_init and reuse. */
struct vm_page {
	struct vm_page *next; /* free list of its order; valid while VM_PAGE_FREE */
	struct vm_page *prev;
	uint8_t order; /* block order; valid for VM_PAGE_FREE and _ALLOCATED */
	uint8_t state; /* enum vm_page_state */
};

struct vm_page_pool {
	paddr_t base;                         /* physical address of pages[0] */
	size_t npages;                        /* length of pages[] */
	struct vm_page *pages;                /* caller's metadata array */
	struct vm_page *free[VM_PAGE_ORDERS]; /* free block heads, by order */
	size_t nfree_blocks[VM_PAGE_ORDERS];  /* length of each free list */
	struct vm_page *hot[VM_PAGE_HOT_MAX]; /* free pages last freed, the newest last */
	unsigned nhot;
	size_t free_pages;    /* pages in free blocks and on the hot list */
	size_t managed_pages; /* pages ever released: free + allocated */
};

/* Results of vm_page_init and vm_page_free. Nonzero results leave the pool unchanged. */
enum vm_page_result {
	VM_PAGE_OK = 0,
	VM_PAGE_BAD_ADDRESS,   /* not page aligned, outside the pool, or range overflows */
	VM_PAGE_BAD_ORDER,     /* order > VM_PAGE_MAX_ORDER */
	VM_PAGE_MISALIGNED,    /* address not aligned to the block size of the order */
	VM_PAGE_NOT_ALLOCATED, /* not the start of an allocated block: double or wild free */
	VM_PAGE_WRONG_ORDER,   /* start of an allocated block of a different order */
};

/*
 * Set up a pool for the npages pages starting at base (page aligned), using
 * pages[0..npages) as metadata. Every page starts reserved, so nothing can be
 * allocated until vm_page_release_range. Fails with VM_PAGE_BAD_ADDRESS if base
 * is not page aligned or the range wraps the address space.
 */
int vm_page_init(struct vm_page_pool *pool, paddr_t base, size_t npages, struct vm_page *pages);

/*
 * Hand the reserved pages wholly inside [start, end) to the allocator, merging
 * them with free neighbours. The range is rounded inward to pages and clipped
 * to the pool; pages already free or allocated are left alone, so overlapping
 * calls are harmless. Returns the number of pages newly made free.
 */
size_t vm_page_release_range(struct vm_page_pool *pool, paddr_t start, paddr_t end);

/*
 * Allocate 2^order contiguous pages aligned to their size. Returns the
 * physical address of the first page, or VM_PAGE_NONE if no block is free or
 * order > VM_PAGE_MAX_ORDER. The memory's contents are whatever they were.
 */
paddr_t vm_page_alloc(struct vm_page_pool *pool, unsigned order);

/*
 * Return a block from vm_page_alloc with the same order. Any other call
 * (wild address, wrong order, double free) is refused with an error and
 * changes nothing.
 */
int vm_page_free(struct vm_page_pool *pool, paddr_t pa, unsigned order);

/*
 * vm_page_alloc and vm_page_free of single pages through the hot list: a
 * page freed so waits there unmerged (up to VM_PAGE_HOT_MAX of them) and is
 * the next one vm_page_alloc_hot hands out, which costs a few loads and
 * stores instead of a buddy split and merge. Hot pages count as free, and
 * vm_page_alloc merges them back when it finds no block otherwise.
 */
paddr_t vm_page_alloc_hot(struct vm_page_pool *pool);
int vm_page_free_hot(struct vm_page_pool *pool, paddr_t pa);

static inline size_t vm_page_free_count(const struct vm_page_pool *pool)
{
	return pool->free_pages;
}

static inline size_t vm_page_managed_count(const struct vm_page_pool *pool)
{
	return pool->managed_pages;
}

static inline size_t vm_page_allocated_count(const struct vm_page_pool *pool)
{
	return pool->managed_pages - pool->free_pages;
}

#endif
