/*
 * getenv, setenv, unsetenv and putenv on variables the program makes
 * itself (CONF_...): the inherited environment differs between runs and
 * systems, so nothing else is read. Checks overwrite and no-overwrite,
 * empty values, invalid names (EINVAL), putenv's use of the caller's string,
 * and many variables added and removed.
 *
 * Left out: setenv with a value holding '=' read back through putenv
 * strings, and environ's order (neither is specified the same way).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

static const char *show(const char *v)
{
	return v != NULL ? v : "(unset)";
}

void conf_environ(void)
{
	int r;

	/* Each call is its own statement: a string getenv returned may die in the next setenv. */
	printf("environ start: %s\n", show(getenv("CONF_A")));
	r = setenv("CONF_A", "one", 1);
	printf("environ setenv %d: %s\n", r, show(getenv("CONF_A")));
	r = setenv("CONF_A", "two", 0);
	printf("environ keep %d: %s\n", r, show(getenv("CONF_A")));
	r = setenv("CONF_A", "three", 1);
	printf("environ overwrite %d: %s\n", r, show(getenv("CONF_A")));
	r = setenv("CONF_B", "", 1);
	printf("environ empty %d: [%s]\n", r, show(getenv("CONF_B")));
	r = setenv("CONF_C", "x=y", 1);
	printf("environ value with = %d: %s\n", r, show(getenv("CONF_C")));
	printf("environ prefix: %s %s\n", show(getenv("CONF_")), show(getenv("CONF_AA")));
	errno = 0;
	r = setenv("CONF=D", "v", 1);
	printf("environ name with =: %d EINVAL %d\n", r, errno == EINVAL);
	errno = 0;
	r = setenv("", "v", 1);
	printf("environ empty name: %d EINVAL %d\n", r, errno == EINVAL);
	errno = 0;
	r = unsetenv("");
	printf("environ unsetenv empty name: %d EINVAL %d\n", r, errno == EINVAL);
	errno = 0;
	r = unsetenv("CONF=A");
	printf("environ unsetenv name with =: %d EINVAL %d\n", r, errno == EINVAL);
	r = unsetenv("CONF_A");
	printf("environ unsetenv %d: %s\n", r, show(getenv("CONF_A")));
	r = unsetenv("CONF_A");
	printf("environ unsetenv again %d: %s\n", r, show(getenv("CONF_A")));

	static char entry[] = "CONF_P=first";
	r = putenv(entry);
	printf("environ putenv %d: %s\n", r, show(getenv("CONF_P")));
	memcpy(entry + 7, "later", 6);
	printf("environ putenv string is shared: %s\n", show(getenv("CONF_P")));
	r = setenv("CONF_P", "set", 1);
	printf("environ setenv over putenv %d: %s\n", r, show(getenv("CONF_P")));
	unsetenv("CONF_P");

	char name[32], value[32];
	int wrong = 0;
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "CONF_N%d", i);
		snprintf(value, sizeof(value), "v%d", i * 7);
		wrong += setenv(name, value, 1) != 0;
	}
	for (int i = 0; i < 300; i += 2) {
		snprintf(name, sizeof(name), "CONF_N%d", i);
		wrong += unsetenv(name) != 0;
	}
	for (int i = 0; i < 300; i++) {
		const char *v;

		snprintf(name, sizeof(name), "CONF_N%d", i);
		snprintf(value, sizeof(value), "v%d", i * 7);
		v = getenv(name);
		wrong += i % 2 == 0 ? v != NULL : v == NULL || strcmp(v, value) != 0;
	}
	printf("environ 300 variables: %d wrong\n", wrong);
	for (int i = 1; i < 300; i += 2) {
		snprintf(name, sizeof(name), "CONF_N%d", i);
		unsetenv(name);
	}
	unsetenv("CONF_B");
	unsetenv("CONF_C");
}
