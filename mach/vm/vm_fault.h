/*
 * Page faults: making a user access that the map allows work, by finding or
 * creating the page in the entry's object and entering it in the pmap.
 *
 * Called by the trap handler for a user data or instruction abort (with the
 * faulting task's map) and by the kernel itself; takes the map, object and
 * pmap locks in that order and never sleeps.
 */
#ifndef VM_VM_FAULT_H
#define VM_VM_FAULT_H

#include "mach/kern_return.h"
#include "mach/vm_prot.h"
#include "vm/vm_param.h"

struct vm_map;

/*
 * Resolves a fault at addr needing `access` (one or more of VM_PROT_READ,
 * WRITE, EXECUTE). On success the page is mapped with all of its entry's
 * current rights, so the access can be retried. KERN_INVALID_ADDRESS if no
 * entry covers addr, KERN_PROTECTION_FAILURE if the entry's current rights
 * lack `access`, KERN_RESOURCE_SHORTAGE when memory runs out,
 * KERN_INVALID_ARGUMENT for a bad access.
 */
kern_return_t vm_fault(struct vm_map *map, vaddr_t addr, vm_prot_t access);

#endif
