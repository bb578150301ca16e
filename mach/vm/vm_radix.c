#include "vm/vm_radix.h"

#include <stdbool.h>
#include <stddef.h>

#include "vm/vm_kern.h"
#include "vm/vm_page.h"

#define RADIX_BITS  6
#define RADIX_SLOTS (1u << RADIX_BITS)
/* Enough levels for any 64-bit index. */
#define RADIX_MAX_HEIGHT ((64 + RADIX_BITS - 1) / RADIX_BITS)
/* Leaf slots hold pa | RADIX_PRESENT so that page 0 is not mistaken for an empty slot. */
#define RADIX_PRESENT 1ULL

/* A slot is 0 when empty, else a child node's address or (in a leaf) a page. */
struct vm_radix_node {
	uint64_t slot[RADIX_SLOTS];
};

_Static_assert(sizeof(struct vm_radix_node) == 512, "a node should fill one kalloc size class");

static unsigned radix_slot(uint64_t index, unsigned level)
{
	return (index >> (RADIX_BITS * (level - 1))) & (RADIX_SLOTS - 1);
}

/* The height a tree needs to hold index. */
static unsigned radix_height_for(uint64_t index)
{
	unsigned height = 1;

	while (height < RADIX_MAX_HEIGHT && (index >> (RADIX_BITS * height)) != 0)
		height++;
	return height;
}

static struct vm_radix_node *radix_child(uint64_t slot)
{
	return (struct vm_radix_node *)(uintptr_t)slot;
}

static bool radix_node_empty(const struct vm_radix_node *node)
{
	for (unsigned i = 0; i < RADIX_SLOTS; i++)
		if (node->slot[i] != 0)
			return false;
	return true;
}

kern_return_t vm_radix_insert(struct vm_radix *tree, uint64_t index, paddr_t pa)
{
	struct vm_radix_node *fresh[2 * RADIX_MAX_HEIGHT];
	unsigned nfresh = 0;
	unsigned need = radix_height_for(index);
	unsigned height = tree->height;
	uint64_t top = (uint64_t)(uintptr_t)tree->root;
	uint64_t *link, *first_link = NULL;

	/*
	 * Work on a private root and height, committed only on success. Growing a
	 * non-empty tree puts the old root in slot 0 of each new level; an empty
	 * tree just starts at the height it needs.
	 */
	if (top == 0)
		height = need;
	while (height < need) {
		struct vm_radix_node *node = kalloc_zeroed(sizeof(*node));
		if (!node)
			goto shortage;
		fresh[nfresh++] = node;
		node->slot[0] = top;
		top = (uint64_t)(uintptr_t)node;
		height++;
	}
	link = &top;
	for (unsigned level = height; level >= 1; level--) {
		if (*link == 0) {
			struct vm_radix_node *node = kalloc_zeroed(sizeof(*node));
			if (!node)
				goto shortage;
			fresh[nfresh++] = node;
			if (!first_link)
				first_link = link;
			*link = (uint64_t)(uintptr_t)node;
		}
		link = &radix_child(*link)->slot[radix_slot(index, level)];
	}
	if (*link != 0)
		return KERN_MEMORY_PRESENT; /* the whole path existed: nothing was allocated */
	*link = pa | RADIX_PRESENT;
	tree->root = radix_child(top);
	tree->height = height;
	return KERN_SUCCESS;

shortage:
	/* Only the first new node of the path was hooked into an existing node. */
	if (first_link)
		*first_link = 0;
	while (nfresh > 0)
		kfree(fresh[--nfresh]);
	return KERN_RESOURCE_SHORTAGE;
}

paddr_t vm_radix_lookup(const struct vm_radix *tree, uint64_t index)
{
	const struct vm_radix_node *node = tree->root;

	if (!node || radix_height_for(index) > tree->height)
		return VM_PAGE_NONE;
	for (unsigned level = tree->height; level > 1; level--) {
		node = radix_child(node->slot[radix_slot(index, level)]);
		if (!node)
			return VM_PAGE_NONE;
	}
	uint64_t leaf = node->slot[radix_slot(index, 1)];
	return leaf ? leaf & ~RADIX_PRESENT : VM_PAGE_NONE;
}

