#include "vm/vm_map.h"

#include "arch/arm64/pmap.h"
#include "vm/vm_kern.h"
#include "vm/vm_object.h"

uint64_t vm_map_size(struct vm_map *map)
{
	uint64_t daif = spin_lock_irqsave(&map->lock);
	uint64_t size = map->size;

	spin_unlock_irqrestore(&map->lock, daif);
	return size;
}

struct vm_map *vm_map_create(void)
{
	struct vm_map *map = kalloc_zeroed(sizeof(*map));

	if (!map)
		return NULL;
	map->pmap = pmap_create();
	if (!map->pmap) {
		kfree(map);
		return NULL;
	}
	map->lock = (spinlock_t)SPINLOCK_INIT;
	vm_map_entry_list_init(&map->entries, VM_MAP_MIN_ADDRESS, VM_MAP_MAX_ADDRESS);
	return map;
}

void vm_map_destroy(struct vm_map *map)
{
	struct vm_map_entry *e;

	/*
	 * The pmap goes first: it flushes the ASID, so no translation outlives
	 * the pages freed below, and its entries need no unmapping one by one.
	 */
	pmap_destroy(map->pmap);
	while (!vm_map_entry_is_end(&map->entries, e = vm_map_entry_first(&map->entries))) {
		vm_map_entry_unlink(&map->entries, e);
		vm_object_deallocate(e->object);
		kfree(e);
	}
	kfree(map);
}

/* Maps `object` (its reference is taken over on success) at *addr; see vm_map_enter_anon. */
static kern_return_t vm_map_enter(struct vm_map *map, vaddr_t *addr, uint64_t size, bool anywhere,
                                  vm_prot_t cur, vm_prot_t max, struct vm_object *object,
                                  uint64_t offset)
{
	struct vm_map_entry *entry, *prev;
	vaddr_t start = trunc_page(*addr);
	uint64_t rsize = round_page(size);
	kern_return_t kr = KERN_SUCCESS;

	if (size == 0 || rsize < size || ((cur | max) & ~VM_PROT_ALL) || (cur & ~max))
		return KERN_INVALID_ARGUMENT;
	entry = kalloc(sizeof(*entry));
	if (!entry) {
		kr = KERN_RESOURCE_SHORTAGE;
		goto bad;
	}

	uint64_t daif = spin_lock_irqsave(&map->lock);
	if (anywhere)
		kr = vm_map_entry_find_space(&map->entries, start, rsize, &start, &prev);
	else if (start < map->entries.min)
		kr = KERN_INVALID_ADDRESS;
	else if (start + rsize < start || start + rsize > map->entries.max ||
	         !vm_map_entry_range_free(&map->entries, start, start + rsize, &prev))
		kr = KERN_NO_SPACE;
	if (kr == KERN_SUCCESS) {
		entry->start = start;
		entry->end = start + rsize;
		entry->object = object;
		entry->offset = offset;
		entry->protection = cur;
		entry->max_protection = max;
		entry->inheritance = VM_INHERIT_DEFAULT;
		vm_map_entry_link(&map->entries, prev, entry);
		map->size += rsize;
	}
	spin_unlock_irqrestore(&map->lock, daif);
	if (kr != KERN_SUCCESS)
		goto bad;
	*addr = start;
	return KERN_SUCCESS;

bad:
	kfree(entry);
	return kr;
}

kern_return_t vm_map_enter_anon(struct vm_map *map, vaddr_t *addr, uint64_t size, bool anywhere,
                                vm_prot_t cur, vm_prot_t max)
{
	uint64_t rsize = round_page(size);
	struct vm_object *object = rsize >= size && size ? vm_object_allocate(rsize) : NULL;

	if (size && rsize >= size && !object)
		return KERN_RESOURCE_SHORTAGE;
	kern_return_t kr = vm_map_enter(map, addr, size, anywhere, cur, max, object, 0);
	if (kr != KERN_SUCCESS && object)
		vm_object_deallocate(object);
	return kr;
}

kern_return_t vm_map_enter_object(struct vm_map *map, vaddr_t *addr, uint64_t size,
                                  struct vm_object *object, vm_prot_t cur, vm_prot_t max)
{
	return vm_map_enter(map, addr, size, true, cur, max, object, 0);
}

kern_return_t vm_map_enter_object_at(struct vm_map *map, vaddr_t *addr, uint64_t size,
                                     struct vm_object *object, uint64_t offset, bool anywhere,
                                     vm_prot_t cur, vm_prot_t max)
{
	if (offset & PAGE_MASK)
		return KERN_INVALID_ARGUMENT;
	return vm_map_enter(map, addr, size, anywhere, cur, max, object, offset);
}

kern_return_t vm_map_share_range(struct vm_map *map, vaddr_t start, uint64_t size,
                                 struct vm_object **object, uint64_t *offset, vm_prot_t *max)
{
	struct vm_map_entry *e;
	kern_return_t kr = KERN_SUCCESS;

