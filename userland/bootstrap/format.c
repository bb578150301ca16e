#include "userland/bootstrap/format.h"

/* Appends c to buf[*at] if there is room for it and the NUL; counts it anyway. */
static void emit(char *buf, size_t size, size_t *at, char c)
{
	if (*at + 1 < size)
		buf[*at] = c;
	(*at)++;
}

static void emit_number(char *buf, size_t size, size_t *at, unsigned long long value, unsigned base,
                        int negative)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value != 0);
	if (negative)
		emit(buf, size, at, '-');
	while (n > 0)
		emit(buf, size, at, digits[--n]);
}

size_t bootstrap_vformat(char *buf, size_t size, const char *format, va_list ap)
{
	size_t at = 0;

	for (const char *p = format; *p != '\0'; p++) {
		if (*p != '%') {
			emit(buf, size, &at, *p);
			continue;
		}
		const char *start = p++;
		int wide = 0; /* l, ll or z: a 64-bit argument */
		while (*p == 'l' || *p == 'z') {
			wide = 1;
			p++;
		}
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s != '\0'; s++)
				emit(buf, size, &at, *s);
			break;
		}
		case 'c': emit(buf, size, &at, (char)va_arg(ap, int)); break;
		case 'd': {
			long long v = wide ? va_arg(ap, long long) : va_arg(ap, int);
			unsigned long long magnitude =
			    v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
			emit_number(buf, size, &at, magnitude, 10, v < 0);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v =
			    wide ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
			emit_number(buf, size, &at, v, *p == 'u' ? 10 : 16, 0);
			break;
		}
		case '%': emit(buf, size, &at, '%'); break;
		default:
			/* Not a conversion this formatter knows: shown as written. */
			for (; start <= p && *start != '\0'; start++)
				emit(buf, size, &at, *start);
			if (*p == '\0')
				p--;
			break;
		}
	}
	if (size == 0)
		return 0;
	size_t written = at < size ? at : size - 1;
	buf[written] = '\0';
	return written;
}
