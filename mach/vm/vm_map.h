/*
 * Address maps: a task's user address space as Mach sees it, a sorted set of
 * entries (vm/vm_map_entry.h) each mapping part of a memory object
 * (vm/vm_object.h) with current and maximum rights and an inheritance, over
 * the pmap (arch/arm64/pmap.h) that the hardware walks. The pmap is only a
 * cache of the map: vm_fault fills it in on demand.
 *
 * Every entry at this step maps its own anonymous object, created with it.
 * Splitting an entry makes both halves share the object at disjoint offsets,
 * so the pages under a removed range can never be reached again and are
 * freed at once. Sharing between maps (inheritance on fork, memory entries)
 * and copy-on-write will change that rule, and the entry's object and offset
 * are where they plug in.
 *
 * Locking: map->lock protects the entry list and size; the pmap is fixed for
 * the map's life. It is a spin lock for now, which is only right while no
 * operation under it can block: once faults may wait (for a pager, for free
 * memory), it must become a sleeping reader/writer lock. Lock order: map,
 * then object, then pmap, then the page pool (vm_phys) and heap; two maps
 * at once (a copy between them) are taken lower address first.
 *
 * Callers: the kernel (task creation, the program loader, Mach VM calls on
 * a task's behalf). Addresses and sizes are user values and are checked.
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kern/spinlock.h"
#include "mach/kern_return.h"
#include "mach/vm_prot.h"
#include "vm/vm_map_entry.h"
#include "vm/vm_param.h"

/*
 * The user range: page 0 stays unmapped so null pointers fault, and the top
 * is the lower half of the 48-bit TTBR0 range.
 */
#define VM_MAP_MIN_ADDRESS 0x1000UL
#define VM_MAP_MAX_ADDRESS 0x0000800000000000UL

struct pmap;

struct vm_map {
	spinlock_t lock;
	struct vm_map_entry_list entries; /* protected by lock */
	uint64_t size;                    /* bytes mapped; protected by lock */
	struct pmap *pmap;                /* owned; fixed for the map's life */
};

/* What vm_map_region reports about one entry. */
struct vm_map_region_info {
	vm_prot_t protection;
	vm_prot_t max_protection;
	vm_inherit_t inheritance;
	uint64_t offset; /* object offset of the region's start */
};

/* Bytes mapped (task_info's virtual size). */
uint64_t vm_map_size(struct vm_map *map);

/* An empty map with its own pmap, or NULL when memory or ASIDs run out. */
struct vm_map *vm_map_create(void);

/*
 * Frees everything the map holds: entries, objects, pages, pmap. The caller
 * has the only reference, and the pmap must not be active on any CPU.
 */
void vm_map_destroy(struct vm_map *map);

static inline struct pmap *vm_map_pmap(struct vm_map *map)
{
	return map->pmap;
}

/*
 * Maps new zero-filled memory of size bytes (rounded up to pages) with
 * rights cur and max, inheritance VM_INHERIT_DEFAULT. anywhere: at the lowest
 * free range at or above *addr; otherwise exactly at *addr (truncated to a
 * page). The start is returned in *addr. As XNU answers: a zero or
 * overflowing size, unknown rights or cur beyond max are
 * KERN_INVALID_ARGUMENT; a fixed address below the map is
 * KERN_INVALID_ADDRESS; no room, a fixed range past the top or over an
 * existing mapping is KERN_NO_SPACE; KERN_RESOURCE_SHORTAGE when memory runs
 * out. (mach_vm_allocate answers a zero size with success before calling.)
 */
/*
 * Maps `object` (from offset 0, size bytes) anywhere in the map, taking over
 * the caller's reference on success. Errors as vm_map_enter_anon.
 */
struct vm_object;
kern_return_t vm_map_enter_object(struct vm_map *map, vaddr_t *addr, uint64_t size,
                                  struct vm_object *object, vm_prot_t cur, vm_prot_t max);

/*
 * A copy-on-write copy of [start, start + size) (page aligned, inside one
 * readable entry) as a new object with one reference, for out-of-line message
 * memory: the range's pages become shared read-only, and the first write on
 * either side copies. KERN_INVALID_ARGUMENT / KERN_INVALID_ADDRESS when the
 * range does not qualify (the caller then copies the bytes), or
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_map_copy_object(struct vm_map *map, vaddr_t start, uint64_t size,
                                 struct vm_object **copy);

kern_return_t vm_map_enter_anon(struct vm_map *map, vaddr_t *addr, uint64_t size, bool anywhere,
                                vm_prot_t cur, vm_prot_t max);

/*
 * vm_map_enter_object from `offset` (page aligned) of the object, anywhere
 * or exactly at *addr; errors as vm_map_enter_anon.
 */
