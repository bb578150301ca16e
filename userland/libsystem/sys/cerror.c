/*
 * The failure path of every BSD call stub (bsd_call.h).
 */
#include <errno.h>

#include "sys/stubs.h"

long sys_cerror(long error)
{
	errno = (int)error;
	return -1;
}
