/*
 * Machine-independent VM sizes and address types. Pure definitions: safe to
 * include from host-tested code.
 */
#ifndef VM_VM_PARAM_H
#define VM_VM_PARAM_H

#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (PAGE_SIZE - 1)

/* A physical address. Kernel virtual addresses are plain pointers or vaddr_t. */
typedef uint64_t paddr_t;
typedef uint64_t vaddr_t;

#define round_page(x) (((x) + PAGE_MASK) & ~(uint64_t)PAGE_MASK)
#define trunc_page(x) ((x) & ~(uint64_t)PAGE_MASK)

#endif
