/*
 * Host test of mach/libkern/string.c, compiled under kstring_ names (see
 * rename.h) and checked against glibc on random data: every alignment of the
 * operands within two words, lengths 0..MAX_LEN, and overlapping moves.  Each
 * case compares whole buffers, so a write outside the range also fails.
 * glibc 2.36 has no strlcpy or strlcat; snprintf(dst, size, "%s", src) meets
 * the same contract and stands in as their oracle.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/libkern/kstring.h"

#define MAX_LEN  300
#define ALIGNS   16 /* operand offsets tried: 0..ALIGNS-1 */
#define BUF_SIZE (MAX_LEN + 3 * ALIGNS)

static int failures;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond) && ++failures <= 20) {                                                 \
			printf("%s:%d: %s failed: ", __FILE__, __LINE__, #cond);                   \
			printf(__VA_ARGS__);                                                       \
			printf("\n");                                                              \
		}                                                                                  \
	} while (0)

/* xorshift64: fixed seed, so a failure reproduces. */
static uint64_t rng_state = 0x9e3779b97f4a7c15;

static unsigned char random_byte(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state >> 56;
}

static void fill_random(void *p, size_t n)
{
	unsigned char *b = p;

	while (n-- > 0)
		*b++ = random_byte();
}

/* n random bytes from alphabet, then a NUL. */
static void random_string(char *s, size_t n, const char *alphabet)
{
	size_t k = strlen(alphabet);

	for (size_t i = 0; i < n; i++)
		s[i] = alphabet[random_byte() % k];
	s[n] = '\0';
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void test_memcpy(void)
{
	static _Alignas(16) unsigned char src[BUF_SIZE], want[BUF_SIZE], got[BUF_SIZE];

	for (size_t so = 0; so < ALIGNS; so++) {
		for (size_t d = 0; d < ALIGNS; d++) {
			for (size_t n = 0; n <= MAX_LEN; n++) {
				fill_random(src, sizeof(src));
				fill_random(want, sizeof(want));
				memcpy(got, want, sizeof(got));
				memcpy(want + ALIGNS + d, src + so, n);
				void *r = kstring_memcpy(got + ALIGNS + d, src + so, n);
				CHECK(r == got + ALIGNS + d, "src+%zu dst+%zu n=%zu", so, d, n);
				CHECK(memcmp(got, want, sizeof(got)) == 0, "src+%zu dst+%zu n=%zu",
				      so, d, n);
			}
		}
	}
}

static void test_memmove(void)
{
	enum { AREA = 3 * MAX_LEN + 4 * ALIGNS, BASE = MAX_LEN + 2 * ALIGNS };
	static _Alignas(16) unsigned char want[AREA], got[AREA];

	for (size_t so = 0; so < ALIGNS; so++) {
		for (long n = 0; n <= MAX_LEN; n++) {
			/* Every small shift, and the shifts where src and dst just touch. */
			long deltas[35 + 8];
			size_t nd = 0;
			for (long d = -17; d <= 17; d++)
				deltas[nd++] = d;
			long edges[] = {n - 1, n, n + 1, n / 2};
			for (size_t i = 0; i < 4; i++) {
				deltas[nd++] = edges[i];
				deltas[nd++] = -edges[i];
			}
			for (size_t i = 0; i < nd; i++) {
				unsigned char *src = got + BASE + so;
				unsigned char *dst = src + deltas[i];
				fill_random(want, sizeof(want));
				memcpy(got, want, sizeof(got));
				memmove(want + (dst - got), want + (src - got), n);
				void *r = kstring_memmove(dst, src, n);
				CHECK(r == dst, "src+%zu delta=%ld n=%ld", so, deltas[i], n);
				CHECK(memcmp(got, want, sizeof(got)) == 0,
				      "src+%zu delta=%ld n=%ld", so, deltas[i], n);
			}
		}
	}
}

static void test_memset(void)
{
	static _Alignas(16) unsigned char want[BUF_SIZE], got[BUF_SIZE];
	const int values[] = {0, 0xa5, 0x17f, -1};

	for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
		for (size_t d = 0; d < ALIGNS; d++) {
			for (size_t n = 0; n <= MAX_LEN; n++) {
				fill_random(want, sizeof(want));
				memcpy(got, want, sizeof(got));
				memset(want + ALIGNS + d, values[v], n);
				void *r = kstring_memset(got + ALIGNS + d, values[v], n);
				CHECK(r == got + ALIGNS + d, "c=%d dst+%zu n=%zu", values[v], d, n);
				CHECK(memcmp(got, want, sizeof(got)) == 0, "c=%d dst+%zu n=%zu",
				      values[v], d, n);
			}
		}
	}
}

