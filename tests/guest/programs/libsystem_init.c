/*
 * A dynamically linked program on libSystem.B.dylib, run as /sbin/init by
 * bsdserver through dyld (libsystem_init_test.sh): formatted output with
 * printf, malloc, errno from a call bsdserver refuses, isatty on the console
 * and on a descriptor that is not open, the environment and arguments from
 * libSystem's initializer, and an exit status that goes through exit (atexit
 * handlers, then stdout's pending output, then _exit).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

static void check(int ok, int n)
{
	if (!ok) {
		printf("libsystem_init: check %d failed\n", n);
		failures++;
	}
}

static void goodbye(void)
{
	/* Runs before exit flushes stdout: this line follows the unfinished one. */
	printf(" and atexit ran\n");
}

int main(int argc, char **argv)
{
	char *p;
	int i;

	printf("libsystem_init: hello from %s, pid %d, %d argument(s)\n", getprogname(), getpid(),
	       argc);
	check(argc >= 1 && argv[0] != NULL && strcmp(getprogname(), "init") == 0, 1);

	p = malloc(100000);
	check(p != NULL, 2);
	for (i = 0; p != NULL && i < 100000; i++)
		p[i] = (char)i;
	check(p != NULL && p[99999] == (char)(99999 & 0xff), 3);
	free(p);
	p = strdup("duplicated");
	check(p != NULL && strcmp(p, "duplicated") == 0, 4);
	free(p);
	printf("libsystem_init: malloc works, %.3f = %e\n", 1.0 / 3, 12345.678);

	errno = 0;
	check(read(42, &i, 1) == -1 && errno == EBADF, 5);
	printf("libsystem_init: read(42) failed: %s\n", strerror(errno));
	errno = 0;
	check(open("/no/such/file", O_RDONLY) == -1 && errno == ENOENT, 6);

	check(isatty(0) == 1 && isatty(1) == 1, 7);
	errno = 0;
	check(isatty(42) == 0 && errno == EBADF, 8);
	printf("libsystem_init: isatty(1) = %d, isatty(42) = %d\n", isatty(1), isatty(42));

	if (failures == 0)
		printf("libsystem_init: all checks passed\n");
	check(atexit(goodbye) == 0, 9);
	/* No newline: stdout, a terminal, keeps this until exit flushes it. */
	printf("libsystem_init: exiting with status %d", 3 + failures);
	exit(3 + failures);
}
