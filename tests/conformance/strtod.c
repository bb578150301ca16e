/*
 * strtod, strtof and atof: decimal and hexadecimal input, ties to even,
 * subnormals, overflow and underflow with errno ERANGE, infinities and NaNs,
 * what endptr points at, and seeded random round trips through printf.
 *
 * Left out: strtold (long double is double on macOS arm64, 80-bit on
 * x86-64); errno for a result that is subnormal but not zero (C leaves it to
 * the implementation, so only zero and infinite results are checked); NaN
 * payloads (C leaves the payload of "nan(123)" to the implementation).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

static const char *const inputs[] = {
    "0",
    "-0",
    "+0.0e99",
    "1",
    "-1.5",
    "  \t\n+3.25xyz",
    "0.1",
    "1e23",
    "8.5e-1",
    ".5",
    "5.",
    ".",
    "-.e1",
    "e5",
    "1e",
    "1e+",
    "1e-x",
    "1.e3",
    "123456789012345678901234567890",
    "0.000000000000000000000000000000000000000001234",
    "9007199254740993", /* 2^53 + 1: a tie, to even 2^53 */
    "9007199254740995", /* 2^53 + 3: a tie, to even 2^53 + 4 */
    "9007199254740993.0000000001",
    "1.7976931348623157e308",   /* DBL_MAX */
    "1.7976931348623158e308",   /* rounds to DBL_MAX */
    "1.797693134862315807e308", /* halfway to 2^1024: overflows */
    "1e308",
    "1e309",
    "-1e400",
    "2.2250738585072014e-308", /* DBL_MIN */
    "2.2250738585072011e-308",
    "4.9406564584124654e-324", /* the smallest subnormal */
    "2.4703282292062328e-324", /* just above half of it: rounds up */
    "2.4703282292062327e-324", /* just below half: zero */
    "1e-400",
    "-1e-400",
    "0x0",
    "0x1",
    "0X1P4",
    "0x1.8p1",
    "-0x.8p-1",
    "0x1.fffffffffffffp1023",
    "0x1.fffffffffffff8p1023", /* rounds to 2^1024: overflows */
    "0x1p-1022",
    "0x1p-1074",
    "0x1p-1075", /* halfway to the smallest subnormal: to even, zero */
    "0x1.8p-1074",
    "0x3p-1076",
    "0x1.00000000000008p0", /* a tie: to even */
    "0x1.00000000000018p0", /* a tie: to even, up */
    "0x1.000000000000080001p0",
    "0x",
    "0xg",
    "0x.p1",
    "0x1p",
    "0x1p+",
    "inf",
    "-INF",
    "infinity",
    "InFiNiTy!",
    "infinit",
    "nan",
    "-NaN",
    "nan(",
    "nan()",
    "nan(abc_123)",
    "nan(abc",
    "nanx",
    "",
    "   ",
    "+",
    "-",
    "abc",
    "1,5",
    "1_000",
    "00000000000000000000000000000000000000001",
    "1e0000000000000000000000000000000000000001",
    "1e-99999999999999999999",
    "1e99999999999999999999",
    "0e99999999999999999999",
    "4e-320",
    "123.456e-2",
    "-2.5E+3",
};

static const char *errno_name(int e)
{
	return e == 0 ? "0" : e == ERANGE ? "ERANGE" : "other";
}

static int is_nan(double d)
{
	return d != d;
}

static int is_zero_or_infinite(double d)
{
	return d == 0 || d - d != 0;
}

