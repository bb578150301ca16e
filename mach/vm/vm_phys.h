/*
 * The kernel's physical memory: one vm_page pool spanning all RAM, with the
 * kernel image, the pool's own metadata, the device tree, the boot volume and
 * firmware reservations kept out of it. Callable from any context; one spin
 * lock (vm_phys_lock) protects the pool.
 */
#ifndef VM_VM_PHYS_H
#define VM_VM_PHYS_H

#include <stddef.h>

#include "vm/vm_param.h"

struct vm_phys_range {
	paddr_t start; /* inclusive */
	paddr_t end;   /* exclusive */
};

#define VM_PHYS_MAX_RESERVED 16

/*
 * Sets up the pool over `ram` minus `reserved` (both unsorted, may overlap;
 * the kernel image is added by this function). Panics if the metadata cannot
 * be placed.
 */
void vm_phys_bootstrap(const struct vm_phys_range *ram, unsigned nram,
                       const struct vm_phys_range *reserved, unsigned nreserved);

/* 2^order contiguous, naturally aligned pages, or VM_PAGE_NONE when memory is exhausted. */
paddr_t vm_phys_alloc(unsigned order);

/* Returns a block from vm_phys_alloc; a bad free is a kernel bug and panics. */
void vm_phys_free(paddr_t pa, unsigned order);

size_t vm_phys_free_pages(void);
size_t vm_phys_managed_pages(void);

#endif
