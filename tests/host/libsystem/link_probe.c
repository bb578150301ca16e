/*
 * A small program linked against libSystem.B.dylib by dylib_test, once per
 * linker setting: it imports printf, malloc, strtod, errno (___error) and
 * stdout (___stdoutp), and -fstack-protector-all makes it import the stack
 * guard too; its thread-local variable binds to __tlv_bootstrap. Built, not run, on the host; the
 * guest tests run its kind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static __thread int calls;

int main(int argc, char **argv)
{
	char *copy = malloc(32);
	double d = strtod(argc > 1 ? argv[1] : "2.5", NULL);

	if (copy == NULL)
		return 1;
	strcpy(copy, "probe");
	calls++;
	printf("%s %g %d %d\n", copy, d, errno, calls);
	fflush(stdout);
	free(copy);
	return 0;
}
