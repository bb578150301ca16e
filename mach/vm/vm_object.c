#include "vm/vm_object.h"

#include <stdbool.h>
#include <string.h>

#include "arch/arm64/pmap.h"
#include "arch/arm64/vm_layout.h"
#include "kern/panic.h"
#include "vm/vm_kern.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"

/* Updated atomically: objects have separate locks. */
static size_t objects_alive;
static size_t resident_total;

struct vm_object *vm_object_allocate(uint64_t size)
{
	struct vm_object *object = kalloc_zeroed(sizeof(*object));

	if (!object)
		return NULL;
	object->lock = (spinlock_t)SPINLOCK_INIT;
	object->ref_count = 1;
	object->size = size;
	vm_radix_init(&object->pages);
	__atomic_add_fetch(&objects_alive, 1, __ATOMIC_RELAXED);
	return object;
}

struct vm_object *vm_object_physical(paddr_t base, uint64_t size, bool device)
{
	struct vm_object *object = vm_object_allocate(size);

	if (object) {
		object->physical = true;
		object->device = device;
		object->phys_base = base;
	}
	return object;
}

void vm_object_reference(struct vm_object *object)
{
	uint64_t daif = vm_object_lock(object);

	object->ref_count++;
	vm_object_unlock(object, daif);
}

void vm_object_deallocate(struct vm_object *object)
{
	uint64_t daif = vm_object_lock(object);

	if (object->ref_count == 0)
		panic("vm_object %p: deallocated with no references", object);
	bool last = --object->ref_count == 0;
	vm_object_unlock(object, daif);
	if (!last)
		return;
	/* Nobody else can reach the object now, so its lock is no longer needed. */
	vm_object_page_remove(object, 0, object->size);
	if (object->resident_count != 0)
		panic("vm_object %p: %zu pages beyond its size", object, object->resident_count);
	struct vm_object *shadow = object->shadow;
	__atomic_sub_fetch(&objects_alive, 1, __ATOMIC_RELAXED);
	kfree(object);
	if (shadow)
		vm_object_deallocate(shadow);
}

struct vm_object *vm_object_shadow(struct vm_object *backing, uint64_t offset, uint64_t size)
{
	struct vm_object *object = vm_object_allocate(size);

	if (object) {
		object->shadow = backing;
		object->shadow_offset = offset;
	}
	return object;
}

kern_return_t vm_object_page_resolve(struct vm_object *object, uint64_t offset, bool write,
                                     bool create, paddr_t *pa, bool *own)
{
	*own = true;
	if (object->physical) {
		*pa = object->phys_base + offset;
		return KERN_SUCCESS;
	}
	/* Most objects shadow nothing: one lookup, and a zero page if it is missing. */
	if (!object->shadow && create)
		return vm_object_page_demand(object, offset, pa);
	paddr_t page = vm_object_page_lookup(object, offset);
	if (page != VM_PAGE_NONE) {
		*pa = page;
		return KERN_SUCCESS;
	}
	/* Down the chain: shadowed objects never gain pages, so a short lock per look is enough. */
	paddr_t found = VM_PAGE_NONE;
	uint64_t off = offset + object->shadow_offset;
	for (struct vm_object *s = object->shadow; s && found == VM_PAGE_NONE; s = s->shadow) {
		if (off >= s->size)
			break;
		uint64_t daif = vm_object_lock(s);
		found = vm_object_page_lookup(s, off);
		vm_object_unlock(s, daif);
		off += s->shadow_offset;
	}
	if (found != VM_PAGE_NONE && !write) {
		*pa = found;
		*own = false;
		return KERN_SUCCESS;
	}
	if (found == VM_PAGE_NONE && !create) {
		*pa = VM_PAGE_NONE;
		return KERN_SUCCESS;
	}
	kern_return_t kr = vm_object_page_demand(object, offset, pa);
	if (kr == KERN_SUCCESS && found != VM_PAGE_NONE)
		memcpy(phys_to_kva(*pa), phys_to_kva(found), PAGE_SIZE);
	return kr;
}

void vm_object_read(struct vm_object *object, uint64_t offset, void *dst, size_t n)
{
	uint64_t daif = vm_object_lock(object);
	paddr_t pa;
	bool own;

	vm_object_page_resolve(object, trunc_page(offset), false, false, &pa, &own);
	if (pa == VM_PAGE_NONE)
		memset(dst, 0, n);
	else
		memcpy(dst, (char *)phys_to_kva(pa) + (offset & PAGE_MASK), n);
	vm_object_unlock(object, daif);
}

struct vm_object *vm_object_copy(struct vm_object *object, uint64_t offset, uint64_t size)
{
	struct vm_object *copy = vm_object_allocate(size);

