/*
 * libSystem's strtod and strtof against glibc (both round correctly): value
 * bits, endptr and errno on edge cases, exact midpoints between doubles and
 * strings one unit beside them, long random digit strings, and round trips
 * through libSystem's own %.17g.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/check.h"
#include "ts.h"

static uint64_t bits_of(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u;
}

static uint32_t fbits_of(float f)
{
	uint32_t u;

	memcpy(&u, &f, sizeof(u));
	return u;
}

static int checked;

static void check_strtod(const char *s)
{
	char *e1, *e2;
	int err1, err2;
	double d1, d2;
	float f1, f2;

	ts_errno = 0;
	errno = 0;
	d1 = ts_strtod(s, &e1);
	err1 = ts_errno;
	d2 = strtod(s, &e2);
	err2 = errno;
	/* NaN payloads are not part of the contract: compare sign and NaN-ness only. */
	if (isnan(d1) && isnan(d2) && signbit(d1) == signbit(d2))
		d1 = d2;
	if (bits_of(d1) != bits_of(d2) || e1 != e2 || err1 != err2) {
		fprintf(stderr,
		        "strtod(\"%.200s\"): %a end %td errno %d; glibc %a end %td errno %d\n", s,
		        d1, e1 - s, err1, d2, e2 - s, err2);
		abort();
	}
	ts_errno = 0;
	errno = 0;
	f1 = ts_strtof(s, &e1);
	err1 = ts_errno;
	f2 = strtof(s, &e2);
	err2 = errno;
	if (isnan(f1) && isnan(f2) && signbit(f1) == signbit(f2))
		f1 = f2;
	if (fbits_of(f1) != fbits_of(f2) || e1 != e2 || err1 != err2) {
		fprintf(stderr,
		        "strtof(\"%.200s\"): %a end %td errno %d; glibc %a end %td errno %d\n", s,
		        f1, e1 - s, err1, f2, e2 - s, err2);
		abort();
	}
	checked++;
}

static const char *const cases[] = {
    "",
    " ",
    "0",
    "-0",
    "+0",
    "0.0",
    ".0",
    "0.",
    ".",
    "-.",
    "+.e1",
    "1",
    "-1",
    "1.5",
    ".5",
    "5.",
    "  \t\n+1.5e-3abc",
    "1e",
    "1e+",
    "1e-x",
    "1E5",
    "1e+5x",
    "1.e5",
    "00001.0000",
    "1e308",
    "1.7976931348623157e308",
    "1.7976931348623158e308",
    "1.7976931348623159e308",
    "-1e309",
    "1e400",
    "1e-400",
    "-1e-400",
    "2.2250738585072014e-308",
    "2.2250738585072011e-308",
    "2.2250738585072012e-308",
    "4.9406564584124654e-324",
    "5e-324",
    "3e-324",
    "2.4703282292062327e-324",
    "2.4703282292062328e-324",
    "2e-324",
    "1e-330",
    "9007199254740993",
    "9007199254740993.0000000000000000000000000001",
    "9007199254740992.9999999999999999999",
    "9007199254740995",
    "0.1",
    "0.2",
    "0.3",
    "3.4028235e38",
    "3.4028236e38",
    "3.40282357e38",
    "1.4e-45",
    "7e-46",
    "7.1e-46",
    "1.17549435e-38",
    "0e999999999999999999",
    "0e-99999999999999999999",
    "1e-99999999999999999",
    "1e99999999999999999",
    "inf",
    "-inf",
    "INF",
    "infinity",
    "-Infinity",
    "infin",
    "infinityx",
    "nan",
    "-nan",
    "NaN",
    "nan(",
    "nan()",
    "nan(123)",
    "nan(abc_9)",
    "nan(1 2)",
    "nanx",
    "in",
    "0x",
    "0x.",
    "0xg",
    "0x1",
    "0x1p",
    "0x1p-",
    "0x1p3",
    "-0x1.8p1",
    "0x.8p1",
    "0X1P-1074",
    "0x1p-1075",
    "0x1.0000000000001p-1075",
    "0x1.fffffffffffff8p1023",
    "0x1.fffffffffffff7p1023",
    "0x1.00000000000008p0",
    "0x1.00000000000008000001p0",
    "0x1.00000000000018p0",
    "0x123456789abcdef123456789p-10",
    "0x0.00000000000000000000001p0",
    "0x1p99999999999",
    "0x1p-99999999999",
    "0x1.ffffffp127",
    "0x1.fffffefp127",
    "0x1.000001p0",
    "0x.000000001p-1040",
    "1e23",
    "8.5e-1",
    "-12345678901234567890123456789e-10",
    "0.000000000000000000000000000001",
    "123456789012345678901234567890",
    "1,5",
    "1e5.5",
};

static void test_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_strtod(cases[i]);
}

