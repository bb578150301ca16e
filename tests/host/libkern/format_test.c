/*
 * Host test of libkern/format.h with glibc's vsnprintf as the oracle.  Every
 * case is formatted both ways into a large buffer and through format_vprintf,
 * then again at every buffer size from 0 to one past the output, with a canary
 * after the buffer.  Cases come from tables: flags x width x precision per
 * conversion, every length modifier x edge values, '*' widths and precisions,
 * and mixed formats.  Where format.c deliberately differs from glibc (broken
 * specifications are copied literally), the expected output is spelt out.
 *
 * The format strings are built or passed at run time on purpose: many of them
 * are ones GCC's -Wformat would reject, yet glibc defines their output.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkern/format.h"

#define OUT_MAX 256 /* longer than any output below */
#define CANARY  0x5a
#define SLACK   8 /* canary bytes checked past the buffer */

static int failures;
static int cases;

static void fail(const char *fmt, const char *what, int want_ret, const char *want, int got_ret,
                 const char *got)
{
	if (++failures <= 30)
		printf("FAIL \"%s\" (%s): want %d \"%s\", got %d \"%s\"\n", fmt, what, want_ret,
		       want, got_ret, got);
}

/* Collects format_vprintf's output. */
struct sink {
	char buf[OUT_MAX];
	size_t len;
};

static void sink_emit(char c, void *ctx)
{
	struct sink *s = ctx;

	if (s->len < sizeof(s->buf) - 1)
		s->buf[s->len] = c;
	s->len++;
}

/*
 * Compare format.c with glibc for one format and its arguments.  When glibc
 * fails (-1, for an oversize width or precision), only the return values are
 * compared: glibc leaves partial output behind, format.c none.
 */
static void check(const char *fmt, ...)
{
	char want[OUT_MAX + SLACK], got[OUT_MAX + SLACK];
	va_list ap, copy;

	cases++;
	va_start(ap, fmt);

	va_copy(copy, ap);
	int want_ret = vsnprintf(want, OUT_MAX, fmt, copy);
	va_end(copy);
	va_copy(copy, ap);
	int got_ret = format_vsnprintf(got, OUT_MAX, fmt, copy);
	va_end(copy);
	if (want_ret >= OUT_MAX) {
		printf("test bug: \"%s\" is too long\n", fmt);
		exit(EXIT_FAILURE);
	}
	if (got_ret != want_ret ||
	    (want_ret >= 0 && memcmp(got, want, (size_t)want_ret + 1) != 0)) {
		fail(fmt, "vsnprintf", want_ret, want, got_ret, got);
		va_end(ap);
		return;
	}
	if (want_ret < 0) {
		va_end(ap);
		return;
	}

	struct sink sink = {.len = 0};
	va_copy(copy, ap);
	int emit_ret = format_vprintf(sink_emit, &sink, fmt, copy);
	va_end(copy);
	sink.buf[sink.len < sizeof(sink.buf) ? sink.len : sizeof(sink.buf) - 1] = '\0';
	if (emit_ret != want_ret || sink.len != (size_t)want_ret ||
	    memcmp(sink.buf, want, (size_t)want_ret) != 0)
		fail(fmt, "vprintf", want_ret, want, emit_ret, sink.buf);

	for (size_t size = 0; size <= (size_t)want_ret + 1; size++) {
		memset(want, CANARY, size + SLACK);
		memset(got, CANARY, size + SLACK);
		va_copy(copy, ap);
		int w = vsnprintf(size == 0 ? NULL : want, size, fmt, copy);
		va_end(copy);
		va_copy(copy, ap);
		int g = format_vsnprintf(size == 0 ? NULL : got, size, fmt, copy);
		va_end(copy);
		if (g != w || memcmp(got, want, size + SLACK) != 0) {
			char what[32];
			snprintf(what, sizeof(what), "size %zu", size);
			want[size + SLACK - 1] = got[size + SLACK - 1] = '\0';
			fail(fmt, what, w, want, g, got);
			break;
		}
	}
	va_end(ap);
}

/* For what glibc does differently: format.c's output must equal want. */
static void expect(const char *want, const char *fmt, ...)
{
	char got[OUT_MAX];
	va_list ap;

	cases++;
	va_start(ap, fmt);
	int ret = format_vsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	if (ret != (int)strlen(want) || strcmp(got, want) != 0)
		fail(fmt, "expected", (int)strlen(want), want, ret, got);
}

