/*
 * A dynamically linked program on libSystem.B.dylib, run as /sbin/init by
 * bsdserver through dyld (libsystem_init_test.sh): formatted output with
 * printf, malloc, errno from a call bsdserver refuses, isatty on the console
 * and on a descriptor that is not open, the environment and arguments from
 * libSystem's initializer, getentropy and the stack guard (taken from
 * exec's apple[] stack_guard=, printed so the test can see that two
 * processes get different ones), and an exit status that goes through exit (atexit
 * handlers, then stdout's pending output, then _exit).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

extern uintptr_t __stack_chk_guard;

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

/* apple[]'s "stack_guard=0x..." as a number; 0 when there is none. */
static uintptr_t apple_guard(char **apple)
{
	for (; apple != NULL && *apple != NULL; apple++)
		if (strncmp(*apple, "stack_guard=0x", 14) == 0)
			return (uintptr_t)strtoull(*apple + 14, NULL, 16);
	return 0;
}

static int has(char **apple, const char *prefix)
{
	for (; apple != NULL && *apple != NULL; apple++)
		if (strncmp(*apple, prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

/* getentropy through bsdserver and the kernel; the guard libSystem's start-up took from apple[]. */
static void entropy(char **apple)
{
	unsigned char a[256], b[256];
	static const unsigned char zero[256];

	check(getentropy(a, sizeof(a)) == 0 && getentropy(b, sizeof(b)) == 0, 10);
	check(memcmp(a, b, sizeof(a)) != 0 && memcmp(a, zero, sizeof(a)) != 0, 11);
	errno = 0;
	check(getentropy(a, 257) == -1 && errno == EINVAL, 12);
	errno = 0;
	check(getentropy((void *)16, 8) == -1 && errno == EFAULT, 13);
	check(__stack_chk_guard == apple_guard(apple) && __stack_chk_guard != 0 &&
	          __stack_chk_guard != 0x00000aff00000affull,
	      14);
	check(has(apple, "malloc_entropy=0x") && has(apple, "ptr_munge=0x"), 15);
	printf("libsystem_init: stack guard 0x%lx\n", (unsigned long)__stack_chk_guard);
}

int main(int argc, char **argv, char **envp, char **apple)
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
	entropy(apple);

	if (failures == 0)
		printf("libsystem_init: all checks passed\n");
	check(atexit(goodbye) == 0, 9);
	/* No newline: stdout, a terminal, keeps this until exit flushes it. */
	printf("libsystem_init: exiting with status %d", 3 + failures);
	exit(3 + failures);
}
