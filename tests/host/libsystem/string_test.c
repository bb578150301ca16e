/*
 * libSystem's <string.h>, <strings.h> and <ctype.h> against glibc on edge
 * cases and seeded random buffers, plus macOS's strerror messages.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "host/check.h"
#include "ts.h"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_ctype(void)
{
	for (int c = -1; c < 256; c++) {
		CHECK(!!ts_isalnum(c) == !!isalnum(c));
		CHECK(!!ts_isalpha(c) == !!isalpha(c));
		CHECK(!!ts_isascii(c) == !!isascii(c));
		CHECK(!!ts_isblank(c) == !!isblank(c));
		CHECK(!!ts_iscntrl(c) == !!iscntrl(c));
		CHECK(!!ts_isdigit(c) == !!isdigit(c));
		CHECK(!!ts_isgraph(c) == !!isgraph(c));
		CHECK(!!ts_islower(c) == !!islower(c));
		CHECK(!!ts_isprint(c) == !!isprint(c));
		CHECK(!!ts_ispunct(c) == !!ispunct(c));
		CHECK(!!ts_isspace(c) == !!isspace(c));
		CHECK(!!ts_isupper(c) == !!isupper(c));
		CHECK(!!ts_isxdigit(c) == !!isxdigit(c));
		CHECK(ts_tolower(c) == tolower(c));
		CHECK(ts_toupper(c) == toupper(c));
	}
	CHECK(ts_digittoint('f') == 15 && ts_digittoint('7') == 7 && ts_digittoint('g') == 0);
	/* macOS's entry points into the rune table, with its bit values. */
	CHECK(ts___maskrune('a', 0x100) != 0 && ts___maskrune('a', 0x8000) == 0);
	CHECK(ts___maskrune('7', 0xff) == 7 &&
	      ts___maskrune('B', 0x10000 | 0xff) == (0x10000 | 11));
	CHECK(ts___maskrune(' ', 0x20000) != 0 && ts___maskrune(0x80, ~0ul) == 0);
	CHECK(ts___maskrune(-1, ~0ul) == 0 && ts___maskrune(300, ~0ul) == 0);
	CHECK(ts___toupper('q') == 'Q' && ts___tolower('Q') == 'q' && ts___toupper(0xe9) == 0xe9);
}

/* Random strings over a small alphabet, so that searches and compares hit. */
static void random_string(unsigned long long *seed, char *buf, size_t max)
{
	size_t n = test_rand(seed) % max;

	for (size_t i = 0; i < n; i++)
		buf[i] = "abcAB\x80\xff "[test_rand(seed) % 8];
	buf[n] = '\0';
}