	for (uint64_t at = 0; copy && at < size; at += PAGE_SIZE) {
		paddr_t from, to;
		bool own;
		uint64_t daif = vm_object_lock(object);
		vm_object_page_resolve(object, offset + at, false, false, &from, &own);
		kern_return_t kr = KERN_SUCCESS;
		if (from != VM_PAGE_NONE) {
			/* The new object is ours alone: its lock is not needed. */
			kr = vm_object_page_demand(copy, at, &to);
			if (kr == KERN_SUCCESS)
				memcpy(phys_to_kva(to), phys_to_kva(from), PAGE_SIZE);
		}
		vm_object_unlock(object, daif);
		if (kr != KERN_SUCCESS) {
			vm_object_deallocate(copy);
			copy = NULL;
		}
	}
	return copy;
}

/* Moves the shadow's pages into `object` (see vm_object_collapse); false if one could not be. */
static bool collapse_pages(struct vm_object *object, struct vm_object *backing)
{
	uint64_t index = 0;
	paddr_t page;

	while ((page = vm_radix_lookup_ge(&backing->pages, index, &index)) != VM_PAGE_NONE) {
		uint64_t offset = index << PAGE_SHIFT;
		bool inside = offset >= object->shadow_offset &&
		              offset - object->shadow_offset < object->size;
		uint64_t mine = (offset - object->shadow_offset) >> PAGE_SHIFT;
		if (inside && vm_radix_lookup(&object->pages, mine) == VM_PAGE_NONE) {
			/* Into the object first: a failure leaves the page where it was. */
			if (vm_radix_insert(&object->pages, mine, page) != KERN_SUCCESS)
				return false;
			object->resident_count++;
		} else {
			vm_phys_free(page, 0);
			__atomic_sub_fetch(&resident_total, 1, __ATOMIC_RELAXED);
		}
		vm_radix_remove(&backing->pages, index);
		backing->resident_count--;
		index++;
	}
	return true;
}

void vm_object_collapse(struct vm_object *object)
{
	struct vm_object *backing;

	while ((backing = object->shadow) != NULL) {
		uint64_t daif = vm_object_lock(backing);
		if (backing->ref_count != 1 || backing->shared || !collapse_pages(object, backing)) {
			vm_object_unlock(backing, daif);
			return;
		}
		object->shadow = backing->shadow;
		object->shadow_offset += backing->shadow_offset;
		backing->shadow = NULL;
		backing->ref_count = 0;
		vm_object_unlock(backing, daif);
		__atomic_sub_fetch(&objects_alive, 1, __ATOMIC_RELAXED);
		kfree(backing);
	}
}

uint64_t vm_object_lock(struct vm_object *object)
{
	return spin_lock_irqsave(&object->lock);
}

void vm_object_unlock(struct vm_object *object, uint64_t daif)
{
	spin_unlock_irqrestore(&object->lock, daif);
}

paddr_t vm_object_page_lookup(struct vm_object *object, uint64_t offset)
{
	return vm_radix_lookup(&object->pages, offset >> PAGE_SHIFT);
}

kern_return_t vm_object_page_demand(struct vm_object *object, uint64_t offset, paddr_t *pa)
{
	paddr_t page;

	if (offset >= object->size)
		panic("vm_object %p: page at 0x%lx, beyond its size 0x%lx", object, offset,
		      object->size);
	page = vm_radix_lookup(&object->pages, offset >> PAGE_SHIFT);
	if (page == VM_PAGE_NONE) {
		page = vm_phys_alloc(0);
		if (page == VM_PAGE_NONE)
			return KERN_RESOURCE_SHORTAGE;
		arch_page_zero(phys_to_kva(page));
		if (vm_radix_insert(&object->pages, offset >> PAGE_SHIFT, page) != KERN_SUCCESS) {
			vm_phys_free(page, 0);
			return KERN_RESOURCE_SHORTAGE;
		}
		object->resident_count++;
		__atomic_add_fetch(&resident_total, 1, __ATOMIC_RELAXED);
	}
	*pa = page;
	return KERN_SUCCESS;
}

/* A page vm_object_page_remove took out of object `ctx`: it goes back to the free pool. */
static void page_removed(void *ctx, uint64_t index, paddr_t page)
{
	struct vm_object *object = ctx;

	(void)index;
	vm_phys_free(page, 0);
	object->resident_count--;
	__atomic_sub_fetch(&resident_total, 1, __ATOMIC_RELAXED);
}

void vm_object_page_remove(struct vm_object *object, uint64_t start, uint64_t end)
{
	vm_radix_remove_range(&object->pages, start >> PAGE_SHIFT, end >> PAGE_SHIFT, page_removed,
	                      object);
}

size_t vm_object_count(void)
{
	return __atomic_load_n(&objects_alive, __ATOMIC_RELAXED);
}

size_t vm_object_resident_total(void)
{
	return __atomic_load_n(&resident_total, __ATOMIC_RELAXED);
}