	if ((start | size) & PAGE_MASK || size == 0 || start + size < start)
		return KERN_INVALID_ARGUMENT;
	uint64_t daif = spin_lock_irqsave(&map->lock);
	if (!vm_map_entry_lookup(&map->entries, start, &e) || e->end < start + size) {
		kr = KERN_INVALID_ADDRESS; /* not inside one mapping */
	} else if (e->object->device) {
		kr =
		    KERN_PROTECTION_FAILURE; /* registers belong to the task they were mapped for */
	} else {
		/* Set-aside memory (the boot volume) has no pages, so no shadow to hide either. */
		if (!e->object->shared && !e->object->physical) {
			/* From now on no sharer maps a page of the shadow chain: drop ours. */
			e->object->shared = true;
			pmap_remove(map->pmap, e->start, e->end);
		}
		vm_object_reference(e->object);
		*object = e->object;
		*offset = e->offset + (start - e->start);
		*max = e->max_protection;
	}
	spin_unlock_irqrestore(&map->lock, daif);
	return kr;
}

/* Makes addr an entry boundary, splitting the entry that straddles it. Map locked. */
static kern_return_t vm_map_clip(struct vm_map *map, vaddr_t addr)
{
	struct vm_map_entry *e, *spare;

	if (!vm_map_entry_lookup(&map->entries, addr, &e) || e->start == addr)
		return KERN_SUCCESS;
	spare = kalloc(sizeof(*spare));
	if (!spare)
		return KERN_RESOURCE_SHORTAGE;
	vm_map_entry_split(&map->entries, e, addr, spare);
	vm_object_reference(spare->object);
	return KERN_SUCCESS;
}

/* Makes start and end entry boundaries; a failure leaves the map's meaning unchanged. */
static kern_return_t vm_map_clip_range(struct vm_map *map, vaddr_t start, vaddr_t end)
{
	kern_return_t kr = vm_map_clip(map, start);

	return kr == KERN_SUCCESS ? vm_map_clip(map, end) : kr;
}

/* The first entry at or above addr, or the sentinel. Map locked. */
static struct vm_map_entry *vm_map_entry_from(struct vm_map *map, vaddr_t addr)
{
	struct vm_map_entry *e;

	return vm_map_entry_lookup(&map->entries, addr, &e) ? e : e->next;
}

/* Clamps [*start, *end) to the map and widens it to pages; false if nothing is left. */
static bool vm_map_range(struct vm_map *map, vaddr_t *start, vaddr_t *end)
{
	if (*start < map->entries.min)
		*start = map->entries.min;
	if (*end > map->entries.max)
		*end = map->entries.max;
	*start = trunc_page(*start);
	*end = round_page(*end);
	return *start < *end;
}

/* Unmaps e, frees its pages (see vm_map.h for why that is safe) and the entry. Map locked. */
static void vm_map_entry_delete(struct vm_map *map, struct vm_map_entry *e)
{
	uint64_t size = e->end - e->start;

	pmap_remove(map->pmap, e->start, e->end);
	/* A shared object's pages may still be mapped elsewhere: they go when it dies. */
	if (!e->object->shared) {
		uint64_t daif = vm_object_lock(e->object);
		vm_object_page_remove(e->object, e->offset, e->offset + size);
		vm_object_unlock(e->object, daif);
	}
	vm_map_entry_unlink(&map->entries, e);
	map->size -= size;
	vm_object_deallocate(e->object);
	kfree(e);
}

kern_return_t vm_map_remove(struct vm_map *map, vaddr_t start, vaddr_t end)
{
	if (end < start)
		return KERN_INVALID_ARGUMENT;
	if (!vm_map_range(map, &start, &end))
		return KERN_SUCCESS;

	uint64_t daif = spin_lock_irqsave(&map->lock);
	kern_return_t kr = vm_map_clip_range(map, start, end);
	if (kr == KERN_SUCCESS) {
		struct vm_map_entry *e = vm_map_entry_from(map, start);
		while (!vm_map_entry_is_end(&map->entries, e) && e->start < end) {
			struct vm_map_entry *next = e->next;
			vm_map_entry_delete(map, e);
			e = next;
		}
	}
	spin_unlock_irqrestore(&map->lock, daif);
	return kr;
}

/* Whether [start, end) is mapped without holes by entries whose maximum allows prot. */
static kern_return_t vm_map_check_protect(struct vm_map *map, vaddr_t start, vaddr_t end,
                                          vm_prot_t prot)
{
	struct vm_map_entry *e;
	vaddr_t covered = start;

	if (!vm_map_entry_lookup(&map->entries, start, &e))
		return KERN_INVALID_ADDRESS;
	for (; !vm_map_entry_is_end(&map->entries, e) && e->start < end; e = e->next) {
		if (e->start > covered)
			return KERN_INVALID_ADDRESS;
		if (prot & ~e->max_protection)
			return KERN_PROTECTION_FAILURE;
		covered = e->end;
	}
	return covered < end ? KERN_INVALID_ADDRESS : KERN_SUCCESS;
}