static void test_random(void)
{
	unsigned long long seed = 0x1234567;
	char a[64], b[64], x[200], y[200];

	for (int iter = 0; iter < 200000; iter++) {
		size_t n = test_rand(&seed) % 70;

		random_string(&seed, a, 12);
		random_string(&seed, b, 5);
		CHECK(ts_strlen(a) == strlen(a));
		CHECK(ts_strnlen(a, n) == strnlen(a, n));
		CHECK(sign(ts_strcmp(a, b)) == sign(strcmp(a, b)));
		CHECK(sign(ts_strncmp(a, b, n % 6)) == sign(strncmp(a, b, n % 6)));
		CHECK(sign(ts_strcasecmp(a, b)) == sign(strcasecmp(a, b)));
		CHECK(sign(ts_strncasecmp(a, b, n % 6)) == sign(strncasecmp(a, b, n % 6)));
		CHECK(sign(ts_memcmp(a, b, 4)) == sign(memcmp(a, b, 4)));
		CHECK(ts_strchr(a, b[0]) == strchr(a, b[0]));
		CHECK(ts_strrchr(a, b[0]) == strrchr(a, b[0]));
		CHECK(ts_index(a, 'a') == index(a, 'a'));
		CHECK(ts_rindex(a, 'a') == rindex(a, 'a'));
		CHECK(ts_memchr(a, b[0], n % 12) == memchr(a, b[0], n % 12));
		CHECK(ts_strspn(a, b) == strspn(a, b));
		CHECK(ts_strcspn(a, b) == strcspn(a, b));
		CHECK(ts_strpbrk(a, b) == strpbrk(a, b));
		CHECK(ts_strstr(a, b) == strstr(a, b));
		CHECK(ts_strcasestr(a, b) == strcasestr(a, b));
		CHECK(ts_memmem(a, strlen(a), b, strlen(b)) == memmem(a, strlen(a), b, strlen(b)));

		/* Copies into buffers filled with a marker, compared whole. */
		memset(x, 'Z', sizeof(x));
		memset(y, 'Z', sizeof(y));
		CHECK(ts_strncpy(x, a, n % 20) == x);
		strncpy(y, a, n % 20);
		CHECK(memcmp(x, y, sizeof(x)) == 0);
		CHECK(ts_stpncpy(x, a, n % 20) - x == stpncpy(y, a, n % 20) - y);
		CHECK(ts_stpcpy(x + 50, a) - x == stpcpy(y + 50, a) - y);
		CHECK(ts_strcat(x + 50, b) == x + 50);
		strcat(y + 50, b);
		CHECK(ts_strncat(x + 50, a, n % 7) == x + 50);
		strncat(y + 50, a, n % 7);
		CHECK(memcmp(x, y, sizeof(x)) == 0);
		CHECK(ts_memccpy(x, a, 'b', n % 12) ==
		      (memccpy(y, a, 'b', n % 12) == NULL
		           ? NULL
		           : x + ((char *)memccpy(y, a, 'b', n % 12) - y)));
		CHECK(memcmp(x, y, sizeof(x)) == 0);

		/* memmove with every overlap direction. */
		for (int i = 0; i < 64; i++)
			x[i] = y[i] = (char)test_rand(&seed);
		size_t from = test_rand(&seed) % 32, to = test_rand(&seed) % 32;
		CHECK(ts_memmove(x + to, x + from, n % 32) == x + to);
		memmove(y + to, y + from, n % 32);
		CHECK(memcmp(x, y, 64) == 0);
		CHECK(ts_memset(x, (int)n, n % 40) == x);
		memset(y, (int)n, n % 40);
		CHECK(memcmp(x, y, 64) == 0);
	}
}

/* strlcpy and strlcat have no glibc 2.36 peer: check them against their definition. */
/* Word-sized copies and fills: every alignment, length and overlap up to a few words. */
static void test_large_moves(void)
{
	static unsigned char x[600], y[600], src[600];
	unsigned long long seed = 99;

	for (int iter = 0; iter < 100000; iter++) {
		size_t from = test_rand(&seed) % 200, to = test_rand(&seed) % 200;
		size_t n = test_rand(&seed) % 400;

		for (size_t i = 0; i < sizeof(x); i++) {
			x[i] = y[i] = (unsigned char)test_rand(&seed);
			src[i] = (unsigned char)test_rand(&seed);
		}
		switch (test_rand(&seed) % 3) {
		case 0:
			CHECK(ts_memmove(x + to, x + from, n) == x + to);
			memmove(y + to, y + from, n);
			break;
		case 1:
			CHECK(ts_memcpy(x + to, src + from, n) == x + to);
			memcpy(y + to, src + from, n);
			break;
		default:
			CHECK(ts_memset(x + to, (int)n - 200, n) == x + to);
			memset(y + to, (int)n - 200, n);
			break;
		}
		CHECK(memcmp(x, y, sizeof(x)) == 0);
	}
}

static void test_strl(void)
{
	char buf[8];

	CHECK(ts_strlcpy(buf, "hello world", sizeof(buf)) == 11 && strcmp(buf, "hello w") == 0);
	CHECK(ts_strlcpy(buf, "hi", sizeof(buf)) == 2 && strcmp(buf, "hi") == 0);
	buf[0] = 'X';
	CHECK(ts_strlcpy(buf, "abc", 0) == 3 && buf[0] == 'X');
	CHECK(ts_strlcat(buf, "abc", 0) == 3);
	strcpy(buf, "ab");
	CHECK(ts_strlcat(buf, "cdefghij", sizeof(buf)) == 10 && strcmp(buf, "abcdefg") == 0);
	CHECK(ts_strlcat(buf, "x", sizeof(buf)) == 8 && strcmp(buf, "abcdefg") == 0);
	memcpy(buf, "abcdefgh", 8);
	CHECK(ts_strlcat(buf, "xy", 4) == 6);
	CHECK(ts_strnstr("abcdef", "cd", 3) == NULL);
	CHECK(strcmp(ts_strnstr("abcdef", "cd", 4), "cdef") == 0);
	CHECK(strcmp(ts_strnstr("abc", "", 0), "abc") == 0);
	CHECK(strcmp(ts_strstr("abc", ""), "abc") == 0);
	CHECK(ts_strxfrm(buf, "xyz", sizeof(buf)) == 3 && strcmp(buf, "xyz") == 0);
	CHECK(ts_strcoll("a", "b") < 0);
}