/* The 32 subsets of the flag characters, in a fixed order. */
static const char *flag_set(unsigned bits)
{
	static char buf[8];
	const char *all = "-0+ #";
	size_t n = 0;

	for (unsigned i = 0; i < 5; i++) {
		if ((bits & (1u << i)) != 0)
			buf[n++] = all[i];
	}
	buf[n] = '\0';
	return buf;
}

static const char *const widths[] = {"", "1", "7", "24"};
static const char *const precisions[] = {"", ".", ".0", ".1", ".5", ".23"};
#define NWIDTHS     (sizeof(widths) / sizeof(widths[0]))
#define NPRECISIONS (sizeof(precisions) / sizeof(precisions[0]))

/* "<%" flags width precision length conversion ">", so text around is emitted too. */
static void build(char *fmt, size_t size, unsigned flags, const char *width, const char *precision,
                  const char *length, char conv)
{
	snprintf(fmt, size, "<%%%s%s%s%s%c>", flag_set(flags), width, precision, length, conv);
}

enum arg_type { ARG_INT, ARG_LONG, ARG_LLONG, ARG_SIZE, ARG_INTMAX, ARG_PTRDIFF };

static const struct {
	const char *modifier;
	enum arg_type type;
} lengths[] = {
    {"", ARG_INT},     {"hh", ARG_INT}, {"h", ARG_INT},    {"l", ARG_LONG},
    {"ll", ARG_LLONG}, {"z", ARG_SIZE}, {"j", ARG_INTMAX}, {"t", ARG_PTRDIFF},
};
#define NLENGTHS (sizeof(lengths) / sizeof(lengths[0]))

/*
 * Pass bits as the type that the length modifier and signedness call for;
 * narrowing keeps the low bits, so INT_MIN, -1 and friends all come from here.
 */
static void check_integer(const char *fmt, enum arg_type type, bool is_signed, uint64_t bits)
{
	switch (type) {
	case ARG_INT:
		if (is_signed)
			check(fmt, (int)bits);
		else
			check(fmt, (unsigned int)bits);
		break;
	case ARG_LONG:
		if (is_signed)
			check(fmt, (long)bits);
		else
			check(fmt, (unsigned long)bits);
		break;
	case ARG_LLONG:
		if (is_signed)
			check(fmt, (long long)bits);
		else
			check(fmt, (unsigned long long)bits);
		break;
	case ARG_SIZE:
	case ARG_PTRDIFF:
		/* ptrdiff_t and size_t are the signed and unsigned types of one width. */
		if (is_signed)
			check(fmt, (ptrdiff_t)bits);
		else
			check(fmt, (size_t)bits);
		break;
	case ARG_INTMAX:
		if (is_signed)
			check(fmt, (intmax_t)bits);
		else
			check(fmt, (uintmax_t)bits);
		break;
	}
}

static const uint64_t edge_values[] = {
    0,
    1,
    5,
    42,
    127,
    128,
    255,
    256,
    0x7fff,
    0x8000,
    0xffff,
    0x10000,
    0x7fffffff, /* INT_MAX */
    0x80000000, /* INT_MIN as an int */
    0xffffffff, /* -1 as an int, UINT_MAX */
    0x100000000,
    0x123456789abcdef0,
    0x7fffffffffffffff, /* LLONG_MAX */
    0x8000000000000000, /* LLONG_MIN */
    0xffffffffffffffff, /* -1, UINT64_MAX */
};
#define NEDGES (sizeof(edge_values) / sizeof(edge_values[0]))

static const char integer_convs[] = "diuxXo";

/* Every flag, width and precision on every integer conversion. */
static void test_integer_layout(void)
{
	const uint64_t values[] = {0, 1, 42, 0xffffffff, 0x80000000, 0x8000000000000000};
	const size_t ll = 4; /* lengths[ll] is "ll" */
	char fmt[64];

	for (const char *c = integer_convs; *c != '\0'; c++) {
		bool is_signed = *c == 'd' || *c == 'i';
		for (unsigned flags = 0; flags < 32; flags++) {
			for (size_t w = 0; w < NWIDTHS; w++) {
				for (size_t p = 0; p < NPRECISIONS; p++) {
					for (size_t v = 0; v < sizeof(values) / sizeof(values[0]);
					     v++) {
						build(fmt, sizeof(fmt), flags, widths[w],
						      precisions[p], "", *c);
						check_integer(fmt, ARG_INT, is_signed, values[v]);
						build(fmt, sizeof(fmt), flags, widths[w],
						      precisions[p], lengths[ll].modifier, *c);
						check_integer(fmt, ARG_LLONG, is_signed, values[v]);
					}
				}
			}
		}
	}
}

