/*
 * The printf functions that write to memory: sprintf, snprintf and their
 * v-forms, over a sink that stores what fits and counts everything.
 */
#include <stdint.h>
#include <stdio.h>

#include "stdio/format.h"

struct string_sink {
	struct format_sink sink;
	char *buf;
	size_t room; /* bytes that may still be stored (the NUL excluded) */
};

static int string_put(struct format_sink *sink, const char *bytes, size_t len)
{
	struct string_sink *s = (struct string_sink *)sink;
	size_t n = len < s->room ? len : s->room;

	for (size_t i = 0; i < n; i++)
		s->buf[i] = bytes[i];
	s->buf += n;
	s->room -= n;
	return 0;
}

int vsnprintf(char *restrict str, size_t size, const char *restrict format, va_list ap)
{
	struct string_sink s = {{string_put}, str, size > 0 ? size - 1 : 0};
	int n = format_vprintf(&s.sink, format, ap);

	if (size > 0)
		*s.buf = '\0';
	return n;
}

int snprintf(char *restrict str, size_t size, const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(str, size, format, ap);
	va_end(ap);
	return n;
}

/* The caller promises room; the count is bounded by INT_MAX anyway. */
int vsprintf(char *restrict str, const char *restrict format, va_list ap)
{
	return vsnprintf(str, (size_t)INT32_MAX + 1, format, ap);
}

int sprintf(char *restrict str, const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsprintf(str, format, ap);
	va_end(ap);
	return n;
}
