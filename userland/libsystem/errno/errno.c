/*
 * errno: the storage behind __error(). One value for the whole task until
 * libSystem has threads; then __error() returns the calling thread's slot,
 * and callers, which only ever go through __error(), do not change.
 */
#include <errno.h>

static int errno_value;

int *__error(void)
{
	return &errno_value;
}
