/*
 * The entries of an address map: which ranges of a task's address space are
 * mapped, to what, and with which rights. Pure bookkeeping, with no locks and
 * no allocation, so host tests drive it with fake objects; vm/vm_map.c owns
 * the locking, the memory and the object references.
 *
 * Entries are kept in a doubly linked list sorted by address, with a sentinel
 * whose next is the lowest entry and whose prev the highest. Entries never
 * overlap. Lookup is a walk from a hint (the last entry found), so sequential
 * faults are O(1) and anything else is O(entries): fine for the few dozen
 * entries a process has; a tree replaces the walk if profiles say so.
 */
#ifndef VM_VM_MAP_ENTRY_H
#define VM_VM_MAP_ENTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "mach/kern_return.h"
#include "mach/vm_prot.h"
#include "vm/vm_param.h"

/* Opaque here: the list only stores and copies the pointer. */
struct vm_object;

struct vm_map_entry {
	struct vm_map_entry *prev, *next; /* neighbours by address; the sentinel ends both ways */
	vaddr_t start, end;               /* [start, end), page aligned, start < end */
	struct vm_object *object;         /* what is mapped; one reference per entry */
	uint64_t offset;                  /* object offset that start maps */
	vm_prot_t protection;             /* current rights, a subset of max_protection */
	vm_prot_t max_protection;         /* rights the range may ever be given */
	vm_inherit_t inheritance;         /* what a child task gets on fork */
};

struct vm_map_entry_list {
	struct vm_map_entry head;  /* sentinel: only prev and next are used */
	vaddr_t min, max;          /* entries lie inside [min, max) */
	unsigned nentries;         /* entries linked, not counting the sentinel */
	struct vm_map_entry *hint; /* an entry or the sentinel: where lookups start */
};

void vm_map_entry_list_init(struct vm_map_entry_list *list, vaddr_t min, vaddr_t max);

/* The lowest entry, or the sentinel when the list is empty. */
static inline struct vm_map_entry *vm_map_entry_first(struct vm_map_entry_list *list)
{
	return list->head.next;
}

/* Whether e is the sentinel: the end of a walk in either direction. */
static inline bool vm_map_entry_is_end(const struct vm_map_entry_list *list,
                                       const struct vm_map_entry *e)
{
	return e == &list->head;
}

/*
 * Finds the entry containing addr: true with it in *entry, or false with the
 * last entry below addr in *entry (the sentinel if there is none), which is
 * where a new entry at addr would be linked after.
 */
bool vm_map_entry_lookup(struct vm_map_entry_list *list, vaddr_t addr, struct vm_map_entry **entry);

/*
 * First fit: the lowest page-aligned range of size bytes (page aligned,
 * nonzero) at or above hint that lies in [min, max) and meets no entry. On
 * success *addr is its start and *prev the entry to link after; otherwise
 * KERN_NO_SPACE.
 */
kern_return_t vm_map_entry_find_space(struct vm_map_entry_list *list, vaddr_t hint, uint64_t size,
                                      vaddr_t *addr, struct vm_map_entry **prev);

/*
 * Whether [start, end) meets no entry; if so *prev is the entry to link
 * after. The caller has checked the range against min and max.
 */
bool vm_map_entry_range_free(struct vm_map_entry_list *list, vaddr_t start, vaddr_t end,
                             struct vm_map_entry **prev);

/* Links e (fields filled in, range free) after prev. */
void vm_map_entry_link(struct vm_map_entry_list *list, struct vm_map_entry *prev,
                       struct vm_map_entry *e);

/* Unlinks e; the caller then owns it. */
void vm_map_entry_unlink(struct vm_map_entry_list *list, struct vm_map_entry *e);

/*
 * Splits e at addr (e->start < addr < e->end, page aligned): e keeps
 * [start, addr) and the caller's `spare` becomes [addr, end), linked after it,
 * mapping the same object at the matching offset. The caller takes an object
 * reference for spare.
 */
void vm_map_entry_split(struct vm_map_entry_list *list, struct vm_map_entry *e, vaddr_t addr,
                        struct vm_map_entry *spare);

#endif
