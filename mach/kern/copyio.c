#include "kern/copyio.h"

#include <stdbool.h>
#include <stdint.h>

#define USER_VA_LIMIT 0x0000800000000000UL /* the TTBR0 half */

uint64_t arch_copy_user(void *dst, const void *src, size_t len);

static bool user_range_ok(vaddr_t addr, size_t len)
{
	return addr + len >= addr && addr + len <= USER_VA_LIMIT;
}

kern_return_t copyin(vaddr_t user_src, void *dst, size_t len)
{
	if (!user_range_ok(user_src, len))
		return KERN_INVALID_ADDRESS;
	return (kern_return_t)arch_copy_user(dst, (const void *)user_src, len);
}

kern_return_t copyout(const void *src, vaddr_t user_dst, size_t len)
{
	if (!user_range_ok(user_dst, len))
		return KERN_INVALID_ADDRESS;
	return (kern_return_t)arch_copy_user((void *)user_dst, src, len);
}
