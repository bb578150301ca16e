/*
 * AArch64 system register access and the few barriers the kernel needs.
 */
#ifndef ARCH_ARM64_CPU_H
#define ARCH_ARM64_CPU_H

#include <stdint.h>

#define sysreg_read(reg)                                                                           \
	({                                                                                         \
		uint64_t __v;                                                                      \
		__asm__ volatile("mrs %0, " #reg : "=r"(__v));                                     \
		__v;                                                                               \
	})

#define sysreg_write(reg, val) __asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(val)))

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi");
}

static inline void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/* Saves DAIF and masks IRQs; pair with irq_restore. */
static inline uint64_t irq_save(void)
{
	uint64_t daif = sysreg_read(daif);
	irq_disable();
	return daif;
}

static inline void irq_restore(uint64_t daif)
{
	sysreg_write(daif, daif);
}

/* 32-bit MMIO; device memory is mapped nGnRE so plain volatile accesses suffice. */
static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t val)
{
	*(volatile uint32_t *)addr = val;
}

#endif
