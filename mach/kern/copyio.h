/*
 * Copying between the kernel and the current task's user memory with plain
 * loads and stores (user pages are reachable from EL1 through TTBR0). A page
 * not yet there is faulted in; an address the task may not use gives an error
 * (KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE, KERN_RESOURCE_SHORTAGE),
 * never a panic. Call without spin locks held: faults may allocate.
 */
#ifndef KERN_COPYIO_H
#define KERN_COPYIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mach/kern_return.h"
#include "vm/vm_param.h"

#define COPYIO_USER_VA_LIMIT 0x0000800000000000UL /* the TTBR0 half */

/* The copy (arch/arm64/copyio.S): 0, or the kern_return_t of a fault it could not resolve. */
uint64_t arch_copy_user(void *dst, const void *src, size_t len);

/*
 * arch_copy_user called as what it is, a leaf that uses x0-x7 alone, so the
 * caller's other registers live across it (a plain call would spill them).
 */
static inline uint64_t copyio_call(void *dst, const void *src, size_t len)
{
	register uint64_t x0 __asm__("x0") = (uint64_t)dst;
	register uint64_t x1 __asm__("x1") = (uint64_t)src;
	register uint64_t x2 __asm__("x2") = len;

	__asm__ volatile("bl arch_copy_user"
	                 : "+r"(x0), "+r"(x1), "+r"(x2)
	                 :
	                 : "x3", "x4", "x5", "x6", "x7", "x30", "cc", "memory");
	return x0;
}

static inline bool copyio_user_range_ok(vaddr_t addr, size_t len)
{
	/* addr + len <= the limit, without the sum overflowing. */
	return len <= COPYIO_USER_VA_LIMIT && addr <= COPYIO_USER_VA_LIMIT - len;
}

/* Inline: every message is copied in and out. */
static inline kern_return_t copyin(vaddr_t user_src, void *dst, size_t len)
{
	if (!copyio_user_range_ok(user_src, len))
		return KERN_INVALID_ADDRESS;
	return (kern_return_t)copyio_call(dst, (const void *)user_src, len);
}

static inline kern_return_t copyout(const void *src, vaddr_t user_dst, size_t len)
{
	if (!copyio_user_range_ok(user_dst, len))
		return KERN_INVALID_ADDRESS;
	return (kern_return_t)copyio_call((void *)user_dst, src, len);
}

#endif
