/*
 * The bootstrap's message formatter (userland/bootstrap/format.h) against
 * glibc's vsnprintf for every conversion it knows, its truncation, and what
 * it does with conversions it does not know.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "host/check.h"
#include "userland/bootstrap/format.h"

static size_t format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	size_t n = bootstrap_vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Formats with both and compares the text. */
#define SAME(...)                                                                                  \
	do {                                                                                       \
		char ours[256], theirs[256];                                                       \
		size_t n = format(ours, sizeof(ours), __VA_ARGS__);                                \
		snprintf(theirs, sizeof(theirs), __VA_ARGS__);                                     \
		if (strcmp(ours, theirs) != 0 || n != strlen(theirs)) {                            \
			fprintf(stderr, "ours \"%s\", glibc \"%s\"\n", ours, theirs);              \
			CHECK(0);                                                                  \
		}                                                                                  \
	} while (0)

int main(void)
{
	char buf[64];

	SAME("plain text");
	SAME("%s and %s", "one", "");
	SAME("[%c%c]", 'a', '\n');
	SAME("%d %d %d %d", 0, 42, -42, INT_MIN);
	SAME("%d", INT_MAX);
	SAME("%ld %lld %zd", LONG_MIN, LLONG_MAX, (ssize_t)-7);
	SAME("%u %u", 0u, UINT_MAX);
	SAME("%lu %llu %zu", ULONG_MAX, 12345678901234ull, (size_t)99);
	SAME("%x %x %lx %llx", 0u, 0xdeadbeefu, 0x100002040ul, ~0ull);
	SAME("100%% sure");
	SAME("error 0x%x in %s line %u", 0x10000003u, "/etc/bootstrap.conf", 7u);

	/* NULL strings print as glibc prints them. */
	CHECK(format(buf, sizeof(buf), "%s", (char *)NULL) == 6 && strcmp(buf, "(null)") == 0);

	/* Unknown conversions, flags and widths are copied out as written. */
	CHECK(format(buf, sizeof(buf), "%5d|%q|%-s|%", 1, 2, "x") == 12);
	CHECK(strcmp(buf, "%5d|%q|%-s|%") == 0);
	CHECK(format(buf, sizeof(buf), "%l") == 2 && strcmp(buf, "%l") == 0);

	/* Truncation: size - 1 bytes and the NUL, the count of bytes written. */
	CHECK(format(buf, 6, "%s", "truncated") == 5 && strcmp(buf, "trunc") == 0);
	CHECK(format(buf, 4, "%d", -12345) == 3 && strcmp(buf, "-12") == 0);
	CHECK(format(buf, 1, "abc") == 0 && buf[0] == '\0');
	memset(buf, 'z', sizeof(buf));
	CHECK(format(buf, 0, "abc") == 0 && buf[0] == 'z');

	puts("format_test: ok");
	return 0;
}
