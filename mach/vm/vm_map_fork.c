/*
 * A child task's address space made from its parent's (task_create with
 * inherit_memory). Entries marked VM_INHERIT_NONE are left out; the others are
 * copied, page by page, now. Copy-on-write (and true VM_INHERIT_SHARE, which
 * needs objects that know they are shared) replaces the eager copy next.
 */
#include "vm/vm_map_fork.h"

#include <string.h>

#include "arch/arm64/vm_layout.h"
#include "vm/vm_kern.h"
#include "vm/vm_object.h"
#include "vm/vm_page.h"

/* A copy of the resident pages of e's range in a new object; NULL if memory ran out. */
static struct vm_object *copy_entry_object(const struct vm_map_entry *e)
{
	uint64_t size = e->end - e->start;
	struct vm_object *copy = vm_object_allocate(size);

	if (!copy)
		return NULL;
	uint64_t src_daif = vm_object_lock(e->object);
	uint64_t dst_daif = vm_object_lock(copy);
	kern_return_t kr = KERN_SUCCESS;
	for (uint64_t off = 0; off < size && kr == KERN_SUCCESS; off += PAGE_SIZE) {
		paddr_t src = vm_object_page_lookup(e->object, e->offset + off);
		paddr_t dst;
		if (src == VM_PAGE_NONE)
			continue; /* never touched: stays demand-zero in the child too */
		kr = vm_object_page_demand(copy, off, &dst);
		if (kr == KERN_SUCCESS)
			memcpy(phys_to_kva(dst), phys_to_kva(src), PAGE_SIZE);
	}
	vm_object_unlock(copy, dst_daif);
	vm_object_unlock(e->object, src_daif);
	if (kr != KERN_SUCCESS) {
		vm_object_deallocate(copy);
		return NULL;
	}
	return copy;
}

struct vm_map *vm_map_fork(struct vm_map *parent)
{
	struct vm_map *child = vm_map_create();
	bool ok = true;

	if (!child)
		return NULL;
	uint64_t daif = spin_lock_irqsave(&parent->lock);
	for (struct vm_map_entry *e = vm_map_entry_first(&parent->entries);
	     ok && !vm_map_entry_is_end(&parent->entries, e); e = e->next) {
		if (e->inheritance == VM_INHERIT_NONE)
			continue;
		struct vm_map_entry *ce = kalloc(sizeof(*ce));
		struct vm_object *object = ce ? copy_entry_object(e) : NULL;
		if (!object) {
			kfree(ce);
			ok = false;
			break;
		}
		*ce = *e;
		ce->object = object;
		ce->offset = 0;
		/* The child is not yet visible to anyone: its lock is not needed. */
		vm_map_entry_link(&child->entries, child->entries.head.prev, ce);
		child->size += ce->end - ce->start;
	}
	spin_unlock_irqrestore(&parent->lock, daif);
	if (!ok) {
		vm_map_destroy(child);
		return NULL;
	}
	return child;
}
