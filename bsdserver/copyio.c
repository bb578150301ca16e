#include "bsdserver/copyio.h"

#include <errno.h>

#define PAGE_SIZE 4096u

static int range_ok(uint64_t uaddr, size_t n)
{
	return uaddr + n >= uaddr;
}

int copyin(task_t task, uint64_t uaddr, void *kbuf, size_t n)
{
	mach_vm_size_t got = 0;

	if (n == 0)
		return 0;
	if (!range_ok(uaddr, n))
		return EFAULT;
	kern_return_t kr =
	    mach_vm_read_overwrite(task, uaddr, n, (mach_vm_address_t)(uintptr_t)kbuf, &got);
	return kr == KERN_SUCCESS && got == n ? 0 : EFAULT;
}

int copyout(task_t task, const void *kbuf, uint64_t uaddr, size_t n)
{
	if (n == 0)
		return 0;
	if (!range_ok(uaddr, n) || n > UINT32_MAX)
		return EFAULT;
	kern_return_t kr = mach_vm_write(task, uaddr, kbuf, (mach_msg_type_number_t)n);
	return kr == KERN_SUCCESS ? 0 : EFAULT;
}

int copyinstr(task_t task, uint64_t uaddr, char *buf, size_t cap)
{
	size_t have = 0;

	/* A page at a time, so a string ending just before unmapped memory still reads. */
	while (have < cap) {
		uint64_t at = uaddr + have;
		size_t chunk = PAGE_SIZE - (size_t)(at % PAGE_SIZE);
		if (chunk > cap - have)
			chunk = cap - have;
		if (at < uaddr || copyin(task, at, buf + have, chunk) != 0)
			return EFAULT;
		for (size_t i = 0; i < chunk; i++)
			if (buf[have + i] == '\0')
				return 0;
		have += chunk;
	}
	return ENAMETOOLONG;
}
