/*
 * The machine-dependent MMU layer. At this stage it only builds the kernel's
 * final address space: physical memory mapped linearly at KVA_OFFSET with the
 * kernel image's text read-only and executable, its read-only data read-only,
 * everything else non-executable, and the peripheral window as device memory.
 * TTBR0 (user space) starts empty, so every user-half access faults.
 */
#ifndef ARCH_ARM64_PMAP_H
#define ARCH_ARM64_PMAP_H

#include "vm/vm_param.h"

/* Returns the physical address of a page for a translation table, or panics. */
typedef paddr_t (*pmap_table_alloc_t)(void);

/* Starts a new kernel address space; tables come from `alloc`. */
void pmap_bootstrap_begin(pmap_table_alloc_t alloc);

/* Adds a RAM range [start, end) to the linear map (page aligned). */
void pmap_bootstrap_map_ram(paddr_t start, paddr_t end);

/* Switches the CPU to the new tables. */
void pmap_bootstrap_activate(void);

/* Translation-table pages the kernel map uses, for the boot report. */
unsigned pmap_bootstrap_table_pages(void);

#endif
