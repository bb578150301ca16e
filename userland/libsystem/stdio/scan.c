/*
 * The scanf engine (see scan.h). A field is read by growing the source's
 * window until it holds a byte that cannot belong to the field, the width,
 * or the end of input; integers and floating-point numbers are then scanned
 * as a whole in that window and only the accepted prefix is consumed. A
 * stream is read further only when the field needs its next byte, as a
 * byte-at-a-time scanf would.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fp/parse.h"
#include "stdio/length.h"
#include "stdio/scan.h"

/* Outcome of one directive. */
enum result {
	SCAN_OK,
	SCAN_MATCH_FAIL, /* input there but not matching */
	SCAN_INPUT_FAIL, /* input ended */
};

struct scanner {
	struct scan_source *src;
	size_t count; /* bytes consumed, for %n */
};

/* The next byte, or -1 at the end of input. */
static int scan_peek(struct scanner *sc)
{
	size_t got;
	const char *w = sc->src->window(sc->src, 1, &got);

	return got > 0 ? (unsigned char)w[0] : -1;
}

static void scan_skip(struct scanner *sc, size_t n)
{
	sc->src->skip(sc->src, n);
	sc->count += n;
}

static void scan_skip_space(struct scanner *sc)
{
	int c;

	while ((c = scan_peek(sc)) >= 0 && isspace(c))
		scan_skip(sc, 1);
}

static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 99;
}

/*
 * Scans [sign][0x]digits in base (0: by prefix) within w[0..len). Returns the
 * accepted length (0: no number). Out-of-range values saturate as strtoimax
 * (is_signed) or strtoumax would make them.
 */
static size_t scan_integer_text(const char *w, size_t len, int base, int is_signed, uint64_t *value)
{
	size_t i = 0, start;
	int neg = 0, overflow = 0;
	uint64_t v = 0;

	if (i < len && (w[i] == '+' || w[i] == '-'))
		neg = w[i++] == '-';
	if ((base == 0 || base == 16) && i + 2 < len && w[i] == '0' &&
	    (w[i + 1] == 'x' || w[i + 1] == 'X') && isxdigit((unsigned char)w[i + 2])) {
		i += 2;
		base = 16;
	} else if (base == 0) {
		base = i < len && w[i] == '0' ? 8 : 10;
	}
	start = i;
	for (; i < len; i++) {
		int d = digit_value((unsigned char)w[i]);

		if (d >= base)
			break;
		if (v > (UINT64_MAX - (unsigned)d) / (unsigned)base)
			overflow = 1;
		else
			v = v * (unsigned)base + (unsigned)d;
	}
	if (i == start)
		return 0;
	if (is_signed) {
		uint64_t limit = neg ? UINT64_C(1) << 63 : INT64_MAX;

		if (overflow || v > limit)
			v = limit;
	} else if (overflow) {
		*value = UINT64_MAX;
		return i;
	}
	*value = neg ? 0 - v : v;
	return i;
}

/*
 * Whether w[0..n) can still belong to the field: the field's syntax checked
 * as a prefix, so that a stream is read exactly as far as a byte-at-a-time
 * scanf would read. ctx is the base of an integer, or the %[ set.
 */
typedef int field_ok(const char *w, size_t n, const void *ctx);

static int any_ok(const char *w, size_t n, const void *ctx)
{
	return 1;
}

static int word_ok(const char *w, size_t n, const void *ctx)
{
	return !isspace((unsigned char)w[n - 1]);
}

static int set_ok(const char *w, size_t n, const void *ctx)
{
	return ((const unsigned char *)ctx)[(unsigned char)w[n - 1]];
}

/* [sign][0x]digits of the base (0: by prefix). */
static int integer_ok(const char *w, size_t n, const void *ctx)
{
	int base = *(const int *)ctx;
	size_t i = 0;

	if (w[i] == '+' || w[i] == '-')
		i++;
	if (i < n && w[i] == '0' && (base == 0 || base == 16)) {
		i++;
		if (i < n && (w[i] == 'x' || w[i] == 'X')) {
			i++;
			base = 16;
		} else if (base == 0) {
			base = 8;
		}
	} else if (base == 0) {
		base = 10;
	}
	for (; i < n; i++) {
		if (digit_value((unsigned char)w[i]) >= base)
			return 0;
	}
	return 1;
}

/* Whether w[0..n) is a case-insensitive prefix of word. */
static int word_prefix(const char *w, size_t n, const char *word)
{
	if (n > strlen(word))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (tolower((unsigned char)w[i]) != word[i])
			return 0;
	}
	return 1;
}

