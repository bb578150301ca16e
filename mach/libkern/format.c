/*
 * The printf engine behind format.h.  A conversion is parsed into a struct
 * spec, its argument fetched at the width the length modifier names, and the
 * field emitted as prefix, zeros, digits or text, and padding.  Where C leaves
 * a combination undefined (a '+' on %p, a '0' on %s), glibc's choice is made.
 */
#include <stdbool.h>
#include <stdint.h>

#include "libkern/format.h"

/*
 * GCC's <limits.h> defers to a C library's under -nostdinc, so the kernel
 * cannot include it; the compiler's predefined macros serve instead.
 */
#define INT_MAX  __INT_MAX__
#define CHAR_BIT __CHAR_BIT__

/* %zd reads a size_t and reinterprets it as the signed type of that width. */
_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t), "size_t and ptrdiff_t differ in width");

#define FLAG_LEFT  0x01 /* '-': pad on the right */
#define FLAG_ZERO  0x02 /* '0': pad numbers with zeros after the sign or 0x */
#define FLAG_PLUS  0x04 /* '+': a '+' before non-negative signed numbers */
#define FLAG_SPACE 0x08 /* ' ': a space where '+' would go */
#define FLAG_ALT   0x10 /* '#': 0x before hex, a leading 0 on octal */

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

struct spec {
	unsigned flags;     /* FLAG_* */
	int width;          /* minimum field width, >= 0 */
	int precision;      /* -1 when none was given */
	enum length length; /* size of the argument */
	char conv;          /* conversion character, or NUL if the format ended */
	bool oversize;      /* a width or precision was beyond INT_MAX */
};

struct out {
	void (*emit)(char c, void *ctx);
	void *ctx;
	size_t count;  /* characters emitted so far, <= INT_MAX */
	bool overflow; /* output stopped: it outgrew an int, or a field was oversize */
};

/*
 * Claim room for n more characters.  Once the total would not fit in the int
 * that the caller gets back, output stops for good.
 */
static bool reserve(struct out *o, size_t n)
{
	if (o->overflow || n > (size_t)INT_MAX - o->count) {
		o->overflow = true;
		return false;
	}
	o->count += n;
	return true;
}

static void put_repeat(struct out *o, char c, size_t n)
{
	while (n-- > 0)
		o->emit(c, o->ctx);
}

static void put_chars(struct out *o, const char *s, size_t n)
{
	while (n-- > 0)
		o->emit(*s++, o->ctx);
}

/* Emit n characters of text, padded with spaces to the field width. */
static void put_text(struct out *o, const struct spec *sp, const char *s, size_t n)
{
	size_t pad = (size_t)sp->width > n ? (size_t)sp->width - n : 0;

	if (!reserve(o, n + pad))
		return;
	if ((sp->flags & FLAG_LEFT) == 0)
		put_repeat(o, ' ', pad);
	put_chars(o, s, n);
	if ((sp->flags & FLAG_LEFT) != 0)
		put_repeat(o, ' ', pad);
}

static unsigned number_base(char conv)
{
	switch (conv) {
	case 'o':
		return 8;
	case 'x':
	case 'X':
	case 'p':
		return 16;
	default:
		return 10;
	}
}

/*
 * Emit an integer field: the prefix (sign and/or 0x), zeros up to the
 * precision, the digits of mag, and padding up to the field width.
 */
