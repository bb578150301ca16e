/*
 * strtol, strtoul, strtoll, strtoull, atoi, atol and atoll: every input
 * below in bases 0, 2, 8, 10, 16 and 36 (and invalid ones), with the value,
 * how far endptr moved and whether errno is ERANGE, plus seeded random
 * numbers printed and read back.
 *
 * Left out: errno when no digits were found (macOS sets EINVAL, glibc leaves
 * errno alone; only ERANGE is printed) and endptr for an invalid base (glibc
 * does not store it, macOS stores the input); atoi of
 * out-of-range input (undefined behaviour; atol and atoll are defined by
 * both as strtol and strtoll in base 10, so they get every input).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "conformance.h"

static const char *const inputs[] = {
    "0",
    "-0",
    "1",
    "42",
    "-42",
    "+42",
    "  \t\n\v\f\r42",
    "- 42",
    "+-1",
    "0x1A",
    "0X1a",
    "-0x1a",
    "0x",
    "0xg",
    "0x 1",
    "077",
    "08",
    "0b101",
    "101",
    "z",
    "Z",
    "zz",
    "Zz9",
    "123abc",
    "ffffffff",
    "7fffffffffffffff",
    "8000000000000000",
    "ffffffffffffffff",
    "10000000000000000",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "-18446744073709551615",
    "-18446744073709551616",
    "-1",
    "0000000000000000000000000000000000000000000000000000042",
    "99999999999999999999999999999999999999",
    "1111111111111111111111111111111111111111111111111111111111111111",
    "11111111111111111111111111111111111111111111111111111111111111111",
    "3w5e11264sgsf",
    "3w5e11264sgsg",
    "",
    "  ",
    "+",
    "-",
    "x",
};

static const int bases[] = {0, 2, 8, 10, 16, 36};

static const char *range(int e)
{
	return e == ERANGE ? " ERANGE" : "";
}

void conf_strtol(void)
{
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		const char *s = inputs[i];

		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			char *e1, *e2, *e3, *e4;
			int r1, r2, r3, r4;

			errno = 0;
			long l = strtol(s, &e1, bases[b]);
			r1 = errno, errno = 0;
			unsigned long ul = strtoul(s, &e2, bases[b]);
			r2 = errno, errno = 0;
			long long ll = strtoll(s, &e3, bases[b]);
			r3 = errno, errno = 0;
			unsigned long long ull = strtoull(s, &e4, bases[b]);
			r4 = errno;
			printf("strtol \"");
			conf_print_escaped(s, 100);
			printf("\" base %d: l %ld/%d%s ul %lu/%d%s ll %lld/%d%s ull %llu/%d%s\n",
			       bases[b], l, (int)(e1 - s), range(r1), ul, (int)(e2 - s), range(r2),
			       ll, (int)(e3 - s), range(r3), ull, (int)(e4 - s), range(r4));
		}
		printf("strtol \"");
		conf_print_escaped(s, 100);
		printf("\": atol %ld atoll %lld\n", atol(s), atoll(s));
	}
	/* Every base from 2 to 36 on the same digits. */
	for (int base = 2; base <= 36; base++) {
		char *end;

		errno = 0;
		unsigned long long v = strtoull("  -zyx9876543210ZYX", &end, base);
		int e = errno;
		long w = strtol("123456789abcdefghijklmnopqrstuvwxyz", &end, base);
		printf("strtol base %d: %llu%s %ld end %d\n", base, v, range(e), w,
		       (int)(end - "123456789abcdefghijklmnopqrstuvwxyz"));
	}
	/* Invalid bases: zero and EINVAL (endptr: see above). */
	static const int invalid[] = {1, 37, -1, 100};
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		errno = 0;
		long v = strtol("123", NULL, invalid[i]);

		printf("strtol base %d: %ld EINVAL %d\n", invalid[i], v, errno == EINVAL);
	}
	static const char *const small[] = {"0",     "-1",  "+123", "  2147483647", "-2147483648",
	                                    "12abc", "abc", "",     "0x10",         "010"};
	for (size_t i = 0; i < sizeof(small) / sizeof(small[0]); i++)
		printf("strtol atoi \"%s\": %d\n", small[i], atoi(small[i]));

	/* Random values printed in bases 8, 10 and 16 and read back. */
	conf_seed(31337);
	int mismatches = 0;
	for (int i = 0; i < 20000; i++) {
		char text[80];
		unsigned long long x = conf_random() >> (conf_random() % 64);
		long long y = (long long)x * ((conf_random() & 1) ? -1 : 1);

		snprintf(text, sizeof(text), "%llo", x);
		mismatches += strtoull(text, NULL, 8) != x;
		snprintf(text, sizeof(text), "%#llx", x);
		mismatches += strtoull(text, NULL, 0) != x;
		snprintf(text, sizeof(text), "%lld", y);
		mismatches += strtoll(text, NULL, 10) != y;
		snprintf(text, sizeof(text), "  %+ld", (long)y);
		mismatches += strtol(text, NULL, 0) != (long)y;
	}
	printf("strtol random round trips: %d mismatches\n", mismatches);
}