/* Digits with at most one point, then [exponent letter [sign] digits]. */
static int mantissa_ok(const char *w, size_t n, int hex)
{
	int point = 0;
	size_t i = 0;

	for (; i < n; i++) {
		if (w[i] == '.' && !point)
			point = 1;
		else if (!(hex ? isxdigit((unsigned char)w[i]) : isdigit((unsigned char)w[i])))
			break;
	}
	if (i == n)
		return 1;
	if (tolower((unsigned char)w[i]) != (hex ? 'p' : 'e'))
		return 0;
	if (++i < n && (w[i] == '+' || w[i] == '-'))
		i++;
	for (; i < n; i++) {
		if (!isdigit((unsigned char)w[i]))
			return 0;
	}
	return 1;
}

static int float_ok(const char *w, size_t n, const void *ctx)
{
	size_t i = w[0] == '+' || w[0] == '-' ? 1 : 0;

	w += i;
	n -= i;
	if (n == 0 || word_prefix(w, n, "infinity"))
		return 1;
	if (word_prefix(w, n < 3 ? n : 3, "nan")) {
		/* nan, then "(" n-chars ")". */
		for (i = 3; i < n; i++) {
			if (i == 3 ? w[i] != '('
			           : w[i - 1] == ')' || !(isalnum((unsigned char)w[i]) ||
			                                  w[i] == '_' || w[i] == ')'))
				return 0;
		}
		return 1;
	}
	if (n >= 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X'))
		return mantissa_ok(w + 2, n - 2, 1);
	return mantissa_ok(w, n, 0);
}

/*
 * The window for a field of at most width bytes (0: no limit), grown until
 * it holds a byte that ends the field, the width, or all the input.
 */
static const char *scan_field(struct scanner *sc, size_t width, field_ok *ok, const void *ctx,
                              size_t *len)
{
	size_t limit = width != 0 ? width : SIZE_MAX, want = 1, got = 0, checked = 0;
	const char *w;

	/* Ask for one byte more than seen only while every byte seen belongs to the field. */
	for (;;) {
		size_t prev = got;

		w = sc->src->window(sc->src, want, &got);
		if (got > limit)
			got = limit;
		for (; checked < got; checked++) {
			if (!ok(w, checked + 1, ctx)) {
				*len = got;
				return w;
			}
		}
		if (got >= limit || got == prev)
			break;
		want = got + 1;
	}
	*len = got;
	return w;
}

static enum result scan_integer(struct scanner *sc, size_t width, int base, int is_signed,
                                void *dst, enum length len)
{
	size_t avail, n;
	const char *w;
	uint64_t v = 0;

	scan_skip_space(sc);
	w = scan_field(sc, width, integer_ok, &base, &avail);
	if (avail == 0)
		return SCAN_INPUT_FAIL;
	n = scan_integer_text(w, avail, base, is_signed, &v);
	if (n == 0)
		return SCAN_MATCH_FAIL;
	scan_skip(sc, n);
	if (dst != NULL)
		length_store(dst, len, v);
	return SCAN_OK;
}

static enum result scan_float(struct scanner *sc, size_t width, void *dst, enum length len)
{
	struct fp_number num;
	size_t avail, n;
	const char *w;
	int erange;

	scan_skip_space(sc);
	w = scan_field(sc, width, float_ok, NULL, &avail);
	if (avail == 0)
		return SCAN_INPUT_FAIL;
	n = fp_scan(w, avail, &num);
	if (n == 0)
		return SCAN_MATCH_FAIL;
	scan_skip(sc, n);
	if (dst == NULL)
		return SCAN_OK;
	/* long double is double on macOS arm64. */
	if (len == LEN_L || len == LEN_BIG_L)
		*(double *)dst = fp_number_double(&num, &erange);
	else
		*(float *)dst = fp_number_float(&num, &erange);
	return SCAN_OK;
}

/* %c, %s and %[ store bytes, or wide characters (int-sized on macOS) with 'l'. */
static void store_char(void *dst, size_t i, int c, int wide)
{
	if (wide)
		((int *)dst)[i] = c;
	else
		((char *)dst)[i] = (char)c;
}

static enum result scan_chars(struct scanner *sc, size_t width, void *dst, int wide)
{
	size_t avail;
	const char *w = scan_field(sc, width == 0 ? 1 : width, any_ok, NULL, &avail);

	if (avail == 0)
		return SCAN_INPUT_FAIL;
	for (size_t i = 0; dst != NULL && i < avail; i++)
		store_char(dst, i, (unsigned char)w[i], wide);
	scan_skip(sc, avail);
	return SCAN_OK;
}

/* Reads the %[ set after '[' into member; returns the format past ']', or NULL if unterminated. */
static const char *parse_set(const char *fmt, unsigned char member[256])
{
	int negate = 0;
	const char *p = fmt;

	if (*p == '^') {
		negate = 1;
		p++;
	}
	memset(member, 0, 256);
	/* A ']' right after '[' or '[^' belongs to the set. */
	if (*p == ']')
		member[(unsigned char)*p++] = 1;
	for (; *p != ']'; p++) {
		if (*p == '\0')
			return NULL;
		if (p[0] == '-' && p != fmt + negate && p[1] != ']' && p[1] != '\0' &&
		    (unsigned char)p[-1] <= (unsigned char)p[1]) {
			/* A range: the start was already added. */
			for (int c = (unsigned char)p[-1]; c <= (unsigned char)p[1]; c++)
				member[c] = 1;
			p++;
			continue;
		}
		member[(unsigned char)*p] = 1;
	}
	if (negate) {
		for (int c = 0; c < 256; c++)
			member[c] = !member[c];
	}
	return p + 1;
}

static enum result scan_string(struct scanner *sc, size_t width, void *dst, int wide,
                               const unsigned char *set)
{
	size_t avail, n = 0;
	const char *w;

	if (set == NULL)
		scan_skip_space(sc);
	w = scan_field(sc, width, set != NULL ? set_ok : word_ok, set, &avail);
	if (avail == 0)
		return SCAN_INPUT_FAIL;
	while (n < avail) {
		unsigned char c = (unsigned char)w[n];

		if (set != NULL ? !set[c] : isspace(c))
			break;
		if (dst != NULL)
			store_char(dst, n, c, wide);
		n++;
	}
	if (n == 0)
		return SCAN_MATCH_FAIL;
	if (dst != NULL)
		store_char(dst, n, 0, wide);
	scan_skip(sc, n);
	return SCAN_OK;
}

int scan_vscanf(struct scan_source *src, const char *fmt, va_list ap)
{
	struct scanner sc = {src, 0};
	unsigned char set[256];
	int assigned = 0, converted = 0;
	enum result r = SCAN_OK;
	va_list args;

	va_copy(args, ap);
	while (*fmt != '\0' && r == SCAN_OK) {
		int suppress = 0;
		size_t width = 0;
		enum length len;
		void *dst = NULL;

		if (isspace((unsigned char)*fmt)) {
			scan_skip_space(&sc);
			fmt++;
			continue;
		}
		if (*fmt != '%' || fmt[1] == '%') {
			/* A literal byte ("%%" is a '%' after optional white space). */
			if (*fmt == '%') {
				scan_skip_space(&sc);
				fmt++;
			}
			int c = scan_peek(&sc);
			if (c < 0)
				r = SCAN_INPUT_FAIL;
			else if (c != (unsigned char)*fmt)
				r = SCAN_MATCH_FAIL;
			else
				scan_skip(&sc, 1);
			fmt++;
			continue;
		}
		fmt++;
		if (*fmt == '*') {
			suppress = 1;
			fmt++;
		}
		while (isdigit((unsigned char)*fmt)) {
			if (width < SIZE_MAX / 20)
				width = width * 10 + (size_t)(*fmt - '0');
			fmt++;
		}
		fmt = length_parse(fmt, &len);
		char conv = *fmt++;
		if (conv == '\0')
			break;
		if (conv == 'n') {
			if (!suppress)
				length_store(va_arg(args, void *), len, sc.count);
			continue;
		}
		if (!suppress && strchr("diouxXpaAeEfFgGcCsS[", conv) != NULL)
			dst = va_arg(args, void *);
		switch (conv) {
		case 'd': r = scan_integer(&sc, width, 10, 1, dst, len); break;
		case 'i': r = scan_integer(&sc, width, 0, 1, dst, len); break;
		case 'o': r = scan_integer(&sc, width, 8, 0, dst, len); break;
		case 'u': r = scan_integer(&sc, width, 10, 0, dst, len); break;
		case 'x':
		case 'X': r = scan_integer(&sc, width, 16, 0, dst, len); break;
		case 'p': r = scan_integer(&sc, width, 16, 0, dst, LEN_L); break;
		case 'a':
		case 'A':
		case 'e':
		case 'E':
		case 'f':
		case 'F':
		case 'g':
		case 'G': r = scan_float(&sc, width, dst, len); break;
		case 'c':
		case 'C': r = scan_chars(&sc, width, dst, len == LEN_L || conv == 'C'); break;
		case 's':
		case 'S':
			r = scan_string(&sc, width, dst, len == LEN_L || conv == 'S', NULL);
			break;
		case '[': {
			const char *next = parse_set(fmt, set);

			if (next == NULL) {
				fmt = "";
				r = SCAN_MATCH_FAIL;
				break;
			}
			fmt = next;
			r = scan_string(&sc, width, dst, len == LEN_L, set);
			break;
		}
		default:
			/* An unknown conversion matches nothing. */
			r = SCAN_MATCH_FAIL;
			break;
		}
		if (r == SCAN_OK) {
			converted++;
			if (dst != NULL)
				assigned++;
		}
	}
	va_end(args);
	if (r == SCAN_INPUT_FAIL && converted == 0)
		return EOF;
	return assigned;
}
