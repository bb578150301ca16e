/*
 * libSystem's sscanf against glibc: every conversion, width, length
 * modifier, %[ sets, %n, suppression, failures, and seeded random numbers.
 * Where macOS and glibc differ by design (a number followed by a dangling
 * exponent: macOS backs up, glibc fails), the macOS result is spelled out.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "host/check.h"
#include "ts.h"

#define SLOTS 4
#define SLOT  256

static unsigned char got[SLOTS][SLOT] __attribute__((aligned(16)));
static unsigned char want[SLOTS][SLOT] __attribute__((aligned(16)));

/* Runs both sscanf's with four scratch destinations and compares everything stored. */
static void same_scan(const char *in, const char *fmt)
{
	int r1, r2;

	memset(got, 0xa5, sizeof(got));
	memset(want, 0xa5, sizeof(want));
	r1 = ts_sscanf(in, fmt, got[0], got[1], got[2], got[3]);
	r2 = sscanf(in, fmt, want[0], want[1], want[2], want[3]);
	/*
	 * Input ending after a suppressed conversion: macOS counts that
	 * conversion and returns 0; glibc counts assignments and returns EOF.
	 */
	if (r1 == 0 && r2 == -1 && strstr(fmt, "%*") != NULL)
		r2 = 0;
	if (r1 != r2 || memcmp(got, want, sizeof(got)) != 0) {
		fprintf(stderr, "sscanf(\"%s\", \"%s\"): %d, glibc %d\n", in, fmt, r1, r2);
		for (int i = 0; i < SLOTS; i++)
			if (memcmp(got[i], want[i], SLOT) != 0)
				fprintf(stderr, "  slot %d differs: %llx vs %llx\n", i,
				        *(unsigned long long *)got[i],
				        *(unsigned long long *)want[i]);
		abort();
	}
}

static const char *const inputs[] = {
    "",
    "   ",
    "42",
    "-42",
    "+7",
    "  123 456 789",
    "0x1F",
    "0X1f",
    "017",
    "08",
    "-0x10",
    "0xg",
    "abc",
    "12abc",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999",
    "3.25",
    "-1.5e3",
    ".5",
    "5.",
    "1e10 2e-5",
    "inf",
    "-INFINITY",
    "nan",
    "0x1.8p1",
    "1e400",
    "1e-400",
    "hello world",
    "a,b,c",
    "x=10;y=20",
    "  \t\n  z",
    "%",
    "% 5",
    "1234567890abcdef",
    "-",
    "+",
    "- 1",
    "0",
    "00",
    "0.0e+00",
};

static const char *const formats[] = {
    "%d",     "%i",     "%u",        "%o",       "%x",        "%X",
    "%hhd",   "%hd",    "%ld",       "%lld",     "%jd",       "%zu",
    "%td",    "%hhu",   "%hu",       "%lu",      "%llu",      "%lli",
    "%llx",   "%qd",    "%3d",       "%1d%d",    "%2i%2i%2i", "%d %d %d",
    "%d%n",   "%*d %d", "%*d%*d%n",  "%5c",      "%c%c",      "%3c",
    "%s",     "%3s%s",  "%s %s",     "%*s%n",    "%[a-z]",    "%[^,],%[^,],%s",
    "%[]a]",  "%[^]]",  "%2[0-9]%d", "%[-+0-9]", "%[a-]",     "x=%d;y=%d",
    "%%%d",   "%% %d",  "%d%%",      "%f",       "%lf",       "%e",
    "%g",     "%a",     "%4f",       "%lf %lf",  "%3lf%lf",   "%f%n",
    "%*f%n",  "%lg",    "%le",       "%la",      "%n",        "abc%n",
    "%ls",    "%lc",    "%l[a-z]",   " %d",      "%d ",       "  %s  %n",
    "%hhn%d", "%p",     "%5[^ ]%n",
};

/*
 * Pairs where macOS and glibc part ways; test_macos_behaviour checks
 * libSystem's answer. A NULL format stands for every floating-point one.
 */
static const char *const differ[][2] = {
    {"0x1F", "%2i%2i%2i"}, {"0X1f", "%2i%2i%2i"}, {"0x1.8p1", "%2i%2i%2i"},
    {"1e-400", "%3lf%lf"}, {"0xg", NULL},
};