static void put_number(struct out *o, const struct spec *sp, uintmax_t mag, const char *prefix,
                       size_t prefix_len)
{
	/* Enough for the longest case, a 64-bit value in octal. */
	char digits[sizeof(uintmax_t) * CHAR_BIT / 3 + 1];
	const char *set = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned base = number_base(sp->conv);
	size_t ndigits = 0;

	/* A zero printed with precision 0 has no digits at all. */
	if (mag != 0 || sp->precision != 0) {
		do {
			digits[sizeof(digits) - ++ndigits] = set[mag % base];
			mag /= base;
		} while (mag != 0);
	}
	const char *first = digits + sizeof(digits) - ndigits;

	size_t zeros = 0;
	if (sp->precision > 0 && (size_t)sp->precision > ndigits)
		zeros = (size_t)sp->precision - ndigits;
	/* '#' on octal raises the precision just enough to begin with a 0. */
	if (sp->conv == 'o' && (sp->flags & FLAG_ALT) != 0 && zeros == 0 &&
	    (ndigits == 0 || *first != '0'))
		zeros = 1;

	size_t len = prefix_len + zeros + ndigits;
	size_t pad = (size_t)sp->width > len ? (size_t)sp->width - len : 0;
	/* A precision, or '-', overrides the '0' flag. */
	bool zero_pad = (sp->flags & (FLAG_ZERO | FLAG_LEFT)) == FLAG_ZERO && sp->precision < 0;

	if (!reserve(o, len + pad))
		return;
	if ((sp->flags & FLAG_LEFT) == 0 && !zero_pad)
		put_repeat(o, ' ', pad);
	put_chars(o, prefix, prefix_len);
	if (zero_pad)
		put_repeat(o, '0', pad);
	put_repeat(o, '0', zeros);
	put_chars(o, first, ndigits);
	if ((sp->flags & FLAG_LEFT) != 0)
		put_repeat(o, ' ', pad);
}

/*
 * Arguments narrower than int arrive promoted to int, so %hh and %h fetch an
 * int and convert it back down, as C specifies.
 */
static intmax_t fetch_signed(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return (ptrdiff_t)va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t fetch_unsigned(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	case LEN_T:
		return (size_t)va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static unsigned flag_bit(char c)
{
	switch (c) {
	case '-':
		return FLAG_LEFT;
	case '0':
		return FLAG_ZERO;
	case '+':
		return FLAG_PLUS;
	case ' ':
		return FLAG_SPACE;
	case '#':
		return FLAG_ALT;
	default:
		return 0;
	}
}

/* Parse a run of decimal digits; a value beyond INT_MAX sets sp->oversize. */
static int parse_decimal(const char **pp, struct spec *sp)
{
	const char *p = *pp;
	int v = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		int d = *p - '0';
		if (v > (INT_MAX - d) / 10)
			sp->oversize = true;
		else
			v = v * 10 + d;
	}
	*pp = p;
	return v;
}

/*
 * Parse the conversion specification after a '%' into *sp, fetching any '*'
 * width or precision.  Returns the character after the specification.
 */
static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
	unsigned f;

	sp->flags = 0;
	sp->width = 0;
	sp->oversize = false;
	for (; (f = flag_bit(*p)) != 0; p++)
		sp->flags |= f;

	if (*p == '*') {
		p++;
		int w = va_arg(*ap, int);
		/* A negative '*' width means '-' and its magnitude. */
		if (w < 0)
			sp->flags |= FLAG_LEFT;
		unsigned mag = w < 0 ? -(unsigned)w : (unsigned)w;
		if (mag > INT_MAX)
			sp->oversize = true;
		else
			sp->width = (int)mag;
	} else {
		sp->width = parse_decimal(&p, sp);
	}

	sp->precision = -1;
	if (*p == '.') {
		p++;
		if (*p == '*') {
			p++;
			int prec = va_arg(*ap, int);
			/* A negative '*' precision counts as none. */
			sp->precision = prec < 0 ? -1 : prec;
		} else {
			sp->precision = parse_decimal(&p, sp);
		}
	}

	sp->length = LEN_NONE;
	switch (*p) {
	case 'h':
		p++;
		sp->length = LEN_H;
		if (*p == 'h') {
			p++;
			sp->length = LEN_HH;
		}
		break;
	case 'l':
		p++;
		sp->length = LEN_L;
		if (*p == 'l') {
			p++;
			sp->length = LEN_LL;
		}
		break;
	case 'z':
		p++;
		sp->length = LEN_Z;
		break;
	case 'j':
		p++;
		sp->length = LEN_J;
		break;
	case 't':
		p++;
		sp->length = LEN_T;
		break;
	}

	sp->conv = *p;
	if (*p != '\0')
		p++;
	return p;
}

/* The length of s, reading no further than max characters if max >= 0. */
static size_t bounded_length(const char *s, int max)
{
	size_t n = 0;

	while ((max < 0 || n < (size_t)max) && s[n] != '\0')
		n++;
	return n;
}

