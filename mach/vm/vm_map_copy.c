/*
 * Copying bytes into, out of and between address maps (declared in
 * vm/vm_map.h): mach_vm_read_overwrite, mach_vm_write, mach_vm_copy, the VM
 * traps' out-parameters and the program loader.
 *
 * Nothing is allocated on the way and neither map need be the current one:
 * each side's page is resolved in its entry's object as the access would be
 * (a read takes the page wherever the shadow chain holds it, and a page
 * nobody has touched reads as zeros without being created; a write gets the
 * object's own page, breaking copy-on-write or creating a zero page), and
 * the bytes move between the two pages through the kernel's linear map of
 * physical memory, one chunk at a time: the largest piece that lies within
 * one page on each side.
 *
 * Both ranges are checked whole (mapped, not physical memory, the rights)
 * before the first byte moves, source first, as XNU copies the source in
 * before it overwrites: an error from the state of the maps leaves the
 * destination untouched. Only what changes during the copy (another thread
 * unmapping, memory running out) stops it part way.
 *
 * Locking, per chunk: the map locks (two maps: lower address first), which
 * keep both entries and their objects; then the destination object's lock,
 * only while its page is resolved: an object's own page stays while a map
 * that maps it is locked (only removing the entry frees it, unless the
 * object is shared, and then only its death does). Then the source object's
 * lock, held over the copy, as vm_fault holds it: a fault in another map may
 * collapse a shared object's shadow chain and free the page being read. One
 * object lock at a time, because one object may be the other's shadow (the
 * rest of an entry whose middle went copy-on-write into a message still maps
 * the object that the middle now shadows).
 */
#include <string.h>

#include "arch/arm64/pmap.h"
#include "arch/arm64/vm_layout.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

/*
 * One side of a copy: user memory at addr in map; or, map NULL, the memory of
 * object at offset addr (a source only); or, both NULL, kernel memory at buf
 * + addr.
 */
struct copy_side {
	struct vm_map *map;
	struct vm_object *object;
	char *buf;
	uint64_t addr;
	bool force; /* map: no rights needed (the loader filling read-only text) */
};

/* One side resolved for one chunk. */
struct copy_page {
	struct vm_map_entry *entry; /* the map's entry, or NULL */
	struct vm_object *object;   /* the object holding the page, or NULL */
	char *at;                   /* the chunk's bytes, NULL for a page nobody touched */
};

/* Takes the locks a and b (either may be NULL, or both the same), lower address first. */
static inline uint64_t lock_pair(spinlock_t *a, spinlock_t *b)
{
	if (!a || a == b) {
		a = b;
		b = NULL;
	} else if (b && b < a) {
		spinlock_t *t = a;
		a = b;
		b = t;
	}
	uint64_t daif = a ? spin_lock_irqsave(a) : irq_save();
	if (b)
		spin_lock(b);
	return daif;
}

static inline void unlock_pair(spinlock_t *a, spinlock_t *b, uint64_t daif)
{
	if (a)
		spin_unlock(a);
	if (b && b != a)
		spin_unlock(b);
	irq_restore(daif);
}

static spinlock_t *map_lock(struct vm_map *map)
{
	return map ? &map->lock : NULL;
}

/* The entry mapping addr, if it allows the access. Map locked. */
static kern_return_t entry_for(struct vm_map *map, vaddr_t addr, bool write, bool force,
                               struct vm_map_entry **e)
{
	if (!vm_map_entry_lookup(&map->entries, addr, e))
		return KERN_INVALID_ADDRESS;
	if ((*e)->object->physical)
		return KERN_PROTECTION_FAILURE; /* reached only through its own mappings */
	if (!force && !((*e)->protection & (write ? VM_PROT_WRITE : VM_PROT_READ)))
		return KERN_PROTECTION_FAILURE;
	return KERN_SUCCESS;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* The bytes left in addr's page. */
static uint64_t page_room(uint64_t addr)
{
	return PAGE_SIZE - (addr & PAGE_MASK);
}

/* Whether a map side's size bytes may all be accessed: the first failure in address order. */
static kern_return_t check_side(const struct copy_side *s, uint64_t size, bool write)
{
	for (vaddr_t at = s->addr; s->map && at < s->addr + size;) {
		struct vm_map_entry *e;
		kern_return_t kr = entry_for(s->map, at, write, s->force, &e);
		if (kr != KERN_SUCCESS)
			return kr;
		at = e->end;
	}
	return KERN_SUCCESS;
}

/*
 * Finds the entry and object of the side's chunk at addr; a kernel buffer's
 * bytes are at hand. Map locked.
 */
static inline kern_return_t find_page(const struct copy_side *s, uint64_t addr, bool write,
                                      struct copy_page *p)
{
	p->entry = NULL;
	p->object = s->object;
	p->at = NULL;
	if (!s->map) {
		if (!s->object)
			p->at = s->buf + addr;
		return KERN_SUCCESS;
	}
	kern_return_t kr = entry_for(s->map, addr, write, s->force, &p->entry);
	p->object = kr == KERN_SUCCESS ? p->entry->object : NULL;
	return kr;
}

/*
 * Points p->at at the bytes at addr in the side's object for the access. A
 * write breaking copy-on-write drops the map's read-only mapping of the old
 * page, so the next access faults in the new one. Map and object locked.
 */
static kern_return_t resolve_page(const struct copy_side *s, uint64_t addr, bool write,
                                  struct copy_page *p)
{
	uint64_t offset = trunc_page(addr);
	paddr_t pa;
	bool own;

