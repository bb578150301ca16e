/*
 * Where things live in the kernel's address space. All physical memory and the
 * peripheral window below RAM are mapped linearly at KVA_OFFSET + physical
 * address (TTBR1); user space owns TTBR0.
 */
#ifndef ARCH_ARM64_VM_LAYOUT_H
#define ARCH_ARM64_VM_LAYOUT_H

#include "vm/vm_param.h"

#define KVA_OFFSET 0xffff000000000000UL

/* QEMU virt puts RAM at 1 GiB; everything below it is peripherals. */
#define RAM_BASE_PA     0x40000000UL
#define PERIPH_LIMIT_PA RAM_BASE_PA

static inline void *phys_to_kva(paddr_t pa)
{
	return (void *)(pa + KVA_OFFSET);
}

static inline paddr_t kva_to_phys(const void *va)
{
	return (paddr_t)va - KVA_OFFSET;
}

/* Linker-provided bounds of the kernel image (virtual addresses). */
extern char _kernel_start[], _etext[], _erodata[], __bss_start[], __bss_end[], _kernel_end[];

#endif
