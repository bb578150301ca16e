/*
 * Buddy allocation over the pool's pages. Blocks are aligned on physical
 * frame numbers, not on offsets from the pool base, so a block of order k is
 * aligned to 2^k pages in physical memory whatever the base.
 */
#include <stdbool.h>

#include "vm/vm_page.h"

static uint64_t base_pfn(const struct vm_page_pool *pool)
{
	return pool->base >> PAGE_SHIFT;
}

static bool pfn_in_pool(const struct vm_page_pool *pool, uint64_t pfn)
{
	return pfn >= base_pfn(pool) && pfn - base_pfn(pool) < pool->npages;
}

static struct vm_page *pfn_to_page(struct vm_page_pool *pool, uint64_t pfn)
{
	return &pool->pages[pfn - base_pfn(pool)];
}

static uint64_t page_to_pfn(const struct vm_page_pool *pool, const struct vm_page *p)
{
	return base_pfn(pool) + (uint64_t)(p - pool->pages);
}

static void free_list_push(struct vm_page_pool *pool, struct vm_page *p, unsigned order)
{
	p->state = VM_PAGE_FREE;
	p->order = (uint8_t)order;
	p->prev = NULL;
	p->next = pool->free[order];
	if (p->next != NULL)
		p->next->prev = p;
	pool->free[order] = p;
	pool->nfree_blocks[order]++;
}

static void free_list_remove(struct vm_page_pool *pool, struct vm_page *p, unsigned order)
{
	if (p->prev != NULL)
		p->prev->next = p->next;
	else
		pool->free[order] = p->next;
	if (p->next != NULL)
		p->next->prev = p->prev;
	p->next = p->prev = NULL;
	pool->nfree_blocks[order]--;
}

/*
 * Put the block of 2^order pages at pfn on a free list, first merging it with
 * its buddy for as long as the buddy is a whole free block of the same order.
 */
static void free_block(struct vm_page_pool *pool, uint64_t pfn, unsigned order)
{
	pool->free_pages += (size_t)1 << order;
	while (order < VM_PAGE_MAX_ORDER) {
		uint64_t buddy_pfn = pfn ^ ((uint64_t)1 << order);
		struct vm_page *buddy;

		if (!pfn_in_pool(pool, buddy_pfn))
			break;
		buddy = pfn_to_page(pool, buddy_pfn);
		if (buddy->state != VM_PAGE_FREE || buddy->order != order)
			break;
		free_list_remove(pool, buddy, order);
		/* The higher of the two halves stops being a block head. */
		if (buddy_pfn > pfn) {
			buddy->state = VM_PAGE_TAIL;
		} else {
			pfn_to_page(pool, pfn)->state = VM_PAGE_TAIL;
			pfn = buddy_pfn;
		}
		order++;
	}
	free_list_push(pool, pfn_to_page(pool, pfn), order);
}

int vm_page_init(struct vm_page_pool *pool, paddr_t base, size_t npages, struct vm_page *pages)
{
	size_t i;
	unsigned order;

	if ((base & PAGE_MASK) != 0 || npages > ((paddr_t)-1 - base) >> PAGE_SHIFT)
		return VM_PAGE_BAD_ADDRESS;
	pool->base = base;
	pool->npages = npages;
	pool->pages = pages;
	for (order = 0; order < VM_PAGE_ORDERS; order++) {
		pool->free[order] = NULL;
		pool->nfree_blocks[order] = 0;
	}
	pool->nhot = 0;
	pool->free_pages = 0;
	pool->managed_pages = 0;
	for (i = 0; i < npages; i++) {
		pages[i].next = pages[i].prev = NULL;
		pages[i].order = 0;
		pages[i].state = VM_PAGE_RESERVED;
	}
	return VM_PAGE_OK;
}

/*
 * The order of the largest block at pfn that vm_page_release_range can
 * release whole: aligned to its size, at most `npages` long, every page of it
 * reserved; 0 for the page alone.
 */
static unsigned block_order_at(struct vm_page_pool *pool, uint64_t pfn, uint64_t npages)
{
	unsigned order = VM_PAGE_MAX_ORDER;

	while (order > 0 &&
	       ((pfn & (((uint64_t)1 << order) - 1)) != 0 || ((uint64_t)1 << order) > npages))
		order--;
	for (uint64_t i = 0; order > 0 && i < ((uint64_t)1 << order); i++)
		if (pfn_to_page(pool, pfn + i)->state != VM_PAGE_RESERVED) {
			/* Page i is taken: the block must end before it. */
			while (order > 0 && ((uint64_t)1 << order) > i)
				order--;
			break;
		}
	return order;
}