void conf_strtod(void)
{
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		const char *s = inputs[i];
		char *end = NULL;

		errno = 0;
		double d = strtod(s, &end);
		int e = errno;
		uint64_t bits = conf_bits(d);

		/* The bits carry a NaN's sign; printf would not (see printf.c). */
		if (is_nan(d))
			bits &= 0xfff8000000000000ULL, d = 0;
		printf("strtod \"");
		conf_print_escaped(s, 100);
		printf("\": %016llx %.17g end %d errno %s\n", (unsigned long long)bits, d,
		       (int)(end - s), is_zero_or_infinite(d) ? errno_name(e) : "-");

		errno = 0;
		float f = strtof(s, &end);
		e = errno;
		union {
			float f;
			uint32_t u;
		} v = {.f = f};
		if (f != f)
			v.u &= 0xffc00000u, f = 0;
		printf("strtof \"");
		conf_print_escaped(s, 100);
		printf("\": %08x %.9g end %d errno %s\n", (unsigned)v.u, (double)f, (int)(end - s),
		       f == 0 || f - f != 0 ? errno_name(e) : "-");

		double a = atof(s);
		printf("atof \"");
		conf_print_escaped(s, 100);
		printf("\": %016llx\n",
		       (unsigned long long)(is_nan(a) ? conf_bits(a) & 0xfff8000000000000ULL
		                                      : conf_bits(a)));
	}
	printf("strtod null endptr: %g\n", strtod("2.5e1x", NULL));

	/* Float-specific limits. */
	static const char *const floats[] = {"3.4028234663852886e38",
	                                     "3.4028235677973366e38",
	                                     "1.1754943508222875e-38",
	                                     "1.401298464324817e-45",
	                                     "7.006492321624085e-46",
	                                     "7.006492321624086e-46",
	                                     "16777217",
	                                     "0x1.000001p0",
	                                     "0x1.0000018p0"};
	for (size_t i = 0; i < sizeof(floats) / sizeof(floats[0]); i++) {
		union {
			float f;
			uint32_t u;
		} v;
		errno = 0;
		v.f = strtof(floats[i], NULL);
		printf("strtof \"%s\": %08x errno %s\n", floats[i], (unsigned)v.u,
		       v.f == 0 || v.f - v.f != 0 ? errno_name(errno) : "-");
	}

	/* Long inputs: many digits before a decisive one far to the right. */
	char big[1200];
	memset(big, '0', sizeof(big));
	big[0] = '1';
	big[1] = '.';
	big[sizeof(big) - 2] = '1';
	big[sizeof(big) - 1] = '\0';
	printf("strtod long 1.000...1: %016llx\n",
	       (unsigned long long)conf_bits(strtod(big, NULL)));
	/* 2^53 + 1 followed by zeros and then a 1: just above the tie, so rounds up. */
	snprintf(big, sizeof(big), "9007199254740993.%0900d1", 0);
	printf("strtod long above tie: %016llx\n",
	       (unsigned long long)conf_bits(strtod(big, NULL)));
	snprintf(big, sizeof(big), "9007199254740993.%0900d", 0);
	printf("strtod long exact tie: %016llx\n",
	       (unsigned long long)conf_bits(strtod(big, NULL)));
	snprintf(big, sizeof(big), "0.%0330d24703282292062328", 0);
	printf("strtod long subnormal: %016llx\n",
	       (unsigned long long)conf_bits(strtod(big, NULL)));

	/* Random doubles printed with 17 digits and as hex read back exactly; shorter reads hashed.
	 */
	conf_seed(99);
	int mismatches = 0;
	uint64_t h = CONF_HASH_INIT;
	for (int i = 0; i < 20000; i++) {
		char text[64];
		double d = conf_double(conf_random());

		if (is_nan(d))
			continue;
		snprintf(text, sizeof(text), "%.17g", d);
		if (conf_bits(strtod(text, NULL)) != conf_bits(d))
			mismatches++;
		snprintf(text, sizeof(text), "%a", d);
		if (conf_bits(strtod(text, NULL)) != conf_bits(d))
			mismatches++;
		snprintf(text, sizeof(text), "%.*e", (int)(conf_random() % 17), d);
		double r = strtod(text, NULL);
		h = conf_hash(h, &r, sizeof(r));
		if (i < 30)
			printf("strtod random \"%s\": %016llx\n", text,
			       (unsigned long long)conf_bits(r));
	}
	printf("strtod random round trips: %d mismatches, short reads hash %016llx\n", mismatches,
	       (unsigned long long)h);
	/* Random decimal strings of up to 40 digits with random exponents. */
	h = CONF_HASH_INIT;
	for (int i = 0; i < 20000; i++) {
		char text[80];
		int len = 1 + (int)(conf_random() % 40), k = 0;

		for (int j = 0; j < len; j++) {
			text[k++] = (char)('0' + conf_random() % 10);
			if (j == 0)
				text[k++] = '.';
		}
		snprintf(text + k, sizeof(text) - (size_t)k, "e%d",
		         (int)(conf_random() % 700) - 350);
		double r = strtod(text, NULL);
		h = conf_hash(h, &r, sizeof(r));
		if (i < 30)
			printf("strtod random \"%s\": %016llx\n", text,
			       (unsigned long long)conf_bits(r));
	}
	printf("strtod random decimals: hash %016llx\n", (unsigned long long)h);
	/* Random hexadecimal strings: long mantissas round at bit 53, exponents reach subnormals.
	 */
	h = CONF_HASH_INIT;
	for (int i = 0; i < 20000; i++) {
		static const char digits[] = "0123456789abcdefABCDEF";
		char text[80];
		int len = 1 + (int)(conf_random() % 30), k = 0;

		text[k++] = '0';
		text[k++] = 'x';
		for (int j = 0; j < len; j++) {
			text[k++] = digits[conf_random() % 22];
			if (j == (int)(conf_random() % 8))
				text[k++] = '.';
		}
		snprintf(text + k, sizeof(text) - (size_t)k, "p%d",
		         (int)(conf_random() % 2300) - 1150);
		char *end;
		double r = strtod(text, &end);
		int consumed = (int)(end - text);
		h = conf_hash(h, &r, sizeof(r));
		h = conf_hash(h, &consumed, sizeof(consumed));
		if (i < 30)
			printf("strtod random \"%s\": %016llx end %d\n", text,
			       (unsigned long long)conf_bits(r), consumed);
	}
	printf("strtod random hexadecimals: hash %016llx\n", (unsigned long long)h);
}
