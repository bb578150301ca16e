/*
 * A boot task that faults on purpose, the way its argument says, so the guest
 * tests can check the kernel's exception handling: the fault must end the task
 * with a report, never take the kernel down.
 */
#include "user.h"

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int main(int argc, char **argv)
{
	const char *kind = argc > 1 ? argv[1] : "";

	if (streq(kind, "null"))
		return *(volatile int *)0;
	if (streq(kind, "write-text"))
		*(volatile unsigned *)(void *)main = 0;
	if (streq(kind, "wild"))
		return *(volatile int *)0x7ff000000000ull;
	if (streq(kind, "kernel-address"))
		return *(volatile int *)0xffff000040080000ull;
	if (streq(kind, "brk"))
		__asm__ volatile("brk #42");
	if (streq(kind, "undef"))
		__asm__ volatile("udf #7");
	if (streq(kind, "bad-trap"))
		trap6(-200, 0, 0, 0, 0, 0, 0);
	if (streq(kind, "exhaust")) {
		/* Touch a region four times the machine's memory until a page cannot be had. */
		uint64_t region = 0, size = 1ull << 30;
		if (mach_vm_allocate(task_self(), &region, size, VM_FLAGS_ANYWHERE) == 0)
			for (uint64_t at = region; at < region + size; at += 4096)
				*(volatile char *)at = 1;
	}
	if (streq(kind, "unwritten-trap"))
		trap6(-46, 0, 0, 0, 0, 0, 0);
	return 99;
}
