/*
 * Kernel memory: kalloc/kfree, the kernel heap (kern/kalloc.c) fed with pages
 * from vm_phys and addressed through the linear map. Callable from any context;
 * one spin lock protects the heap.
 */
#ifndef VM_VM_KERN_H
#define VM_VM_KERN_H

#include <stddef.h>

void vm_kern_bootstrap(void);

/* size bytes, 16-byte aligned, or NULL when memory is exhausted. */
void *kalloc(size_t size);
void *kalloc_zeroed(size_t size);

/* Frees a kalloc pointer (NULL is ignored); anything else panics. */
void kfree(void *ptr);

/*
 * Physical pages in use for anything but the kernel heap (page tables,
 * memory objects' pages, kernel stacks), for leak checks. The heap's pages are
 * left out: how many it holds for the same allocations depends on their order.
 */
size_t vm_kern_other_pages(void);

/* Kernel heap allocations not yet freed, for leak checks. */
size_t vm_kern_heap_allocs(void);

#endif
