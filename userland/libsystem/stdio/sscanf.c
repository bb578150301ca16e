/*
 * sscanf and vsscanf: the scanf engine over a NUL-terminated string.
 */
#include <stdio.h>
#include <string.h>

#include "stdio/scan.h"

struct string_source {
	struct scan_source src;
	const char *s;
};

static const char *string_window(struct scan_source *src, size_t want, size_t *got)
{
	struct string_source *ss = (struct string_source *)src;

	/* Generous but bounded, so that sscanf never measures the whole rest of a long string. */
	*got = strnlen(ss->s, want < 256 ? 256 : 2 * want);
	return ss->s;
}

static void string_skip(struct scan_source *src, size_t n)
{
	((struct string_source *)src)->s += n;
}

int vsscanf(const char *restrict s, const char *restrict format, va_list ap)
{
	struct string_source ss = {{string_window, string_skip}, s};

	return scan_vscanf(&ss.src, format, ap);
}

int sscanf(const char *restrict s, const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsscanf(s, format, ap);
	va_end(ap);
	return n;
}