kern_return_t vm_map_enter_object_at(struct vm_map *map, vaddr_t *addr, uint64_t size,
                                     struct vm_object *object, uint64_t offset, bool anywhere,
                                     vm_prot_t cur, vm_prot_t max);

/*
 * The object behind [start, start + size) (page aligned, inside one entry),
 * made shared, with a reference for the caller, its offset there and the
 * entry's maximum rights: what a memory entry for existing memory names.
 * KERN_INVALID_ADDRESS when the range is not inside one mapping;
 * KERN_PROTECTION_FAILURE for device registers. Set-aside physical memory
 * (the boot volume) may be shared, within the entry's maximum rights.
 */
kern_return_t vm_map_share_range(struct vm_map *map, vaddr_t start, uint64_t size,
                                 struct vm_object **object, uint64_t *offset, vm_prot_t *max);

/*
 * Unmaps [start, end), widened to pages and clipped to the map, splitting
 * entries that straddle its ends; holes are not an error. KERN_INVALID_ARGUMENT
 * if end < start, KERN_RESOURCE_SHORTAGE if a split cannot be allocated
 * (then nothing was unmapped).
 */
kern_return_t vm_map_remove(struct vm_map *map, vaddr_t start, vaddr_t end);

/*
 * Sets the current rights (set_max false) or the maximum rights (set_max
 * true, which also lowers the current ones to fit) of [start, end), widened
 * to pages. The range must be mapped without holes (KERN_INVALID_ADDRESS) and
 * prot within every entry's maximum (KERN_PROTECTION_FAILURE); both are
 * checked before anything changes. KERN_INVALID_ARGUMENT for bad rights or
 * a reversed range. Rights removed take effect at once; rights added, at the
 * next fault.
 */
kern_return_t vm_map_protect(struct vm_map *map, vaddr_t start, vaddr_t end, bool set_max,
                             vm_prot_t prot);

/* Sets the inheritance of [start, end), widened to pages; holes are skipped. */
kern_return_t vm_map_inherit(struct vm_map *map, vaddr_t start, vaddr_t end,
                             vm_inherit_t inheritance);

/*
 * The entry containing *addr or, if none does, the first one above it: its
 * start in *addr, its length in *size, its rights and inheritance in *info.
 * KERN_INVALID_ADDRESS when there is no entry at or above *addr.
 */
kern_return_t vm_map_region(struct vm_map *map, vaddr_t *addr, uint64_t *size,
                            struct vm_map_region_info *info);

/*
 * Copying bytes (vm/vm_map_copy.c): between a kernel buffer and the map's
 * memory at dst/src, between two maps (or within one), and from an object
 * (a message's copy-on-write pages, from offset 0) into a map. The bytes
 * move through the objects' pages and the kernel's linear map, so no map
 * need be the current one and nothing is allocated but the pages a write
 * needs: a write resolves its page as a write fault would (copy-on-write
 * broken, a zero page created), a read as a read would, except that a page
 * never touched reads as zeros without being created.
 *
 * Each page of the source needs read rights, each of the destination write
 * rights, unless force is set, as the program loader does to fill read-only
 * text; physical memory (device registers, the boot volume) is reached only
 * through its own mappings. Both ranges are checked whole, the source first,
 * before anything is copied, so these errors leave the destination
 * untouched: KERN_INVALID_ADDRESS for an unmapped page or a range that wraps,
 * KERN_PROTECTION_FAILURE for a missing right or physical memory (and
 * KERN_INVALID_ADDRESS for an object range beyond the object). Should the
 * maps change during the copy, or memory run out (KERN_RESOURCE_SHORTAGE),
 * the bytes before the failing page have been copied. Within one map,
 * overlapping ranges copy as memmove does. Size 0 always succeeds.
 *
 * Locking: the callers hold no VM lock. A copy takes, page by page, the map
 * locks (two maps: lower address first), then one object lock at a time:
 * the destination's to resolve its page, then the source's over the copy.
 */
kern_return_t vm_map_copyout_bytes(struct vm_map *map, vaddr_t dst, const void *src, size_t size,
                                   bool force);
kern_return_t vm_map_copyin_bytes(struct vm_map *map, vaddr_t src, void *dst, size_t size,
                                  bool force);
kern_return_t vm_map_copy_between(struct vm_map *src_map, vaddr_t src, struct vm_map *dst_map,
                                  vaddr_t dst, uint64_t size);
kern_return_t vm_map_copyout_object(struct vm_map *map, vaddr_t dst, struct vm_object *object,
                                    uint64_t size);

#endif