static int has_float_conversion(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p != NULL; p = strchr(p + 1, '%')) {
		p += strspn(p + 1, "*0123456789hlLjztq") + 1;
		if (*p != '\0' && strchr("aAeEfFgG", *p) != NULL)
			return 1;
	}
	return 0;
}

static void test_table(void)
{
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
			int skip = 0;

			for (size_t k = 0; k < sizeof(differ) / sizeof(differ[0]); k++)
				if (strcmp(differ[k][0], inputs[i]) == 0 &&
				    (differ[k][1] != NULL ? strcmp(differ[k][1], formats[f]) == 0
				                          : has_float_conversion(formats[f])))
					skip = 1;
			if (!skip)
				same_scan(inputs[i], formats[f]);
		}
}

static void test_macos_behaviour(void)
{
	double d = 0;
	float f = 0;
	char rest[16] = "";
	int x = -1, n = -1;

	/* A dangling exponent is given back, not a matching failure. */
	CHECK(ts_sscanf("100ergs", "%lf%s", &d, rest) == 2 && d == 100 &&
	      strcmp(rest, "ergs") == 0);
	CHECK(ts_sscanf("1e+", "%f%n", &f, &n) == 1 && f == 1 && n == 1);
	CHECK(ts_sscanf("0xg", "%lf%n", &d, &n) == 1 && d == 0 && n == 1);
	CHECK(ts_sscanf("1e-400", "%3lf%n", &d, &n) == 1 && d == 1 && n == 1);
	CHECK(ts_sscanf("0x", "%x%s", &x, rest) == 2 && x == 0 && strcmp(rest, "x") == 0);
	CHECK(ts_sscanf("0xz", "%i%n", &x, &n) == 1 && x == 0 && n == 1);
	/* The same when the width cuts the field after "0x". */
	int y = -1;
	CHECK(ts_sscanf("0x1F", "%2i%2i", &x, &y) == 1 && x == 0 && y == -1);
	/* %Lf stores a double: long double is double on macOS arm64. */
	CHECK(ts_sscanf("2.5", "%Lf", &d) == 1 && d == 2.5);
	/* An unterminated %[ is a matching failure. */
	CHECK(ts_sscanf("abc", "%[abc", rest) == 0);
	CHECK(ts_sscanf("", "%d", &x) == -1);
	CHECK(ts_sscanf("  ", "%d", &x) == -1);
	CHECK(ts_sscanf("a", "%d", &x) == 0);
	CHECK(ts_sscanf("42", "%*d %d", &x) == 0);
}

/* Fields longer than the engine's first window (64 bytes), which it must grow. */
static void test_long_fields(void)
{
	static char in[6000], word[300];
	double d1 = 0, d2 = 0;
	int n1 = 0, n2 = 0;

	memset(in, '7', 5000);
	strcpy(in + 5000, ".25e-4990 tail");
	CHECK(ts_sscanf(in, "%lf%n", &d1, &n1) == 1 && sscanf(in, "%lf%n", &d2, &n2) == 1);
	CHECK(d1 == d2 && n1 == n2 && n1 == 5009);
	memset(word, 'w', 250);
	strcpy(word + 250, " next");
	same_scan(word, "%s %s");
	same_scan(word, "%[w]%n");
	same_scan(word, "%200c%s");
}

static void test_random_numbers(void)
{
	unsigned long long seed = 0xabcdef;
	char s[64];

	for (int iter = 0; iter < 100000; iter++) {
		uint64_t u = test_rand(&seed);
		double d;

		memcpy(&d, &u, sizeof(d));
		if (isnan(d))
			continue;
		snprintf(s, sizeof(s), iter % 2 ? "%.17g" : "%.*e", (int)(test_rand(&seed) % 20),
		         d);
		same_scan(s, "%lf");
		same_scan(s, "%f");
		same_scan(s, "%30lf%n");
		snprintf(s, sizeof(s), "%lld %llx %llo", (long long)u >> (u % 64), u, u >> 3);
		same_scan(s, "%lld %llx %llo");
		same_scan(s, "%d %hx %3o");
		same_scan(s, "%lli%lli%lli");
	}
}

int main(void)
{
	test_table();
	test_macos_behaviour();
	test_long_fields();
	test_random_numbers();
	printf("scanf_test: ok\n");
	return 0;
}
