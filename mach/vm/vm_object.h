/*
 * Memory objects: what a map entry maps. Anonymous memory: a page comes into
 * being, zero filled, the first time anything touches its offset, and stays
 * resident until it is removed or the object dies; copy-on-write objects
 * shadow another; device objects stand for a device's registers. A memory
 * manager (pager) comes later as a further kind behind the same page lookup.
 *
 * Reference counting: each map entry holds one reference; the last
 * vm_object_deallocate frees every resident page and the object.
 *
 * Locking: object->lock protects ref_count and the resident pages. The page
 * functions below are called with it held (vm_object_lock). Lock order:
 * map, then object, then pmap, then the page pool (vm_phys) and heap.
 */
#ifndef VM_VM_OBJECT_H
#define VM_VM_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kern/spinlock.h"
#include "mach/kern_return.h"
#include "vm/vm_param.h"
#include "vm/vm_radix.h"

struct vm_object {
	spinlock_t lock;
	unsigned ref_count;    /* holders; the object dies when it drops to 0 */
	uint64_t size;         /* bytes, page aligned; fixed at creation */
	struct vm_radix pages; /* resident pages by offset / PAGE_SIZE */
	size_t resident_count; /* pages in `pages` */
	/*
	 * Copy-on-write: pages this object lacks are read from `shadow` (at
	 * offset + shadow_offset), which holds what the object had when it was
	 * copied. The shadow gains no pages in the range it is shadowed for (the
	 * entries that mapped that range now map the shadowing objects), though
	 * the rest of an entry clipped around that range may still map it; it
	 * goes with its last reference. Fixed at creation.
	 */
	struct vm_object *shadow; /* one reference, or NULL */
	uint64_t shadow_offset;
	/*
	 * A physical object stands for a fixed physical range from phys_base on
	 * — a device's registers (device: mapped as device memory) or memory
	 * the kernel set aside, such as the boot volume: it has no pages of its
	 * own, is never copied, and is reached only through user mappings of it.
	 */
	bool physical;
	bool device;
	paddr_t phys_base;
	/*
	 * Mapped by several map entries at once (VM_INHERIT_SHARE, memory
	 * entries): writes are seen by every sharer, so its pages are freed only
	 * when it dies, and a fault never maps a page of its shadow chain (a
	 * sharer's write would leave the others on the old page). Never cleared.
	 */
	bool shared;
};

/* A new anonymous object of size bytes (page aligned) with one reference, or NULL. */
struct vm_object *vm_object_allocate(uint64_t size);

/*
 * A physical object for [base, base + size) (page aligned) with one
 * reference, or NULL: device registers (device) or set-aside memory.
 */
struct vm_object *vm_object_physical(paddr_t base, uint64_t size, bool device);

/*
 * A new object of `size` bytes whose untouched pages are those of `backing`
 * from `offset` on (copy-on-write). Takes over the caller's reference to
 * backing. NULL when memory is exhausted (backing's reference is kept).
 */
struct vm_object *vm_object_shadow(struct vm_object *backing, uint64_t offset, uint64_t size);

/*
 * The page that holds `offset` of `object` (locked) for an access: its own
 * page, or one found down its shadow chain. A write gets a page of the
 * object's own, copied from the chain (or zero filled); a read may get a
 * shadow's page, which must then be mapped read-only (*own is false). With
 * create false, an offset nobody has touched gives VM_PAGE_NONE instead of a
 * new zero page. KERN_RESOURCE_SHORTAGE when memory is exhausted.
 */
kern_return_t vm_object_page_resolve(struct vm_object *object, uint64_t offset, bool write,
                                     bool create, paddr_t *pa, bool *own);

/*
 * Copies n bytes (within one page) at `offset` of the object, or of the
 * objects it shadows, into dst; bytes nobody has written read as zeros and no
 * page is created. Takes and drops the object's lock.
 */
void vm_object_read(struct vm_object *object, uint64_t offset, void *dst, size_t n);

/*
 * A new object of `size` bytes holding a copy of what `object` has from
 * `offset` on (its pages and those of its shadow chain), for a private copy
 * of a shared object. NULL when memory is exhausted. Object unlocked.
 */
struct vm_object *vm_object_copy(struct vm_object *object, uint64_t offset, uint64_t size);

/*
 * Shortens the object's shadow chain while nothing else refers to its shadow
 * (the other side of a copy-on-write has gone): the shadow's pages the object
 * lacks move into it, the rest are freed, and the shadow goes. Pages stay
 * where they are in memory, so mappings of them remain right. Stops, with
 * everything still consistent, if memory for the object's page index runs
 * out. Locked.
 */
void vm_object_collapse(struct vm_object *object);

void vm_object_reference(struct vm_object *object);

/* Drops a reference; the last one frees the object and its pages. Object unlocked. */
void vm_object_deallocate(struct vm_object *object);

/* Takes the object's lock; returns the interrupt state for vm_object_unlock. */
uint64_t vm_object_lock(struct vm_object *object);
void vm_object_unlock(struct vm_object *object, uint64_t daif);

/* The page at offset (page aligned, < size), or VM_PAGE_NONE if none is resident. Locked. */
paddr_t vm_object_page_lookup(struct vm_object *object, uint64_t offset);

/*
 * The page at offset (page aligned, < size), created zero filled if it is not
 * resident. KERN_RESOURCE_SHORTAGE when memory is exhausted. Locked.
 */
kern_return_t vm_object_page_demand(struct vm_object *object, uint64_t offset, paddr_t *pa);

/*
 * Frees the resident pages in [start, end) (page aligned). The caller has
 * removed every mapping of them from the pmaps. Locked.
 */
void vm_object_page_remove(struct vm_object *object, uint64_t start, uint64_t end);

/* Objects alive and pages they hold, over the whole system: exact, for leak checks. */
size_t vm_object_count(void);
size_t vm_object_resident_total(void);

#endif