static void test_long_strings(void)
{
	static char s[6000];

	/* 1 followed by 5000 zeros, with and without a point. */
	s[0] = '1';
	memset(s + 1, '0', 4999);
	s[5000] = '\0';
	check_strtod(s);
	memcpy(s, "0.", 2);
	memset(s + 2, '0', 4000);
	strcpy(s + 4002, "123e3990");
	check_strtod(s);
	/* The smallest subnormal's half, then that plus one digit far beyond FP_PARSE_DIGITS. */
	snprintf(s, sizeof(s), "%.1100Le", (long double)0x1p-1075L);
	check_strtod(s);
	char *e = strchr(s, 'e');
	memmove(e + 1, e, strlen(e) + 1);
	*e = '1';
	check_strtod(s);
}

/* Exact midpoints between neighbouring doubles (exact in x87 long double), and their neighbours. */
static void test_midpoints(void)
{
	unsigned long long seed = 31337;
	char s[1300];

	for (int iter = 0; iter < 20000; iter++) {
		uint64_t u = test_rand(&seed) & 0x7fefffffffffffffULL;
		double d, next;
		long double mid;
		char *e, *last;

		if (iter % 3 == 0)
			u = (u & 0x800fffffffffffffULL) |
			    ((uint64_t)(1023 + test_rand(&seed) % 120 - 60) << 52);
		if (iter % 7 == 0)
			u &= 0x000fffffffffffffULL;
		memcpy(&d, &u, sizeof(d));
		next = nextafter(d, INFINITY);
		mid = ((long double)d + (long double)next) / 2;
		snprintf(s, sizeof(s), "%.1100Le", mid);
		/* Trim trailing zeros so that the last digit is significant. */
		e = strchr(s, 'e');
		last = e - 1;
		while (*last == '0')
			last--;
		memmove(last + 1, e, strlen(e) + 1);
		check_strtod(s);
		/* One unit in the last place below and above the midpoint. */
		if (*last != '0' && *last != '.') {
			(*last)--;
			check_strtod(s);
			*last = (char)(*last + 2);
			if (*last <= '9')
				check_strtod(s);
		}
	}
}

/* Random decimal strings: 1 to 40 digits (sometimes hundreds), a point anywhere, any exponent. */
static void test_random_strings(void)
{
	unsigned long long seed = 2718281828ULL;
	char s[1200];

	for (int iter = 0; iter < 150000; iter++) {
		size_t n = 0, nd = 1 + test_rand(&seed) % (iter % 20 == 0 ? 900 : 40);
		size_t point = test_rand(&seed) % (nd + 1);

		if (test_rand(&seed) % 2)
			s[n++] = '-';
		for (size_t i = 0; i < nd; i++) {
			if (i == point)
				s[n++] = '.';
			s[n++] = (char)('0' + test_rand(&seed) % 10);
		}
		if (test_rand(&seed) % 4 != 0)
			n += (size_t)sprintf(s + n, "e%d", (int)(test_rand(&seed) % 700) - 350);
		s[n] = '\0';
		check_strtod(s);
	}
}

/* Random hex strings. */
static void test_random_hex(void)
{
	unsigned long long seed = 161803;
	char s[64];

	for (int iter = 0; iter < 50000; iter++) {
		size_t n = 0, nd = 1 + test_rand(&seed) % 24, point = test_rand(&seed) % (nd + 1);

		n += (size_t)sprintf(s, "%s0x", test_rand(&seed) % 2 ? "-" : "");
		for (size_t i = 0; i < nd; i++) {
			if (i == point)
				s[n++] = '.';
			s[n++] = "0123456789abcdefABCDEF"[test_rand(&seed) % 22];
		}
		n += (size_t)sprintf(s + n, "p%d", (int)(test_rand(&seed) % 2300) - 1150);
		check_strtod(s);
	}
}

/* printf %.17g then strtod gives back the same double, all within libSystem. */
static void test_round_trip(void)
{
	unsigned long long seed = 5;
	char s[64];

	for (int iter = 0; iter < 100000; iter++) {
		uint64_t u = test_rand(&seed);
		double d, back;

		memcpy(&d, &u, sizeof(d));
		if (isnan(d))
			continue;
		ts_snprintf(s, sizeof(s), "%.17g", d);
		back = ts_strtod(s, NULL);
		CHECK(bits_of(back) == u);
		ts_snprintf(s, sizeof(s), "%a", d);
		back = ts_strtod(s, NULL);
		CHECK(bits_of(back) == u);
	}
	CHECK(ts_strtold("2.5", NULL) == 2.5L && ts_atof(" -0.25x") == -0.25);
}

int main(void)
{
	test_cases();
	test_long_strings();
	test_midpoints();
	test_random_strings();
	test_random_hex();
	test_round_trip();
	printf("strtod_test: ok (%d strings)\n", checked);
	return 0;
}
