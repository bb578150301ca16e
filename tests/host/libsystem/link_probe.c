/*
 * A small program linked against libSystem.B.dylib by dylib_test, once per
 * linker setting: it imports printf, malloc, strtod, errno (___error) and
 * stdout (___stdoutp), and -fstack-protector-all makes it import the stack
 * guard too. Built, not run, on the host; the guest tests run its kind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	char *copy = malloc(32);
	double d = strtod(argc > 1 ? argv[1] : "2.5", NULL);

	if (copy == NULL)
		return 1;
	strcpy(copy, "probe");
	printf("%s %g %d\n", copy, d, errno);
	fflush(stdout);
	free(copy);
	return 0;
}