/* The lowest page at or above index in the subtree of node, whose slot 0 starts at base. */
static paddr_t radix_ge(const struct vm_radix_node *node, unsigned level, uint64_t base,
                        uint64_t index, uint64_t *found)
{
	unsigned shift = RADIX_BITS * (level - 1);

	for (unsigned s = index > base ? (unsigned)((index - base) >> shift) : 0; s < RADIX_SLOTS;
	     s++) {
		uint64_t v = node->slot[s];
		if (v == 0)
			continue;
		uint64_t sbase = base + ((uint64_t)s << shift);
		if (level == 1) {
			*found = sbase;
			return v & ~RADIX_PRESENT;
		}
		paddr_t pa = radix_ge(radix_child(v), level - 1, sbase, index, found);
		if (pa != VM_PAGE_NONE)
			return pa;
	}
	return VM_PAGE_NONE;
}

paddr_t vm_radix_lookup_ge(const struct vm_radix *tree, uint64_t index, uint64_t *found)
{
	if (!tree->root || radix_height_for(index) > tree->height)
		return VM_PAGE_NONE;
	return radix_ge(tree->root, tree->height, 0, index, found);
}

paddr_t vm_radix_remove(struct vm_radix *tree, uint64_t index)
{
	struct vm_radix_node *path[RADIX_MAX_HEIGHT + 1];
	struct vm_radix_node *node = tree->root;

	if (!node || radix_height_for(index) > tree->height)
		return VM_PAGE_NONE;
	for (unsigned level = tree->height; level > 1; level--) {
		path[level] = node;
		node = radix_child(node->slot[radix_slot(index, level)]);
		if (!node)
			return VM_PAGE_NONE;
	}
	path[1] = node;
	uint64_t leaf = node->slot[radix_slot(index, 1)];
	if (leaf == 0)
		return VM_PAGE_NONE;
	node->slot[radix_slot(index, 1)] = 0;

	/* Free the nodes this emptied, bottom up. */
	for (unsigned level = 1; level <= tree->height && radix_node_empty(path[level]); level++) {
		kfree(path[level]);
		if (level == tree->height) {
			tree->root = NULL;
			tree->height = 0;
			break;
		}
		path[level + 1]->slot[radix_slot(index, level + 1)] = 0;
	}
	return leaf & ~RADIX_PRESENT;
}

/*
 * vm_radix_remove_range within the subtree of `node` at `level`, whose slot 0
 * stands for index `base` and which holds some index of [first, last): true
 * when the node is left empty, for the caller to free.
 */
static bool radix_remove_range(struct vm_radix_node *node, unsigned level, uint64_t base,
                               uint64_t first, uint64_t last, vm_radix_visit_fn *visit, void *ctx)
{
	unsigned shift = RADIX_BITS * (level - 1);
	unsigned s = first > base ? (unsigned)((first - base) >> shift) : 0;
	uint64_t to = (last - 1 - base) >> shift;
	unsigned end = to < RADIX_SLOTS ? (unsigned)to : RADIX_SLOTS - 1;

	for (; s <= end; s++) {
		uint64_t v = node->slot[s];
		if (v == 0)
			continue;
		uint64_t sbase = base + ((uint64_t)s << shift);
		if (level == 1) {
			node->slot[s] = 0;
			visit(ctx, sbase, v & ~RADIX_PRESENT);
		} else if (radix_remove_range(radix_child(v), level - 1, sbase, first, last, visit,
		                              ctx)) {
			kfree(radix_child(v));
			node->slot[s] = 0;
		}
	}
	return radix_node_empty(node);
}

void vm_radix_remove_range(struct vm_radix *tree, uint64_t first, uint64_t last,
                           vm_radix_visit_fn *visit, void *ctx)
{
	if (!tree->root || first >= last || radix_height_for(first) > tree->height)
		return;
	if (radix_remove_range(tree->root, tree->height, 0, first, last, visit, ctx)) {
		kfree(tree->root);
		tree->root = NULL;
		tree->height = 0;
	}
}