	if (p->entry)
		offset = p->entry->offset + (offset - p->entry->start);
	if (!write) {
		vm_object_page_resolve(p->object, offset, false, false, &pa, &own);
		p->at = pa == VM_PAGE_NONE ? NULL : (char *)phys_to_kva(pa) + (addr & PAGE_MASK);
		return KERN_SUCCESS;
	}
	bool breaks_cow =
	    p->object->shadow && vm_object_page_lookup(p->object, offset) == VM_PAGE_NONE;
	kern_return_t kr = vm_object_page_resolve(p->object, offset, true, true, &pa, &own);
	if (kr != KERN_SUCCESS)
		return kr;
	if (breaks_cow)
		pmap_remove(s->map->pmap, trunc_page(addr), trunc_page(addr) + PAGE_SIZE);
	p->at = (char *)phys_to_kva(pa) + (addr & PAGE_MASK);
	return KERN_SUCCESS;
}

/*
 * Copies n bytes (within one page on each side) from src + at to dst + at;
 * with check, both whole ranges in maps (size bytes) are checked first.
 */
static kern_return_t copy_chunk(const struct copy_side *src, const struct copy_side *dst,
                                uint64_t at, uint64_t n, bool check, uint64_t size)
{
	struct copy_page from = {0}, to = {0};
	uint64_t daif = lock_pair(map_lock(src->map), map_lock(dst->map));
	kern_return_t kr = KERN_SUCCESS;

	if (check) {
		kr = check_side(src, size, false);
		if (kr == KERN_SUCCESS)
			kr = check_side(dst, size, true);
	}
	if (kr == KERN_SUCCESS)
		kr = find_page(src, src->addr + at, false, &from);
	if (kr == KERN_SUCCESS)
		kr = find_page(dst, dst->addr + at, true, &to);
	/* The destination's page first, so that only one object is locked at a time. */
	if (kr == KERN_SUCCESS && to.object) {
		uint64_t odaif = vm_object_lock(to.object);
		kr = resolve_page(dst, dst->addr + at, true, &to);
		vm_object_unlock(to.object, odaif);
	}
	if (kr == KERN_SUCCESS) {
		uint64_t odaif = 0;
		if (from.object) {
			odaif = vm_object_lock(from.object);
			resolve_page(src, src->addr + at, false, &from);
		}
		/* memmove: in one map the two may be the same page. */
		if (from.at)
			memmove(to.at, from.at, n);
		else
			memset(to.at, 0, n);
		if (from.object)
			vm_object_unlock(from.object, odaif);
		/* Already mapped executable, perhaps; later mappings sync themselves. */
		if (to.entry && (to.entry->protection & VM_PROT_EXECUTE))
			pmap_sync_icache(kva_to_phys(to.at), n);
	}
	unlock_pair(map_lock(src->map), map_lock(dst->map), daif);
	return kr;
}

/*
 * Copies size bytes from src to dst chunk by chunk, backwards when they are
 * in one map and the destination overlaps the source from above (memmove).
 */
static kern_return_t copy(const struct copy_side *src, const struct copy_side *dst, uint64_t size)
{
	bool one_map = src->map && src->map == dst->map;
	bool backwards = one_map && dst->addr > src->addr && dst->addr < src->addr + size;
	kern_return_t kr = KERN_SUCCESS;

	if ((src->map && src->addr + size < src->addr) ||
	    (dst->map && dst->addr + size < dst->addr))
		return KERN_INVALID_ADDRESS;
	/* An object's size and kind are fixed: checked here, without its lock. */
	if (src->object && src->object->physical)
		return KERN_PROTECTION_FAILURE;
	if (src->object && (src->addr + size < src->addr || src->addr + size > src->object->size))
		return KERN_INVALID_ADDRESS;
	for (uint64_t done = 0; done < size && kr == KERN_SUCCESS;) {
		uint64_t left = size - done, n = left, at;
		if (backwards) {
			/* The chunk ending at `left`: within the pages of its last bytes. */
			n = min_u64(n, ((src->addr + left - 1) & PAGE_MASK) + 1);
			n = min_u64(n, ((dst->addr + left - 1) & PAGE_MASK) + 1);
			at = left - n;
		} else {
			at = done;
			if (src->map || src->object)
				n = min_u64(n, page_room(src->addr + at));
			if (dst->map)
				n = min_u64(n, page_room(dst->addr + at));
		}
		/* A copy done in one chunk is checked by the chunk's own lookups. */
		kr = copy_chunk(src, dst, at, n, done == 0 && n < size, size);
		done += n;
	}
	return kr;
}

kern_return_t vm_map_copyout_bytes(struct vm_map *map, vaddr_t dst, const void *src, size_t size,
                                   bool force)
{
	struct copy_side from = {.buf = (char *)src};
	struct copy_side to = {.map = map, .addr = dst, .force = force};

	return copy(&from, &to, size);
}

kern_return_t vm_map_copyin_bytes(struct vm_map *map, vaddr_t src, void *dst, size_t size,
                                  bool force)
{
	struct copy_side from = {.map = map, .addr = src, .force = force};
	struct copy_side to = {.buf = dst};

	return copy(&from, &to, size);
}

kern_return_t vm_map_copy_between(struct vm_map *src_map, vaddr_t src, struct vm_map *dst_map,
                                  vaddr_t dst, uint64_t size)
{
	struct copy_side from = {.map = src_map, .addr = src}, to = {.map = dst_map, .addr = dst};

	return copy(&from, &to, size);
}

kern_return_t vm_map_copyout_object(struct vm_map *map, vaddr_t dst, struct vm_object *object,
                                    uint64_t size)
{
	struct copy_side from = {.object = object}, to = {.map = map, .addr = dst};

	return copy(&from, &to, size);
}
