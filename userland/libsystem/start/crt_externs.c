/*
 * The process's arguments as code in a dylib reaches them (<crt_externs.h>):
 * NXArgc and NXArgv, which macOS also exports, behind _NSGetArgc and _NSGetArgv.
 */
#include <crt_externs.h>

#include "start/start.h"

int NXArgc;
char **NXArgv;

int *_NSGetArgc(void)
{
	return &NXArgc;
}

char ***_NSGetArgv(void)
{
	return &NXArgv;
}

void start_arguments(int argc, char **argv)
{
	NXArgc = argc;
	NXArgv = argv;
}
