/*
 * A small dylib that imports from libSystem.B.dylib (dylib_test checks its
 * load commands): what a test library for dyld looks like.
 */
#include <stdio.h>

int probe_format(char *buf, int size, int n)
{
	return snprintf(buf, (size_t)size, "probe %d", n);
}
