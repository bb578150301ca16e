/*
 * A radix tree from page index to physical page: how a memory object finds
 * its resident pages by offset.
 *
 * Each node has 64 slots (6 bits of the index) and is exactly 512 bytes, one
 * kalloc size class. The tree is only as tall as its largest index needs, so
 * an object of up to 64 pages costs one node and a lookup in any object is a
 * handful of loads. A node is freed as soon as its last page goes.
 *
 * Nodes come from kalloc_zeroed and go back through kfree (vm/vm_kern.h): the
 * kernel links its heap, host tests link their own.
 *
 * Locking: none inside; the owner (the memory object's lock) serializes calls.
 */
#ifndef VM_VM_RADIX_H
#define VM_VM_RADIX_H

#include <stdint.h>

#include "mach/kern_return.h"
#include "vm/vm_param.h"

struct vm_radix_node;

struct vm_radix {
	struct vm_radix_node *root; /* NULL when empty */
	unsigned height;            /* node levels from root to leaves; 0 when empty */
};

static inline void vm_radix_init(struct vm_radix *tree)
{
	tree->root = 0;
	tree->height = 0;
}

/*
 * Records page pa (page aligned) at index. KERN_MEMORY_PRESENT if index
 * already holds a page, KERN_RESOURCE_SHORTAGE if a node cannot be allocated;
 * a failure leaves the tree as it was.
 */
kern_return_t vm_radix_insert(struct vm_radix *tree, uint64_t index, paddr_t pa);

/* The page at index, or VM_PAGE_NONE. */
paddr_t vm_radix_lookup(const struct vm_radix *tree, uint64_t index);

/*
 * The page at the lowest index >= index, with that index in *found, or
 * VM_PAGE_NONE when there is none.
 */
paddr_t vm_radix_lookup_ge(const struct vm_radix *tree, uint64_t index, uint64_t *found);

/* Forgets the page at index and returns it (VM_PAGE_NONE if there was none). */
paddr_t vm_radix_remove(struct vm_radix *tree, uint64_t index);

/*
 * Forgets every page at an index in [first, last), in one walk however many
 * there are, calling visit(ctx, index, pa) for each in ascending order (it
 * must not use the tree), and frees the nodes this empties.
 */
typedef void vm_radix_visit_fn(void *ctx, uint64_t index, paddr_t pa);
void vm_radix_remove_range(struct vm_radix *tree, uint64_t first, uint64_t last,
                           vm_radix_visit_fn *visit, void *ctx);

#endif