/* Every length modifier with edge values, under a few telling layouts. */
static void test_integer_lengths(void)
{
	const char *const layouts[] = {"%", "%#", "%+", "% ", "%-+#25.20", "%024", "%.0", "%#.0"};
	char fmt[64];

	for (const char *c = integer_convs; *c != '\0'; c++) {
		bool is_signed = *c == 'd' || *c == 'i';
		for (size_t l = 0; l < NLENGTHS; l++) {
			for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
				snprintf(fmt, sizeof(fmt), "[%s%s%c]", layouts[i],
				         lengths[l].modifier, *c);
				for (size_t v = 0; v < NEDGES; v++)
					check_integer(fmt, lengths[l].type, is_signed,
					              edge_values[v]);
			}
		}
	}
}

static void test_strings(void)
{
	/* Precision 3 reads no further than these three bytes. */
	static const char unterminated[3] = {'a', 'b', 'c'};
	const char *const values[] = {"", "a", "hello, world", NULL, "\xe9t\xe9"};
	const char *const string_precisions[] = {"", ".", ".0", ".3", ".5", ".6", ".20"};
	char fmt[64];

	for (unsigned flags = 0; flags < 32; flags++) {
		for (size_t w = 0; w < NWIDTHS; w++) {
			for (size_t p = 0;
			     p < sizeof(string_precisions) / sizeof(string_precisions[0]); p++) {
				for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
					build(fmt, sizeof(fmt), flags, widths[w],
					      string_precisions[p], "", 's');
					check(fmt, values[v]);
				}
			}
		}
	}
	check("%.3s", unterminated);
	check("%-6.2s|", unterminated);
}

static void test_chars(void)
{
	/* NUL is a character like any other; 'z' + 256 is converted to unsigned char. */
	const int values[] = {'A', 0, 0xe9, 'z' + 256, -1};
	const char *const char_precisions[] = {"", ".0", ".3"};
	char fmt[64];

	for (unsigned flags = 0; flags < 32; flags++) {
		for (size_t w = 0; w < NWIDTHS; w++) {
			for (size_t p = 0; p < sizeof(char_precisions) / sizeof(char_precisions[0]);
			     p++) {
				for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
					build(fmt, sizeof(fmt), flags, widths[w],
					      char_precisions[p], "", 'c');
					check(fmt, values[v]);
				}
			}
		}
	}
}

static void test_pointers(void)
{
	int local;
	void *const values[] = {NULL, (void *)1, (void *)0xdeadbeef, (void *)UINTPTR_MAX, &local};
	char fmt[64];

	for (unsigned flags = 0; flags < 32; flags++) {
		for (size_t w = 0; w < NWIDTHS; w++) {
			for (size_t p = 0; p < NPRECISIONS; p++) {
				for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
					build(fmt, sizeof(fmt), flags, widths[w], precisions[p], "",
					      'p');
					check(fmt, values[v]);
				}
			}
		}
	}
}

/* '*' widths (negative means '-') and precisions (negative means none). */
static void test_stars(void)
{
	const int star_widths[] = {-25, -6, -1, 0, 1, 6, 25};
	const int star_precisions[] = {-7, -1, 0, 1, 3, 9};
	const int ints[] = {0, 7, -123, INT_MIN};
	const char *const strings[] = {"", "abc", "hello, world", NULL};
	void *const pointers[] = {NULL, (void *)0x1234, (void *)UINTPTR_MAX};
	const char *const int_w[] = {"%*d", "%-*d", "%0*d", "%+*i", "%*x", "%-#*o", "%0*u"};
	const char *const int_p[] = {"%.*d", "%.*x", "%#.*o", "%#.*X", "%08.*d"};
	const char *const int_wp[] = {"%*.*d", "%-*.*x", "%0*.*i", "%#*.*o"};
#define N(a) (sizeof(a) / sizeof((a)[0]))

	for (size_t w = 0; w < N(star_widths); w++) {
		int sw = star_widths[w];
		for (size_t f = 0; f < N(int_w); f++) {
			for (size_t v = 0; v < N(ints); v++)
				check(int_w[f], sw, ints[v]);
		}
		for (size_t v = 0; v < N(strings); v++) {
			check("%*s|", sw, strings[v]);
			check("%-*s|", sw, strings[v]);
		}
		check("%*c|", sw, 'x');
		check("%-*c|", sw, 0);
		for (size_t v = 0; v < N(pointers); v++) {
			check("%*p|", sw, pointers[v]);
			check("%-*p|", sw, pointers[v]);
			check("%0*p|", sw, pointers[v]);
		}
		for (size_t p = 0; p < N(star_precisions); p++) {
			int sp = star_precisions[p];
			for (size_t f = 0; f < N(int_wp); f++) {
				for (size_t v = 0; v < N(ints); v++)
					check(int_wp[f], sw, sp, ints[v]);
			}
			for (size_t v = 0; v < N(strings); v++)
				check("%-*.*s|", sw, sp, strings[v]);
			for (size_t v = 0; v < N(pointers); v++)
				check("%*.*p|", sw, sp, pointers[v]);
		}
	}
	for (size_t p = 0; p < N(star_precisions); p++) {
		int sp = star_precisions[p];
		for (size_t f = 0; f < N(int_p); f++) {
			for (size_t v = 0; v < N(ints); v++)
				check(int_p[f], sp, ints[v]);
		}
		for (size_t v = 0; v < N(strings); v++)
			check("%.*s|", sp, strings[v]);
	}
#undef N
}