static void test_memcmp(void)
{
	static _Alignas(16) unsigned char a[BUF_SIZE], b[BUF_SIZE];

	for (size_t ao = 0; ao < ALIGNS; ao++) {
		for (size_t bo = 0; bo < 8; bo++) {
			for (size_t n = 0; n <= MAX_LEN; n++) {
				unsigned char *p = a + ao, *q = b + bo;
				fill_random(p, n);
				memcpy(q, p, n);
				/* The bytes just past n differ and must not count. */
				p[n] = 1;
				q[n] = 2;
				CHECK(kstring_memcmp(p, q, n) == 0, "equal a+%zu b+%zu n=%zu", ao,
				      bo, n);
				if (n == 0)
					continue;
				/* Differ in one place, by a byte with the top bit set. */
				size_t at = random_byte() * n / 256;
				p[at] = 0x80 | random_byte();
				q[at] = 0x7f & random_byte();
				CHECK(sign(kstring_memcmp(p, q, n)) == sign(memcmp(p, q, n)),
				      "a+%zu b+%zu n=%zu at=%zu", ao, bo, n, at);
				CHECK(sign(kstring_memcmp(q, p, n)) == sign(memcmp(q, p, n)),
				      "a+%zu b+%zu n=%zu at=%zu", ao, bo, n, at);
			}
		}
	}
}

static void test_memchr(void)
{
	static unsigned char buf[BUF_SIZE];
	/* 0x1e9 and -23 both mean 0xe9: only the low byte counts. */
	const int targets[] = {0, 'A', 0xe9, 0x1e9, -23};

	for (size_t o = 0; o < ALIGNS; o++) {
		for (size_t n = 0; n <= MAX_LEN; n++) {
			for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
				int c = targets[t];
				fill_random(buf, sizeof(buf));
				/* A match just past the end must not be found. */
				buf[o + n] = (unsigned char)c;
				CHECK(kstring_memchr(buf + o, c, n) == memchr(buf + o, c, n),
				      "c=%d at+%zu n=%zu", c, o, n);
			}
		}
	}
}

static void test_strlen(void)
{
	static char buf[BUF_SIZE];

	for (size_t o = 0; o < ALIGNS; o++) {
		for (size_t n = 0; n <= MAX_LEN; n++) {
			random_string(buf, sizeof(buf) - 1, "ab\xff");
			buf[o + n] = '\0';
			CHECK(kstring_strlen(buf + o) == n, "at+%zu n=%zu", o, n);
			const size_t limits[] = {0, n / 2, n, n + 1, SIZE_MAX};
			for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
				size_t max = limits[i];
				CHECK(kstring_strnlen(buf + o, max) == strnlen(buf + o, max),
				      "at+%zu n=%zu max=%zu", o, n, max);
			}
		}
	}
}