static void test_tokens(void)
{
	char s1[] = ",a,,b c,", s2[] = ",a,,b c,", *p = s1, *last, *t;
	const char *want_sep[] = {"", "a", "", "b c", ""};

	for (int i = 0; i < 5; i++)
		CHECK(strcmp(ts_strsep(&p, ","), want_sep[i]) == 0);
	CHECK(p == NULL && ts_strsep(&p, ",") == NULL);
	CHECK(strcmp(ts_strtok_r(s2, ", ", &last), "a") == 0);
	CHECK(strcmp(ts_strtok_r(NULL, ", ", &last), "b") == 0);
	CHECK(strcmp(ts_strtok_r(NULL, ", ", &last), "c") == 0);
	CHECK(ts_strtok_r(NULL, ", ", &last) == NULL);
	CHECK(ts_strtok_r(NULL, ", ", &last) == NULL);
	char s3[] = "  x y", s4[] = "  ";
	CHECK(strcmp(ts_strtok(s3, " "), "x") == 0);
	CHECK(strcmp(ts_strtok(NULL, " "), "y") == 0);
	CHECK(ts_strtok(NULL, " ") == NULL);
	CHECK(ts_strtok(s4, " ") == NULL);
	t = ts_strtok(NULL, " ");
	CHECK(t == NULL);
}

static void test_bits(void)
{
	CHECK(ts_ffs(0) == 0 && ts_ffs(1) == 1 && ts_ffs(INT32_MIN) == 32);
	CHECK(ts_ffsl(1L << 40) == 41 && ts_ffsll(-1LL) == 1);
	CHECK(ts_fls(0) == 0 && ts_fls(1) == 1 && ts_fls(-1) == 32 && ts_flsl(-1L) == 64);
	CHECK(ts_flsll(0x10) == 5);
	char z[4] = "abc";
	ts_bzero(z, 2);
	CHECK(z[0] == 0 && z[1] == 0 && z[2] == 'c');
	ts_bcopy("xy", z, 2);
	CHECK(z[0] == 'x' && ts_bcmp(z, "xyc", 3) == 0 && ts_bcmp(z, "xyd", 3) != 0);
}

static void test_strerror(void)
{
	char buf[64];

	CHECK(strcmp(ts_strerror(0), "Undefined error: 0") == 0);
	CHECK(strcmp(ts_strerror(2), "No such file or directory") == 0);
	CHECK(strcmp(ts_strerror(35), "Resource temporarily unavailable") == 0);
	CHECK(strcmp(ts_strerror(102), "Operation not supported on socket") == 0);
	CHECK(strcmp(ts_strerror(106), "Interface output queue is full") == 0);
	CHECK(strcmp(ts_strerror(107), "Unknown error: 107") == 0);
	CHECK(strcmp(ts_strerror(-5), "Unknown error: -5") == 0);
	CHECK(ts_strerror_r(34, buf, sizeof(buf)) == 0 && strcmp(buf, "Result too large") == 0);
	CHECK(ts_strerror_r(1000, buf, sizeof(buf)) == 22 &&
	      strcmp(buf, "Unknown error: 1000") == 0);
	CHECK(ts_strerror_r(1, buf, 5) == 34 && strcmp(buf, "Oper") == 0);
	for (int e = 1; e <= 106; e++)
		CHECK(strncmp(ts_strerror(e), "Unknown", 7) != 0);
}

int main(void)
{
	test_ctype();
	test_random();
	test_large_moves();
	test_strl();
	test_tokens();
	test_bits();
	test_strerror();
	printf("string_test: ok\n");
	return 0;
}