kern_return_t vm_map_protect(struct vm_map *map, vaddr_t start, vaddr_t end, bool set_max,
                             vm_prot_t prot)
{
	if ((prot & ~VM_PROT_ALL) || end < start || round_page(end) < end)
		return KERN_INVALID_ARGUMENT;
	start = trunc_page(start);
	end = round_page(end);
	if (start == end)
		return KERN_SUCCESS;

	uint64_t daif = spin_lock_irqsave(&map->lock);
	kern_return_t kr = vm_map_check_protect(map, start, end, prot);
	if (kr == KERN_SUCCESS)
		kr = vm_map_clip_range(map, start, end);
	if (kr == KERN_SUCCESS) {
		for (struct vm_map_entry *e = vm_map_entry_from(map, start);
		     !vm_map_entry_is_end(&map->entries, e) && e->start < end; e = e->next) {
			vm_prot_t old = e->protection;
			if (set_max) {
				e->max_protection = prot;
				e->protection &= prot;
			} else {
				e->protection = prot;
			}
			if (e->protection != old)
				pmap_protect(map->pmap, e->start, e->end, e->protection);
		}
	}
	spin_unlock_irqrestore(&map->lock, daif);
	return kr;
}

kern_return_t vm_map_inherit(struct vm_map *map, vaddr_t start, vaddr_t end,
                             vm_inherit_t inheritance)
{
	if (inheritance > VM_INHERIT_NONE || end < start)
		return KERN_INVALID_ARGUMENT;
	if (!vm_map_range(map, &start, &end))
		return KERN_SUCCESS;

	uint64_t daif = spin_lock_irqsave(&map->lock);
	kern_return_t kr = vm_map_clip_range(map, start, end);
	if (kr == KERN_SUCCESS)
		for (struct vm_map_entry *e = vm_map_entry_from(map, start);
		     !vm_map_entry_is_end(&map->entries, e) && e->start < end; e = e->next)
			e->inheritance = inheritance;
	spin_unlock_irqrestore(&map->lock, daif);
	return kr;
}

kern_return_t vm_map_region(struct vm_map *map, vaddr_t *addr, uint64_t *size,
                            struct vm_map_region_info *info)
{
	kern_return_t kr = KERN_INVALID_ADDRESS;
	uint64_t daif = spin_lock_irqsave(&map->lock);
	struct vm_map_entry *e = vm_map_entry_from(map, *addr);

	if (!vm_map_entry_is_end(&map->entries, e)) {
		*addr = e->start;
		*size = e->end - e->start;
		info->protection = e->protection;
		info->max_protection = e->max_protection;
		info->inheritance = e->inheritance;
		info->offset = e->offset;
		kr = KERN_SUCCESS;
	}
	spin_unlock_irqrestore(&map->lock, daif);
	return kr;
}

kern_return_t vm_map_copy_object(struct vm_map *map, vaddr_t start, uint64_t size,
                                 struct vm_object **copy)
{
	struct vm_map_entry *e;
	vaddr_t end = start + size;
	kern_return_t kr;

	if ((start | size) & PAGE_MASK || size == 0 || end < start)
		return KERN_INVALID_ARGUMENT;
	uint64_t daif = spin_lock_irqsave(&map->lock);
	if (!vm_map_entry_lookup(&map->entries, start, &e) || e->end < end ||
	    !(e->protection & VM_PROT_READ) || e->object->physical || e->object->shared) {
		kr = KERN_INVALID_ADDRESS; /* not one readable entry: the caller copies instead */
		goto out;
	}
	struct vm_object *mine = vm_object_shadow(e->object, 0, size);
	struct vm_object *theirs = mine ? vm_object_shadow(e->object, 0, size) : NULL;
	if (!theirs || (kr = vm_map_clip_range(map, start, end)) != KERN_SUCCESS) {
		if (mine) {
			mine->shadow = NULL;
			vm_object_deallocate(mine);
		}
		if (theirs) {
			theirs->shadow = NULL;
			vm_object_deallocate(theirs);
		}
		kr = KERN_RESOURCE_SHORTAGE;
		goto out;
	}
	/* Clipping may have split the entry: find the piece that is exactly [start, end). */
	vm_map_entry_lookup(&map->entries, start, &e);
	mine->shadow = theirs->shadow = e->object;
	mine->shadow_offset = theirs->shadow_offset = e->offset;
	/* The entry's reference to its object goes to `mine`, one more to `theirs`. */
	vm_object_reference(e->object);
	e->object = mine;
	e->offset = 0;
	pmap_protect(map->pmap, e->start, e->end, e->protection & ~VM_PROT_WRITE);
	*copy = theirs;
	kr = KERN_SUCCESS;
out:
	spin_unlock_irqrestore(&map->lock, daif);
	return kr;
}
