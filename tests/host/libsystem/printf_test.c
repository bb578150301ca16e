/*
 * libSystem's printf engine against glibc: every flag, width, precision,
 * length modifier and conversion on edge cases, then seeded random sweeps of
 * doubles (all exponents, halfway cases, random precisions) and integers.
 * Where macOS and glibc differ by design (%p of NULL, %a of subnormals, the
 * sign of NaN), the expected macOS text is spelled out.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <wchar.h>

#include "host/check.h"
#include "ts.h"

static char got[8192], want[8192];

#define SAME(...)                                                                                  \
	do {                                                                                       \
		int n1 = ts_snprintf(got, sizeof(got), __VA_ARGS__);                               \
		int n2 = snprintf(want, sizeof(want), __VA_ARGS__);                                \
		if (n1 != n2 || strcmp(got, want) != 0) {                                          \
			fprintf(stderr, "%s:%d: %s: got \"%s\" (%d), glibc \"%s\" (%d)\n",         \
			        __FILE__, __LINE__, #__VA_ARGS__, got, n1, want, n2);              \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/*
 * glibc 2.36 drops the zeros %#g must keep when rounding carries into a new
 * digit (999999.5 prints "1.e+06", not "1.00000e+06"). For %#g the oracle is
 * therefore C's own definition: %#e or %#f with the precision C11 7.21.6.1
 * derives from the exponent X of %.(P-1)e.
 */
static void glibc_alt_g(char *out, size_t size, const char *fmt, double d)
{
	char head[32], conv, tmp[1024], newfmt[48];
	const char *dot = strchr(fmt, '.'), *e;
	size_t n = strlen(fmt) - 1;
	int p = dot != NULL ? atoi(dot + 1) : 6, x;

	conv = fmt[n];
	if (p == 0)
		p = 1;
	memcpy(head, fmt, dot != NULL ? (size_t)(dot - fmt) : n);
	head[dot != NULL ? (size_t)(dot - fmt) : n] = '\0';
	snprintf(tmp, sizeof(tmp), "%.*e", p - 1, d);
	e = strchr(tmp, 'e');
	x = e != NULL ? atoi(e + 1) : 0;
	if (e != NULL && p > x && x >= -4)
		snprintf(newfmt, sizeof(newfmt), "%s.%d%c", head, p - 1 - x,
		         conv == 'g' ? 'f' : 'F');
	else
		snprintf(newfmt, sizeof(newfmt), "%s.%d%c", head, p - 1, conv == 'g' ? 'e' : 'E');
	snprintf(out, size, newfmt, d);
}

/* Compares %g-family output with glibc, through glibc_alt_g when '#' is given. */
static void same_float(const char *fmt, double d)
{
	char conv = fmt[strlen(fmt) - 1];

	ts_snprintf(got, sizeof(got), fmt, d);
	if ((conv == 'g' || conv == 'G') && strchr(fmt, '#') != NULL && isfinite(d))
		glibc_alt_g(want, sizeof(want), fmt, d);
	else
		snprintf(want, sizeof(want), fmt, d);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "%s %.17g (%a): got \"%s\", want \"%s\"\n", fmt, d, d, got, want);
		abort();
	}
}

