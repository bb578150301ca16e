/*
 * A child task's address space made from its parent's (task_create with
 * inherit_memory), copy-on-write: the parent's object for each inherited entry
 * becomes the shared, read-only backing of two new shadow objects, one for the
 * parent and one for the child, and the parent's mappings lose write access
 * so that the first write on either side copies the page (vm_fault).
 * Entries marked VM_INHERIT_NONE, and physical mappings, are left out;
 * VM_INHERIT_SHARE entries map the same (now shared) object in both; an entry
 * whose object is already shared is copied for the child at once.
 */
#include "vm/vm_map_fork.h"

#include "arch/arm64/pmap.h"
#include "mach/vm_prot.h"
#include "vm/vm_kern.h"
#include "vm/vm_object.h"

/*
 * An entry to share with the child (VM_INHERIT_SHARE), or one already sharing
 * its object, which the child gets a private copy of instead (a shadow would
 * see the other sharers' later writes). Parent locked; the child is private.
 */
static bool fork_shared_entry(struct vm_map *parent, struct vm_map_entry *e,
                              struct vm_map *child)
{
	uint64_t size = e->end - e->start;
	struct vm_map_entry *ce = kalloc(sizeof(*ce));

	if (!ce)
		return false;
	*ce = *e;
	if (e->inheritance == VM_INHERIT_SHARE) {
		if (!e->object->shared) {
			/* From now on no sharer maps a page of its shadow chain: drop ours. */
			e->object->shared = true;
			pmap_remove(parent->pmap, e->start, e->end);
		}
		vm_object_reference(e->object);
	} else {
		ce->object = vm_object_copy(e->object, e->offset, size);
		ce->offset = 0;
		if (!ce->object) {
			kfree(ce);
			return false;
		}
	}
	vm_map_entry_link(&child->entries, child->entries.head.prev, ce);
	child->size += size;
	return true;
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
		/* Physical ranges (a device's registers) belong to their holder alone. */
		if (e->inheritance == VM_INHERIT_NONE || e->object->physical)
			continue;
		uint64_t size = e->end - e->start;
		if (e->inheritance == VM_INHERIT_SHARE || e->object->shared) {
			ok = fork_shared_entry(parent, e, child);
			continue;
		}
		struct vm_map_entry *ce = kalloc(sizeof(*ce));
		struct vm_object *mine = ce ? vm_object_shadow(e->object, e->offset, size) : NULL;
		struct vm_object *theirs =
		    mine ? vm_object_shadow(e->object, e->offset, size) : NULL;
		if (!theirs) {
			/* Undo without touching the backing object's references. */
			if (mine) {
				mine->shadow = NULL;
				vm_object_deallocate(mine);
			}
			kfree(ce);
			ok = false;
			break;
		}
		/* The backing object: the parent entry's reference goes to `mine`, one more to the
		 * child. */
		vm_object_reference(e->object);
		e->object = mine;
		e->offset = 0;
		pmap_protect(parent->pmap, e->start, e->end, e->protection & ~VM_PROT_WRITE);
		*ce = *e;
		ce->object = theirs;
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
