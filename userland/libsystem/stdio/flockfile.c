/*
 * A stream's lock as programs see it (flockfile, ftrylockfile, funlockfile):
 * the same recursive lock every stdio call takes, so a program groups calls
 * into one unit of output, or uses the _unlocked calls inside it.
 */
#include <stdio.h>

#include "stdio/file.h"

void flockfile(FILE *fp)
{
	file_lock(fp);
}

/* 0 when the caller now holds fp (again, if it already did); nonzero if another thread does. */
int ftrylockfile(FILE *fp)
{
	return lock_recursive_try(&fp->_extra->lock) ? 0 : -1;
}

void funlockfile(FILE *fp)
{
	file_unlock(fp);
}
