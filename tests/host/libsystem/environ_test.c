/*
 * libSystem's environment functions against glibc's: the same seeded
 * sequence of setenv, unsetenv and putenv applied to both, compared through
 * getenv and the whole environ array after every step.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/check.h"
#include "ts.h"
#include "pages.h"

static const char *const names[] = {"A", "B", "PATH", "HOME", "AB", "X_1", "LONGER_NAME"};

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Both environments hold the same set of entries. */
static void compare_environments(void)
{
	static char *mine[64], *theirs[64];
	size_t n1 = 0, n2 = 0;

	for (char **e = ts_environ; *e != NULL; e++) {
		CHECK(n1 < 64);
		mine[n1++] = *e;
	}
	for (char **e = environ; *e != NULL; e++) {
		CHECK(n2 < 64);
		theirs[n2++] = *e;
	}
	CHECK(n1 == n2);
	qsort(mine, n1, sizeof(char *), compare_strings);
	qsort(theirs, n2, sizeof(char *), compare_strings);
	for (size_t i = 0; i < n1; i++)
		CHECK(strcmp(mine[i], theirs[i]) == 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *a = ts_getenv(names[i]), *b = getenv(names[i]);

		CHECK((a == NULL) == (b == NULL));
		CHECK(a == NULL || strcmp(a, b) == 0);
	}
}

int main(void)
{
	static char *initial[] = {"PATH=/bin", "HOME=/root", "A=1", NULL};
	static char put1[] = "B=put", put2[] = "AB=xy";
	unsigned long long seed = 77;
	char value[32];

	test_malloc_setup();
	ts_environ = initial;
	CHECK(*ts__NSGetEnviron() == initial);
	clearenv();
	for (char **e = initial; *e != NULL; e++)
		CHECK(putenv(*e) == 0);
	compare_environments();
	CHECK(strcmp(ts_getenv("PATH"), "/bin") == 0 && ts_getenv("PAT") == NULL);

	for (int iter = 0; iter < 20000; iter++) {
		const char *name = names[test_rand(&seed) % 7];
		int overwrite = (int)(test_rand(&seed) % 2);

		snprintf(value, sizeof(value), "v%llu", test_rand(&seed) % 1000);
		switch (test_rand(&seed) % 4) {
		case 0:
		case 1:
			CHECK(ts_setenv(name, value, overwrite) == setenv(name, value, overwrite));
			break;
		case 2: CHECK(ts_unsetenv(name) == unsetenv(name)); break;
		default:
			if (test_rand(&seed) % 2) {
				CHECK(ts_putenv(put1) == 0 && putenv(put1) == 0);
			} else {
				CHECK(ts_putenv(put2) == 0 && putenv(put2) == 0);
			}
			break;
		}
		compare_environments();
	}
	/* The initial array is left as it was. */
	CHECK(strcmp(initial[0], "PATH=/bin") == 0);
	/* Bad names are refused. */
	ts_errno = 0;
	CHECK(ts_setenv("", "x", 1) == -1 && ts_errno == 22);
	ts_errno = 0;
	CHECK(ts_setenv("A=B", "x", 1) == -1 && ts_errno == 22);
	ts_errno = 0;
	CHECK(ts_unsetenv("A=B") == -1 && ts_errno == 22);
	ts_errno = 0;
	CHECK(ts_putenv("noequals") == -1 && ts_errno == 22);
	printf("environ_test: ok\n");
	return 0;
}
