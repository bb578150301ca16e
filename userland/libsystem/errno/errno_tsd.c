/*
 * errno on Tessera: each thread's errno lives in its TSD (slot TSD_ERRNO, as
 * XNU numbers it), so threads never see each other's. A thread that has no
 * TSD yet (before mach_init, or a bare thread_create'd one) shares one
 * task-wide value. Callers only ever go through __error().
 */
#include <errno.h>

#include "mach/tsd.h"

static int errno_no_tsd;

int *__error(void)
{
	void **tsd = tsd_base();

	if (tsd == NULL)
		return &errno_no_tsd;
	/* The slot is pointer-sized; the int is its first (low, little-endian) half. */
	return (int *)&tsd[TSD_ERRNO];
}