#define EXPECT(text, ...)                                                                          \
	do {                                                                                       \
		int n1 = ts_snprintf(got, sizeof(got), __VA_ARGS__);                               \
		if (n1 != (int)strlen(text) || strcmp(got, text) != 0) {                           \
			fprintf(stderr, "%s:%d: %s: got \"%s\", want \"%s\"\n", __FILE__,          \
			        __LINE__, #__VA_ARGS__, got, text);                                \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static void test_integers(void)
{
	static const char *const fmts[] = {
	    "%d",     "%i",   "%5d",   "%-5d|",   "%05d",   "%+d",    "% d",  "%+ d",
	    "%.0d",   "%.3d", "%8.3d", "%-8.3d|", "%08.3d", "%x",     "%X",   "%#x",
	    "%#X",    "%#o",  "%o",    "%u",      "%#.0o",  "%#.3o",  "%#8x", "%#08x",
	    "%-#8x|", "%+5u", "%'d",   "%0-5d|",  "%.10x",  "%#.10x",
	};
	static const int ivals[] = {0, 1, -1, 7, 8, 255, -255, 4096, INT_MAX, INT_MIN, 123456789};

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
		for (size_t v = 0; v < sizeof(ivals) / sizeof(ivals[0]); v++)
			SAME(fmts[f], ivals[v]);
	SAME("%hhd %hhu %hhx", 300, 300, -1);
	SAME("%hd %hu %hx", 70000, 70000, -1);
	SAME("%ld %lu %lx %lo", LONG_MIN, ULONG_MAX, ULONG_MAX, ULONG_MAX);
	SAME("%lld %llu %llX", LLONG_MIN, ULLONG_MAX, ULLONG_MAX);
	SAME("%qd %qu", LLONG_MAX, ULLONG_MAX);
	SAME("%jd %ju %zd %zu %td %tx", INTMAX_MIN, UINTMAX_MAX, (ssize_t)-5, SIZE_MAX,
	     (ptrdiff_t)-9, (ptrdiff_t)255);
	SAME("%*d|%-*d|%*d", 6, 42, 6, 42, -6, 42);
	SAME("%.*d|%.*d|%*.*d", 5, 42, -3, 42, 8, 4, -42);
	SAME("%c%c%c|%5c|%-5c|", 'a', 0x100 + 'b', 0, 'x', 'y');
	SAME("%s|%10s|%-10s|%.2s|%10.2s|%.0s|", "hello", "hi", "hi", "hello", "hello", "x");
	SAME("%.3s", "ab");
	SAME("%s", "(null) is printed");
	SAME("%%|%5%|%-5%|");
	SAME("plain text");
	SAME("");
	SAME("%p %20p %-20p|", (void *)0x1234, (void *)0xdeadbeefUL, (void *)1);
	SAME("%lc%ls", (wint_t)'w', L"wide");
	SAME("%5ls|%.2ls|%-4lc|", L"ab", L"abcd", (wint_t)'z');
	EXPECT("0x0", "%p", (void *)NULL);
	EXPECT("(null)", "%s", (char *)NULL);
	EXPECT("(nu", "%.3s", (char *)NULL);
	EXPECT("-42 52 2a", "%D %O %x", -42L, 42L, 42);
	EXPECT("y", "%y");

	/* Positional arguments, in any order, reused, with positional '*'. */
	SAME("%2$s %1$s %2$s", "world", "hello");
	SAME("%3$*1$.*2$f|%4$-*1$d|%5$c", 10, 3, 3.14159, 42, 'z');
	SAME("%2$lld %1$hhd %3$g %4$p %2$llx", 300, -5LL, 2.5, (void *)0x10);
	SAME("%1$d%%%2$s", 7, "x");
	SAME("%10$d %9$d %8$d %7$d %6$d %5$d %4$d %3$d %2$d %1$d", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

	int n1 = -1, n2 = -1;
	signed char hh = 0;
	short h = 0;
	long l = 0;
	long long ll = 0;
	CHECK(ts_snprintf(got, sizeof(got), "abc%n%5d%hhn%hn%ln%lln|%n", &n1, 7, &hh, &h, &l, &ll,
	                  &n2) == 9);
	CHECK(n1 == 3 && hh == 8 && h == 8 && l == 8 && ll == 8 && n2 == 9);
}

static void test_buffers(void)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	CHECK(ts_snprintf(buf, 4, "%d", 123456) == 6 && strcmp(buf, "123") == 0);
	CHECK(buf[4] == 'x');
	CHECK(ts_snprintf(buf, 1, "abc") == 3 && buf[0] == '\0');
	buf[0] = 'q';
	CHECK(ts_snprintf(buf, 0, "abc") == 3 && buf[0] == 'q');
	CHECK(ts_snprintf(NULL, 0, "%s=%d", "key", 12345) == 9);
	CHECK(ts_sprintf(buf, "%s-%d", "ab", 42) == 5 && strcmp(buf, "ab-42") == 0);
	/* Positions mixed with arguments in order, or out of range, are refused. */
	ts_errno = 0;
	CHECK(ts_snprintf(buf, sizeof(buf), "%1$d %d", 5, 6) == -1 && ts_errno == 22);
	ts_errno = 0;
	CHECK(ts_snprintf(buf, sizeof(buf), "%d %1$d", 5) == -1 && ts_errno == 22);
	ts_errno = 0;
	CHECK(ts_snprintf(buf, sizeof(buf), "%1$*d", 5, 6) == -1 && ts_errno == 22);
	ts_errno = 0;
	CHECK(ts_snprintf(buf, sizeof(buf), "%65$d", 5) == -1 && ts_errno == 22);
	ts_errno = 0;
	CHECK(ts_snprintf(buf, sizeof(buf), "%0$d", 5) == -1 && ts_errno == 22);
	ts_errno = 0;
	CHECK(ts_snprintf(buf, sizeof(buf), "%lc", (wint_t)0x263a) == -1 && ts_errno == 92);
	ts_errno = 0;
	CHECK(ts_snprintf(NULL, 0, "%2147483647d%2147483647d", 1, 1) == -1 && ts_errno == 84);
	CHECK(ts_snprintf(NULL, 0, "%99999999999d", 1) == -1 && ts_errno == 84);
}

static const double special[] = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    1.5,
    2.5,
    -2.5,
    0.125,
    0.375,
    9.5,
    99.5,
    999.5,
    0.05,
    0.15,
    0.25,
    0.35,
    1e-5,
    1e-4,
    123456.0,
    1234567.0,
    1e15,
    1e16,
    1e17,
    1e21,
    1e22,
    1e23,
    9.999999e-5,
    0.0001,
    99999.95,
    999999.5,
    0.1,
    0.2,
    0.3,
    1.0 / 3,
    2.0 / 3,
    M_PI,
    M_E,
    DBL_MAX,
    -DBL_MAX,
    DBL_MIN,
    DBL_EPSILON,
    5e-324,
    2.2250738585072009e-308,
    1e308,
    1e-300,
    4503599627370496.5,
    9007199254740993.0,
    0x1.fffffffffffffp+0,
    0x1.8p+0,
    0x1.08p+0,
    0x1.0000000000008p+0,
    0x1.0000000000018p+0,
    0x1.ffp+0,
    0x1.f8p+0,
    0x1.fffp-1,
    255.0,
    HUGE_VAL,
    -HUGE_VAL,
};

static void test_floats(void)
{
	static const char *const fmts[] = {
	    "%f",      "%e",      "%g",     "%E",     "%G",     "%F",      "%.0f",
	    "%.0e",    "%.0g",    "%#.0f",  "%#.0e",  "%#.0g",  "%#g",     "%.1f",
	    "%.2f",    "%.3e",    "%.10g",  "%.17g",  "%.20e",  "%.40f",   "%+f",
	    "% e",     "%+g",     "%20f",   "%-20e|", "%020f",  "%020e",   "%+020g",
	    "%-+20g|", "%#20.3g", "%.300f", "%.500e", "%.800g", "%Lf",     "%Le",
	    "%Lg",     "%#G",     "%.1g",   "%.2g",   "%#.3G",  "%012.4f", "% 012.4e",
	};

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
		for (size_t v = 0; v < sizeof(special) / sizeof(special[0]); v++) {
			if (strchr(fmts[f], 'L') != NULL) {
				/* long double is double on macOS arm64: compare with glibc's
				 * double. */
				char plain[16];
				size_t j = 0;

				for (const char *p = fmts[f]; *p != '\0'; p++)
					if (*p != 'L')
						plain[j++] = *p;
				plain[j] = '\0';
				ts_snprintf(got, sizeof(got), fmts[f], special[v]);
				snprintf(want, sizeof(want), plain, special[v]);
				CHECK(strcmp(got, want) == 0);
				continue;
			}
			same_float(fmts[f], special[v]);
		}
	SAME("%f|%e|%g|%5.1f|%-8e|%+G|%F", INFINITY, -INFINITY, INFINITY, INFINITY, -INFINITY,
	     INFINITY, -INFINITY);
	SAME("%010f|%-010e|", INFINITY, -INFINITY);
	SAME("%f|%e|%g|%5.1f|%E|%F", NAN, NAN, NAN, NAN, NAN, NAN);
	/* macOS prints NaN without a sign even when its sign bit is set. */
	EXPECT("nan NAN  nan", "%f %E %4g", -NAN, -NAN, -NAN);
	EXPECT("nan", "%+f", NAN);

	static const char *const hexfmts[] = {
	    "%a",  "%A",    "%.0a", "%.1a",   "%.2a",  "%.3a", "%.12a", "%.13a", "%.20a",
	    "%#a", "%#.0a", "%20a", "%-20a|", "%020a", "%+a",  "% a",   "%#A",   "%La",
	};
	for (size_t f = 0; f < sizeof(hexfmts) / sizeof(hexfmts[0]); f++)
		for (size_t v = 0; v < sizeof(special) / sizeof(special[0]); v++) {
			double d = special[v];

			/* glibc prints subnormals as 0x0.xxxp-1022; macOS normalizes (below). */
			if (d != 0 && fabs(d) < DBL_MIN)
				continue;
			if (strchr(hexfmts[f], 'L') != NULL) {
				ts_snprintf(got, sizeof(got), "%La", d);
				snprintf(want, sizeof(want), "%a", d);
				CHECK(strcmp(got, want) == 0);
				continue;
			}
			SAME(hexfmts[f], d);
		}
	EXPECT("0x1p-1074", "%a", 5e-324);
	EXPECT("-0x1.8p-1073", "%a", -0x1.8p-1073);
	EXPECT("0x1.ffffffffffffep-1023", "%a", 0x0.fffffffffffffp-1022);
	EXPECT("0x1.000p-1074", "%.3a", 5e-324);
	EXPECT("0X1P-1060", "%A", 0x1p-1060);
}

/* A double with random bits: every exponent, subnormals, and no NaN. */
static double random_double(unsigned long long *seed)
{
	union {
		uint64_t u;
		double d;
	} v;

	do {
		v.u = test_rand(seed);
		switch (test_rand(seed) % 4) {
		case 0:
			/* Near 1: the common case, with short fractions that make exact ties. */
			v.u = (v.u & 0x800fff0000000000ULL) |
			      ((uint64_t)(1023 + test_rand(seed) % 40 - 20) << 52);
			break;
		case 1:
			/* Integers and halves up to 2^60. */
			v.d = (double)(test_rand(seed) >> (test_rand(seed) % 64)) /
			      (test_rand(seed) % 2 ? 2 : 1);
			break;
		}
	} while (isnan(v.d));
	return v.d;
}

static void test_random_floats(void)
{
	unsigned long long seed = 0xfeedface;
	static const char convs[] = "eEfFgGaA";
	static const char flags[] = "-+ #0";

	for (int iter = 0; iter < 300000; iter++) {
		double d = random_double(&seed);
		char fmt[32];
		size_t n = 0;
		char conv = convs[test_rand(&seed) % 8];
		int prec = (int)(test_rand(&seed) % 25) - 1;

		if (iter % 50 == 0)
			prec = (int)(test_rand(&seed) % 400);
		if ((conv == 'a' || conv == 'A') && d != 0 && fabs(d) < DBL_MIN)
			continue;
		fmt[n++] = '%';
		for (int i = 0; i < 5; i++)
			if (test_rand(&seed) % 5 == 0)
				fmt[n++] = flags[i];
		if (test_rand(&seed) % 3 == 0)
			n += (size_t)sprintf(fmt + n, "%d", (int)(test_rand(&seed) % 30));
		if (prec >= 0)
			n += (size_t)sprintf(fmt + n, ".%d", prec);
		fmt[n++] = conv;
		fmt[n] = '\0';
		same_float(fmt, d);
	}
}

static void test_random_integers(void)
{
	unsigned long long seed = 99;
	static const char convs[] = "diouxX";
	static const char flags[] = "-+ #0";

	for (int iter = 0; iter < 200000; iter++) {
		long long v = (long long)(test_rand(&seed) >> (test_rand(&seed) % 64));
		char fmt[32];
		size_t n = 0;

		if (test_rand(&seed) % 2)
			v = -v;
		fmt[n++] = '%';
		for (int i = 0; i < 5; i++)
			if (test_rand(&seed) % 4 == 0)
				fmt[n++] = flags[i];
		if (test_rand(&seed) % 2)
			n += (size_t)sprintf(fmt + n, "%d", (int)(test_rand(&seed) % 25));
		if (test_rand(&seed) % 2)
			n += (size_t)sprintf(fmt + n, ".%d", (int)(test_rand(&seed) % 25));
		switch (test_rand(&seed) % 4) {
		case 0:
			fmt[n++] = 'l';
			fmt[n++] = 'l';
			fmt[n++] = convs[test_rand(&seed) % 6];
			fmt[n] = '\0';
			SAME(fmt, v);
			break;
		case 1:
			fmt[n++] = 'h';
			fmt[n++] = convs[test_rand(&seed) % 6];
			fmt[n] = '\0';
			SAME(fmt, (int)v);
			break;
		default:
			fmt[n++] = convs[test_rand(&seed) % 6];
			fmt[n] = '\0';
			SAME(fmt, (int)v);
			break;
		}
	}
}

int main(void)
{
	test_integers();
	test_buffers();
	test_floats();
	test_random_floats();
	test_random_integers();
	printf("printf_test: ok\n");
	return 0;
}
