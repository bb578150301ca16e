/* mach_absolute_time (<mach/mach_time.h>): the virtual counter, with no trap. */
#include <mach/mach_time.h>

uint64_t mach_absolute_time(void)
{
	uint64_t t;

	/* The barrier keeps the read from being taken ahead of earlier instructions. */
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t));
	return t;
}