size_t vm_page_release_range(struct vm_page_pool *pool, paddr_t start, paddr_t end)
{
	paddr_t pool_end = pool->base + ((paddr_t)pool->npages << PAGE_SHIFT);
	paddr_t pa;
	size_t released = 0;

	/* Clip before rounding so that rounding cannot wrap around. */
	if (start < pool->base)
		start = pool->base;
	if (end > pool_end)
		end = pool_end;
	if (start >= end)
		return 0;
	start = round_page(start);
	end = trunc_page(end);

	/*
	 * The largest aligned block of reserved pages that fits at each step (all
	 * of RAM is a few hundred max-order blocks), else the one page: boot
	 * releases every page, and one merge per page cost tens of instructions
	 * each.
	 */
	for (pa = start; pa < end;) {
		uint64_t pfn = pa >> PAGE_SHIFT;
		unsigned order = block_order_at(pool, pfn, (end - pa) >> PAGE_SHIFT);

		if (order == 0 && pfn_to_page(pool, pfn)->state != VM_PAGE_RESERVED) {
			pa += PAGE_SIZE;
			continue;
		}
		for (uint64_t i = 1; i < ((uint64_t)1 << order); i++)
			pfn_to_page(pool, pfn + i)->state = VM_PAGE_TAIL;
		pool->managed_pages += (size_t)1 << order;
		free_block(pool, pfn, order);
		released += (size_t)1 << order;
		pa += PAGE_SIZE << order;
	}
	return released;
}

/* Merges every hot page back into the buddy lists. */
static void hot_flush(struct vm_page_pool *pool)
{
	while (pool->nhot > 0) {
		struct vm_page *p = pool->hot[--pool->nhot];
		/* free_block counts it free again. */
		pool->free_pages--;
		free_block(pool, page_to_pfn(pool, p), 0);
	}
}

paddr_t vm_page_alloc(struct vm_page_pool *pool, unsigned order)
{
	unsigned o;
	struct vm_page *p;
	uint64_t pfn;

	if (order > VM_PAGE_MAX_ORDER)
		return VM_PAGE_NONE;
	for (o = order; o <= VM_PAGE_MAX_ORDER && pool->free[o] == NULL; o++)
		continue;
	if (o > VM_PAGE_MAX_ORDER && pool->nhot > 0) {
		/* The hot pages may complete the block asked for. */
		hot_flush(pool);
		for (o = order; o <= VM_PAGE_MAX_ORDER && pool->free[o] == NULL; o++)
			continue;
	}
	if (o > VM_PAGE_MAX_ORDER)
		return VM_PAGE_NONE;

	p = pool->free[o];
	free_list_remove(pool, p, o);
	pfn = page_to_pfn(pool, p);
	/* Split off upper halves until the block is the requested size. */
	while (o > order) {
		o--;
		free_list_push(pool, pfn_to_page(pool, pfn + ((uint64_t)1 << o)), o);
	}
	p->state = VM_PAGE_ALLOCATED;
	p->order = (uint8_t)order;
	pool->free_pages -= (size_t)1 << order;
	return pfn << PAGE_SHIFT;
}

/* Why freeing the block of `order` at pa is refused, or VM_PAGE_OK; its head in *page. */
static int check_free(struct vm_page_pool *pool, paddr_t pa, unsigned order, struct vm_page **page)
{
	uint64_t pfn = pa >> PAGE_SHIFT;
	struct vm_page *p;

	if ((pa & PAGE_MASK) != 0 || !pfn_in_pool(pool, pfn))
		return VM_PAGE_BAD_ADDRESS;
	if (order > VM_PAGE_MAX_ORDER)
		return VM_PAGE_BAD_ORDER;
	if ((pfn & (((uint64_t)1 << order) - 1)) != 0)
		return VM_PAGE_MISALIGNED;
	p = pfn_to_page(pool, pfn);
	if (p->state != VM_PAGE_ALLOCATED)
		return VM_PAGE_NOT_ALLOCATED;
	if (p->order != order)
		return VM_PAGE_WRONG_ORDER;
	*page = p;
	return VM_PAGE_OK;
}

int vm_page_free(struct vm_page_pool *pool, paddr_t pa, unsigned order)
{
	struct vm_page *p;
	int err = check_free(pool, pa, order, &p);

	if (err == VM_PAGE_OK)
		free_block(pool, pa >> PAGE_SHIFT, order);
	return err;
}

paddr_t vm_page_alloc_hot(struct vm_page_pool *pool)
{
	if (pool->nhot == 0)
		return vm_page_alloc(pool, 0);
	struct vm_page *p = pool->hot[--pool->nhot];
	p->state = VM_PAGE_ALLOCATED;
	pool->free_pages--;
	return page_to_pfn(pool, p) << PAGE_SHIFT;
}

int vm_page_free_hot(struct vm_page_pool *pool, paddr_t pa)
{
	struct vm_page *p;
	int err = check_free(pool, pa, 0, &p);

	if (err != VM_PAGE_OK)
		return err;
	if (pool->nhot == VM_PAGE_HOT_MAX) {
		free_block(pool, pa >> PAGE_SHIFT, 0);
		return VM_PAGE_OK;
	}
	p->state = VM_PAGE_HOT;
	pool->hot[pool->nhot++] = p;
	pool->free_pages++;
	return VM_PAGE_OK;
}