static void test_mixed(void)
{
	check("");
	check("plain text");
	check("%%");
	check("100%% of %d%%", 5);
	check("%5%|%-5%|");
	check("x=%d y=%5s z=%#x %c%%", -3, "ab", 255u, 'q');
	check("%s=%lld (%zu bytes) at %p", "name", LLONG_MIN, sizeof(long), (void *)0x1000);
	check("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	check("%jd %ju %td %tx", INTMAX_MIN, UINTMAX_MAX, (ptrdiff_t)-5, (ptrdiff_t)-1);
	check("%--5d|%++d|%  d|%##x|%00d", 1, 2, 3, 4, 5);
	check("%-0+ #8x|%0-8d|%+ d|% +d", 0x2a, 6, 7, 8);
	check("%.*s%.*s", 2, "abcdef", 3, "xyz!");
	check("%.2147483647s", "ab");
	/* Unknown conversions whose literal copy glibc happens to print too. */
	check("%y");
	check("a%yb");
	check("%5y|%-5y|%#y|% y|%+y|%0y|%05y|%.3y");
	check("%y %d", 5);
	/* A width or precision past INT_MAX fails the call in both. */
	check("%*d", INT_MIN, 1);
	check("%2147483648d", 1);
	check("%.2147483648d", 1);
	check("%99999999999999999999x", 1u);
}

/* Broken specifications: glibc reformats or rejects them, format.c copies them. */
static void test_literal(void)
{
	expect("%", "%");
	expect("abc%", "abc%");
	expect("abc%-5", "abc%-5");
	expect("%l", "%l");
	expect("%lly", "%lly");
	expect("%hhy", "%hhy");
	expect("%5.y", "%5.y");
	expect("%-#08.3lly", "%-#08.3lly");
	expect("%Lf", "%Lf");
	expect("%f 1", "%f %d", 1);
	expect("%n 2", "%n %d", 2);
	/* glibc reads a wide string; format.c ignores length modifiers on %s. */
	expect("narrow", "%ls", "narrow");
}

/* The variadic wrapper, and the size-0 measuring call. */
static void test_snprintf(void)
{
	char buf[16];

	cases++;
	if (format_snprintf(buf, sizeof(buf), "%d-%s", 42, "x") != 4 || strcmp(buf, "42-x") != 0)
		fail("%d-%s", "format_snprintf", 4, "42-x", -2, buf);
	cases++;
	if (format_snprintf(NULL, 0, "%lu", 1234567ul) != 7)
		fail("%lu", "format_snprintf(NULL, 0)", 7, "", -2, "");
	cases++;
	memset(buf, CANARY, sizeof(buf));
	if (format_snprintf(buf, 4, "%s", "truncated") != 9 || strcmp(buf, "tru") != 0 ||
	    buf[4] != CANARY)
		fail("%s", "format_snprintf(buf, 4)", 9, "tru", -2, buf);
}

int main(void)
{
	test_integer_layout();
	test_integer_lengths();
	test_strings();
	test_chars();
	test_pointers();
	test_stars();
	test_mixed();
	test_literal();
	test_snprintf();
	if (failures != 0) {
		printf("%d of %d cases failed\n", failures, cases);
		return EXIT_FAILURE;
	}
	printf("all %d cases passed\n", cases);
	return EXIT_SUCCESS;
}