/* Format the conversion that starts at the '%' at pct; returns what follows it. */
static const char *convert(struct out *o, const char *pct, va_list *ap)
{
	struct spec sp;
	const char *end = parse_spec(pct + 1, &sp, ap);
	char prefix[3];
	size_t prefix_len = 0;

	/* As in glibc, a width or precision beyond INT_MAX fails the whole call. */
	if (sp.oversize) {
		o->overflow = true;
		return end;
	}
	switch (sp.conv) {
	case 'd':
	case 'i': {
		intmax_t v = fetch_signed(ap, sp.length);
		/* Negate in unsigned arithmetic, so that INTMAX_MIN survives. */
		uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
		if (v < 0)
			prefix[prefix_len++] = '-';
		else if ((sp.flags & FLAG_PLUS) != 0)
			prefix[prefix_len++] = '+';
		else if ((sp.flags & FLAG_SPACE) != 0)
			prefix[prefix_len++] = ' ';
		put_number(o, &sp, mag, prefix, prefix_len);
		break;
	}
	case 'u':
	case 'o':
	case 'x':
	case 'X': {
		uintmax_t v = fetch_unsigned(ap, sp.length);
		if ((sp.flags & FLAG_ALT) != 0 && v != 0 && sp.conv != 'u' && sp.conv != 'o') {
			prefix[prefix_len++] = '0';
			prefix[prefix_len++] = sp.conv;
		}
		put_number(o, &sp, v, prefix, prefix_len);
		break;
	}
	case 'p': {
		const void *ptr = va_arg(*ap, const void *);
		if (ptr == NULL) {
			put_text(o, &sp, "(nil)", 5);
			break;
		}
		/* glibc prints a pointer as %#lx, but honours '+' and ' ' too. */
		if ((sp.flags & FLAG_PLUS) != 0)
			prefix[prefix_len++] = '+';
		else if ((sp.flags & FLAG_SPACE) != 0)
			prefix[prefix_len++] = ' ';
		prefix[prefix_len++] = '0';
		prefix[prefix_len++] = 'x';
		put_number(o, &sp, (uintptr_t)ptr, prefix, prefix_len);
		break;
	}
	case 'c': {
		char c = (char)va_arg(*ap, int);
		put_text(o, &sp, &c, 1);
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		/* As glibc: "(null)" only if the precision leaves room for all of it. */
		if (s == NULL)
			s = sp.precision < 0 || sp.precision >= 6 ? "(null)" : "";
		put_text(o, &sp, s, bounded_length(s, sp.precision));
		break;
	}
	case '%':
		if (reserve(o, 1))
			put_chars(o, "%", 1);
		break;
	default:
		/* Unknown or cut short by the end of the format: copy it as written. */
		if (reserve(o, end - pct))
			put_chars(o, pct, end - pct);
		break;
	}
	return end;
}

int format_vprintf(void (*emit)(char c, void *ctx), void *ctx, const char *fmt, va_list ap)
{
	struct out o = {.emit = emit, .ctx = ctx, .count = 0, .overflow = false};
	/* A copy, because va_list may be an array type that cannot be passed by address. */
	va_list args;

	va_copy(args, ap);
	while (*fmt != '\0' && !o.overflow) {
		if (*fmt == '%') {
			fmt = convert(&o, fmt, &args);
			continue;
		}
		size_t n = 0;
		while (fmt[n] != '\0' && fmt[n] != '%')
			n++;
		if (reserve(&o, n))
			put_chars(&o, fmt, n);
		fmt += n;
	}
	va_end(args);
	return o.overflow ? -1 : (int)o.count;
}

/* Where format_vsnprintf's characters go: buf holds len of them, NUL excluded. */
struct buffer {
	char *buf;
	size_t size;
	size_t len;
};

static void buffer_emit(char c, void *ctx)
{
	struct buffer *b = ctx;

	/* The last byte is kept for the NUL; the rest of the output is dropped. */
	if (b->len + 1 < b->size)
		b->buf[b->len++] = c;
}

int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer b = {.buf = buf, .size = size, .len = 0};
	int n = format_vprintf(buffer_emit, &b, fmt, ap);

	if (size > 0)
		buf[b.len] = '\0';
	return n;
}

int format_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = format_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