static void test_strcmp(void)
{
	static char a[BUF_SIZE], b[BUF_SIZE];

	for (size_t ao = 0; ao < 8; ao++) {
		for (size_t bo = 0; bo < 8; bo++) {
			for (size_t n = 0; n <= MAX_LEN; n++) {
				char *p = a + ao, *q = b + bo;
				random_string(p, n, "ab\xe9");
				strcpy(q, p);
				/* Equal; then q cut short; then q differing at one place. */
				for (int variant = 0; variant < 3; variant++) {
					size_t at = n == 0 ? 0 : random_byte() * n / 256;
					if (variant == 1)
						q[at] = '\0';
					if (variant == 2 && at < n)
						q[at] = "a\xe9\x7f"[random_byte() % 3];
					CHECK(sign(kstring_strcmp(p, q)) == sign(strcmp(p, q)),
					      "a+%zu b+%zu n=%zu variant %d", ao, bo, n, variant);
					CHECK(sign(kstring_strcmp(q, p)) == sign(strcmp(q, p)),
					      "a+%zu b+%zu n=%zu variant %d", ao, bo, n, variant);
					const size_t limits[] = {0, at, at + 1, n, n + 1, SIZE_MAX};
					for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]);
					     i++) {
						size_t m = limits[i];
						CHECK(sign(kstring_strncmp(p, q, m)) ==
						          sign(strncmp(p, q, m)),
						      "a+%zu b+%zu n=%zu variant %d m=%zu", ao, bo,
						      n, variant, m);
					}
					strcpy(q, p);
				}
			}
		}
	}
}

static void test_strchr(void)
{
	static char buf[BUF_SIZE];
	/* Absent, present, the NUL itself, and high-bit chars as int in both signs. */
	const int targets[] = {'z', 'a', 0, 0xe9, -23, 'a' + 256};

	for (size_t o = 0; o < ALIGNS; o++) {
		for (size_t n = 0; n <= MAX_LEN; n++) {
			random_string(buf + o, n, n % 2 ? "ab\xe9" : "bbbbbbbbba");
			for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
				int c = targets[t];
				CHECK(kstring_strchr(buf + o, c) == strchr(buf + o, c),
				      "c=%d at+%zu n=%zu", c, o, n);
				CHECK(kstring_strrchr(buf + o, c) == strrchr(buf + o, c),
				      "c=%d at+%zu n=%zu", c, o, n);
			}
		}
	}
}

/* strlcat's contract, with snprintf doing the bounded copy. */
static size_t reference_strlcat(char *dst, const char *src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)
		return size + strlen(src);
	return dlen + snprintf(dst + dlen, size - dlen, "%s", src);
}

static void test_strlcpy(void)
{
	char src[64], want[80], got[80];

	for (size_t n = 0; n < sizeof(src); n++) {
		random_string(src, n, "abc\xe9");
		for (size_t size = 0; size <= n + 2 && size <= sizeof(got); size++) {
			fill_random(want, sizeof(want));
			memcpy(got, want, sizeof(got));
			size_t w = snprintf(want, size, "%s", src);
			size_t g = kstring_strlcpy(got, src, size);
			CHECK(g == w, "n=%zu size=%zu", n, size);
			CHECK(memcmp(got, want, sizeof(got)) == 0, "n=%zu size=%zu", n, size);
		}
	}
}

static void test_strlcat(void)
{
	char src[40], want[80], got[80];

	for (size_t dlen = 0; dlen < 20; dlen++) {
		for (size_t n = 0; n < sizeof(src); n++) {
			random_string(src, n, "xyz");
			/* Sizes below dlen leave dst with no NUL in range. */
			for (size_t size = 0; size <= dlen + n + 2; size++) {
				fill_random(want, sizeof(want));
				random_string(want, dlen, "abc\xe9");
				memcpy(got, want, sizeof(got));
				size_t w = reference_strlcat(want, src, size);
				size_t g = kstring_strlcat(got, src, size);
				CHECK(g == w, "dlen=%zu n=%zu size=%zu", dlen, n, size);
				CHECK(memcmp(got, want, sizeof(got)) == 0,
				      "dlen=%zu n=%zu size=%zu", dlen, n, size);
			}
		}
	}
}

int main(void)
{
	test_memcpy();
	test_memmove();
	test_memset();
	test_memcmp();
	test_memchr();
	test_strlen();
	test_strcmp();
	test_strchr();
	test_strlcpy();
	test_strlcat();
	if (failures != 0) {
		printf("%d failures\n", failures);
		return EXIT_FAILURE;
	}
	printf("all passed\n");
	return EXIT_SUCCESS;
}
