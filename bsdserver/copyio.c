#include "bsdserver/copyio.h"

#include <errno.h>
#include <mach/tessera_vm_copy.h>

#define PAGE_SIZE 4096u

/*
 * A Tessera copy trap (mach/tessera_vm_copy.h): mach_vm_read_overwrite or
 * mach_vm_write without the message round trip, arguments as the trap takes them.
 */
static kern_return_t copy_trap(int64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register int64_t x16 __asm__("x16") = -number;

	__asm__ volatile("svc #0x80" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3), "r"(x16) : "memory");
	return (kern_return_t)x0;
}

static int range_ok(uint64_t uaddr, size_t n)
{
	return uaddr + n >= uaddr;
}

int copyin(task_t task, uint64_t uaddr, void *kbuf, size_t n)
{
	if (n == 0)
		return 0;
	if (!range_ok(uaddr, n))
		return EFAULT;
	kern_return_t kr =
	    copy_trap(TESSERA_VM_READ_OVERWRITE_TRAP, task, uaddr, n, (uint64_t)(uintptr_t)kbuf);
	return kr == KERN_SUCCESS ? 0 : EFAULT;
}

int copyout(task_t task, const void *kbuf, uint64_t uaddr, size_t n)
{
	if (n == 0)
		return 0;
	if (!range_ok(uaddr, n))
		return EFAULT;
	kern_return_t kr =
	    copy_trap(TESSERA_VM_WRITE_TRAP, task, uaddr, (uint64_t)(uintptr_t)kbuf, n);
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
