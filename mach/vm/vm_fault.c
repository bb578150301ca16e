#include "vm/vm_fault.h"

#include "arch/arm64/pmap.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

kern_return_t vm_fault(struct vm_map *map, vaddr_t addr, vm_prot_t access)
{
	struct vm_map_entry *e;
	vaddr_t va = trunc_page(addr);
	kern_return_t kr;

	if (access == VM_PROT_NONE || (access & ~VM_PROT_ALL))
		return KERN_INVALID_ARGUMENT;
	uint64_t daif = spin_lock_irqsave(&map->lock);
	if (!vm_map_entry_lookup(&map->entries, va, &e)) {
		kr = KERN_INVALID_ADDRESS;
	} else if (access & ~e->protection) {
		kr = KERN_PROTECTION_FAILURE;
	} else {
		paddr_t pa;
		bool own;
		/* The object stays locked until the pmap holds the page, so it cannot go away under
		 * us. */
		uint64_t odaif = vm_object_lock(e->object);
		/* A shared object's sharers must all map its own pages: resolve as for a write. */
		bool write = (access & VM_PROT_WRITE) || e->object->shared;
		kr = vm_object_page_resolve(e->object, e->offset + (va - e->start), write, true, &pa,
		                            &own);
		/* A page still shared down a copy-on-write chain is mapped read-only. */
		if (kr == KERN_SUCCESS && e->object->device)
			kr = pmap_enter_device(map->pmap, va, pa, e->protection);
		else if (kr == KERN_SUCCESS)
			kr = pmap_enter(map->pmap, va, pa,
			                own ? e->protection : (e->protection & ~VM_PROT_WRITE));
		/* The other side of a copy-on-write may have gone: fold what it left behind. */
		if (e->object->shadow)
			vm_object_collapse(e->object);
		vm_object_unlock(e->object, odaif);
	}
	spin_unlock_irqrestore(&map->lock, daif);
	return kr;
}
