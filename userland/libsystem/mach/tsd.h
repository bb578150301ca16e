/*
 * The calling thread's thread-specific data (TSD): an array of pointer-sized
 * slots whose address the kernel keeps per thread (set by
 * _thread_set_tsd_base, the platform call PLATFORM_SET_CTHREAD_SELF) and
 * loads into TPIDRRO_EL0, which user mode may read. Slot numbers are XNU's.
 * Internal to the Mach library.
 */
#ifndef USERLAND_LIBSYSTEM_MACH_TSD_H
#define USERLAND_LIBSYSTEM_MACH_TSD_H

#include <stddef.h>
#include <stdint.h>

#define TSD_ERRNO     1 /* the thread's errno: an int in the slot's low half (errno/errno_tsd.c) */
#define TSD_MIG_REPLY 2 /* the thread's MIG reply port (a receive right), or 0 */

/* The slots, or NULL when the thread has none. */
static inline void **tsd_base(void)
{
	uintptr_t base;

	__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(base));
	/* XNU keeps the CPU number in the low bits; the slots are 8-byte aligned. */
	return (void **)(base & ~(uintptr_t)7);
}

#endif
