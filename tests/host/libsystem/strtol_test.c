/*
 * libSystem's strtol family, qsort, bsearch and abs against glibc: edge cases
 * (bases, prefixes, signs, limits, endptr, errno) and seeded random strings.
 * One deliberate difference: like macOS, libSystem sets EINVAL when no digits
 * were found, where glibc leaves errno alone.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "host/check.h"
#include "ts.h"

/* Runs every strto* on s in base, comparing value, endptr and errno with glibc. */
static void check_strtol(const char *s, int base)
{
	char *e1, *e2;
	int err1, err2;

#define SAME(tsf, f)                                                                               \
	do {                                                                                       \
		ts_errno = 0;                                                                      \
		errno = 0;                                                                         \
		__typeof__(f(s, &e2, base)) v1 = tsf(s, &e1, base);                                \
		err1 = ts_errno;                                                                   \
		__typeof__(f(s, &e2, base)) v2 = f(s, &e2, base);                                  \
		err2 = errno;                                                                      \
		if (err2 == 0 && e2 == s && base >= 0 && base != 1 && base <= 36)                  \
			err2 = EINVAL;                                                             \
		if (base < 0 || base == 1 || base > 36)                                            \
			e2 = (char *)s; /* unset by glibc (and ASan's interceptor) */              \
		if (v1 != v2 || e1 != e2 || err1 != err2) {                                        \
			fprintf(stderr, "%s(\"%s\", %d): %lld/%td/%d, glibc %lld/%td/%d\n", #f, s, \
			        base, (long long)v1, e1 - s, err1, (long long)v2, e2 - s, err2);   \
			abort();                                                                   \
		}                                                                                  \
	} while (0)
	SAME(ts_strtol, strtol);
	SAME(ts_strtoll, strtoll);
	SAME(ts_strtoul, strtoul);
	SAME(ts_strtoull, strtoull);
	SAME(ts_strtoimax, strtoimax);
	SAME(ts_strtoumax, strtoumax);
#undef SAME
}

static const char *const cases[] = {
    "",
    " ",
    "0",
    "-0",
    "+0",
    "1",
    "-1",
    "  \t\n42abc",
    "+-1",
    "-+1",
    "0x",
    "0X1f",
    "0x1G",
    "0xg",
    "-0x10",
    "010",
    "08",
    "0b101",
    "z",
    "Z",
    "zz",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "-18446744073709551615",
    "-18446744073709551616",
    "99999999999999999999999999999",
    "0x7fffffffffffffff",
    "0x8000000000000000",
    "0xffffffffffffffff",
    "0x10000000000000000",
    "-0xffffffffffffffff",
    "1777777777777777777777",
    "2000000000000000000000",
    "   -",
    "0x 1",
    "00x1",
    "\v\f\r 7",
};

static void test_strtol_cases(void)
{
	static const int bases[] = {0, 2, 8, 10, 16, 36, 1, 37, -1, 3, 35};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
			check_strtol(cases[i], bases[b]);
	CHECK(ts_atoi("  -123x") == -123 && ts_atol("99") == 99 && ts_atoll("-9") == -9);
}

static void test_strtol_random(void)
{
	unsigned long long seed = 42;
	char s[40];

	for (int iter = 0; iter < 100000; iter++) {
		size_t n = test_rand(&seed) % 30, i = 0;

		if (test_rand(&seed) % 3 == 0)
			s[i++] = " -+"[test_rand(&seed) % 3];
		if (test_rand(&seed) % 4 == 0) {
			s[i++] = '0';
			s[i++] = "xXb"[test_rand(&seed) % 3];
		}
		while (i < n)
			s[i++] = "0123456789abcdefxzZ7 "[test_rand(&seed) % 21];
		s[i] = '\0';
		check_strtol(s, (int)(test_rand(&seed) % 37));
	}
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* qsort_r's comparator, counting its calls through the thunk. */
static int cmp_thunk(void *thunk, const void *a, const void *b)
{
	(*(int *)thunk)++;
	return cmp_int(a, b);
}

struct wide {
	int key;
	char pad[13];
};

static int cmp_wide(const void *a, const void *b)
{
	return cmp_int(&((const struct wide *)a)->key, &((const struct wide *)b)->key);
}

static void test_qsort(void)
{
	unsigned long long seed = 7;
	static int a[20000], b[20000];
	static struct wide w[3000];

	for (int iter = 0; iter < 200; iter++) {
		size_t n = test_rand(&seed) % (iter < 100 ? 40 : 20000);
		int kind = (int)(test_rand(&seed) % 5), calls = 0;

		for (size_t i = 0; i < n; i++) {
			switch (kind) {
			case 0: a[i] = (int)test_rand(&seed); break;
			case 1: a[i] = (int)(test_rand(&seed) % 4); break;
			case 2: a[i] = (int)i; break;
			case 3: a[i] = (int)(n - i); break;
			default: a[i] = (int)(i % 2 ? i : n - i); break;
			}
			b[i] = a[i];
		}
		if (iter % 2)
			ts_qsort(a, n, sizeof(int), cmp_int);
		else
			ts_qsort_r(a, n, sizeof(int), &calls, cmp_thunk);
		qsort(b, n, sizeof(int), cmp_int);
		CHECK(memcmp(a, b, n * sizeof(int)) == 0);
		CHECK(iter % 2 || n < 2 || calls > 0);
		/* Every present key is found, absent keys are not. */
		for (int k = 0; k < 20; k++) {
			int key = k < 10 && n > 0 ? a[test_rand(&seed) % n] : (int)test_rand(&seed);
			int *p = ts_bsearch(&key, a, n, sizeof(int), cmp_int);

			CHECK((p != NULL) == (bsearch(&key, b, n, sizeof(int), cmp_int) != NULL));
			CHECK(p == NULL || *p == key);
		}
	}
	for (size_t i = 0; i < 3000; i++) {
		w[i].key = (int)(test_rand(&seed) % 1000);
		memset(w[i].pad, w[i].key & 0xff, sizeof(w[i].pad));
	}
	ts_qsort(w, 3000, sizeof(w[0]), cmp_wide);
	for (size_t i = 0; i < 3000; i++) {
		CHECK(i == 0 || w[i - 1].key <= w[i].key);
		CHECK(w[i].pad[12] == (char)(w[i].key & 0xff));
	}
}

static void test_abs(void)
{
	CHECK(ts_abs(-5) == 5 && ts_abs(INT_MIN) == INT_MIN && ts_labs(-7L) == 7);
	CHECK(ts_llabs(LLONG_MIN + 1) == LLONG_MAX);
}

int main(void)
{
	test_strtol_cases();
	test_strtol_random();
	test_qsort();
	test_abs();
	printf("strtol_test: ok\n");
	return 0;
}
