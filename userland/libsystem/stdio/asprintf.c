/*
 * asprintf and vasprintf: the printf engine into a malloc'd buffer that
 * doubles as it fills. On failure *ret is NULL and -1 is returned.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stdio/format.h"

struct alloc_sink {
	struct format_sink sink;
	char *buf;
	size_t len; /* bytes stored */
	size_t cap; /* bytes allocated */
};

static int alloc_put(struct format_sink *sink, const char *bytes, size_t len)
{
	struct alloc_sink *a = (struct alloc_sink *)sink;

	if (len + 1 > a->cap - a->len) {
		size_t cap = a->cap;
		char *grown;

		while (len + 1 > cap - a->len) {
			if (cap > (size_t)-1 / 2) {
				errno = ENOMEM;
				return -1;
			}
			cap *= 2;
		}
		grown = realloc(a->buf, cap);
		if (grown == NULL)
			return -1;
		a->buf = grown;
		a->cap = cap;
	}
	memcpy(a->buf + a->len, bytes, len);
	a->len += len;
	return 0;
}

int vasprintf(char **ret, const char *format, va_list ap)
{
	struct alloc_sink a = {{alloc_put}, NULL, 0, 128};
	int n;

	*ret = NULL;
	a.buf = malloc(a.cap);
	if (a.buf == NULL)
		return -1;
	n = format_vprintf(&a.sink, format, ap);
	if (n < 0) {
		free(a.buf);
		return -1;
	}
	a.buf[a.len] = '\0';
	*ret = a.buf;
	return n;
}

int asprintf(char **ret, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vasprintf(ret, format, ap);
	va_end(ap);
	return n;
}
