/* The kernel command line parser: keys, bare words, last-wins, bounds. */
#include <string.h>

#include "host/check.h"
#include "kern/bootargs.h"

static int value_is(const char *args, const char *key, const char *want)
{
	const char *value;
	size_t len;

	if (!bootargs_lookup(args, strlen(args), key, &value, &len))
		return 0;
	return len == strlen(want) && memcmp(value, want, len) == 0;
}

int main(void)
{
	const char *value;
	size_t len;

	CHECK(value_is("panic=halt", "panic", "halt"));
	CHECK(value_is("  a=1\tpanic=halt  b=2 ", "panic", "halt"));
	CHECK(value_is("quiet", "quiet", ""));
	CHECK(value_is("x=1 x=2", "x", "2"));
	CHECK(value_is("test.fault=data", "test.fault", "data"));
	CHECK(value_is("k==v", "k", "=v"));
	CHECK(!value_is("panicky=1", "panic", "1"));
	CHECK(!bootargs_lookup("panicky=1", 9, "panic", &value, &len));
	CHECK(!bootargs_lookup("", 0, "panic", &value, &len));
	CHECK(!bootargs_lookup(NULL, 0, "panic", &value, &len));

	/* The length bounds the scan: a key past it is not seen, a value is cut at it. */
	CHECK(!bootargs_lookup("a=1 panic=halt", 4, "panic", &value, &len));
	CHECK(bootargs_lookup("panic=halt", 8, "panic", &value, &len) && len == 2);
	/* A NUL inside the length ends the arguments (device-tree strings carry one). */
	CHECK(!bootargs_lookup("a=1\0panic=halt", 14, "panic", &value, &len));

	CHECK(bootargs_equal("panic=halt", 10, "panic", "halt"));
	CHECK(!bootargs_equal("panic=halted", 12, "panic", "halt"));
	CHECK(!bootargs_equal("panic", 5, "panic", "halt"));
	return 0;
}
