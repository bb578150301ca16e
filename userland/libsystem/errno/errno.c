/*
 * errno for the host build of the library (//tests/host/libsystem): one value
 * for the whole process. On Tessera, errno_tsd.c keeps one per thread; callers
 * only ever go through __error(), so they do not see the difference.
 */
#include <errno.h>

static int errno_value;

int *__error(void)
{
	return &errno_value;
}
