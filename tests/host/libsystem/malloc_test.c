/*
 * libSystem's malloc over an mmap page source: a seeded stress of malloc,
 * calloc, realloc, posix_memalign and free that checks every block's
 * contents with a checksum pattern, alignment, malloc_size, that large
 * blocks go back to the page source, and that bad requests are refused.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "host/check.h"
#include "ts.h"
#include "userland/libsystem/malloc/pages.h"

static size_t pages_out; /* bytes the allocator holds from the page source */
static int locked;       /* lock depth, to check lock/unlock pairing */
static unsigned long lock_calls;

static void *test_pages_get(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(size % 4096 == 0);
	if (p == MAP_FAILED)
		return NULL;
	pages_out += size;
	return p;
}

static void test_pages_put(void *p, size_t size)
{
	CHECK(size % 4096 == 0 && (uintptr_t)p % 4096 == 0);
	CHECK(munmap(p, size) == 0);
	pages_out -= size;
}

static void test_lock(void)
{
	CHECK(locked == 0);
	locked = 1;
	lock_calls++;
}

static void test_unlock(void)
{
	CHECK(locked == 1);
	locked = 0;
}

static const struct malloc_environment env = {
    4096, test_pages_get, test_pages_put, test_lock, test_unlock,
};

struct slot {
	unsigned char *p;
	size_t size;
	uint64_t tag;
};

static unsigned char pattern(uint64_t tag, size_t i)
{
	return (unsigned char)((tag * 0x9e3779b97f4a7c15ULL + i * 131) >> 56);
}

static void fill(struct slot *s)
{
	for (size_t i = 0; i < s->size; i++)
		s->p[i] = pattern(s->tag, i);
}

static void verify(const struct slot *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		CHECK(s->p[i] == pattern(s->tag, i));
}

static size_t random_size(unsigned long long *seed)
{
	unsigned int k = (unsigned int)(test_rand(seed) % 100);

	if (k < 5)
		return 0;
	if (k < 7)
		return 32768 + test_rand(seed) % 300000;
	if (k < 20)
		return test_rand(seed) % 32768;
	return test_rand(seed) % 300;
}

static void test_stress(void)
{
	static struct slot slots[3000];
	unsigned long long seed = 424242;
	uint64_t tag = 1;

	for (int iter = 0; iter < 200000; iter++) {
		struct slot *s = &slots[test_rand(&seed) % 3000];
		unsigned int op = (unsigned int)(test_rand(&seed) % 10);

		if (s->p != NULL && op < 4) {
			verify(s, s->size);
			ts_free(s->p);
			s->p = NULL;
		} else if (s->p != NULL && op < 7) {
			size_t n = random_size(&seed), keep = n < s->size ? n : s->size;
			unsigned char *q = ts_realloc(s->p, n);

			CHECK(q != NULL && (uintptr_t)q % 16 == 0 && ts_malloc_size(q) >= n);
			s->p = q;
			verify(s, keep);
			s->size = n;
			fill(s);
		} else if (s->p == NULL) {
			s->size = random_size(&seed);
			s->tag = tag++;
			if (op == 7) {
				s->p = ts_calloc(1, s->size);
				CHECK(s->p != NULL);
				for (size_t i = 0; i < s->size; i++)
					CHECK(s->p[i] == 0);
			} else if (op == 8) {
				size_t align = (size_t)8 << (test_rand(&seed) % 12);
				void *p = NULL;

				CHECK(ts_posix_memalign(&p, align, s->size) == 0);
				CHECK((uintptr_t)p % align == 0);
				s->p = p;
			} else {
				s->p = ts_malloc(s->size);
			}
			CHECK(s->p != NULL && (uintptr_t)s->p % 16 == 0);
			CHECK(ts_malloc_size(s->p) >= s->size);
			fill(s);
		}
	}
	for (size_t i = 0; i < 3000; i++) {
		if (slots[i].p != NULL) {
			verify(&slots[i], slots[i].size);
			ts_free(slots[i].p);
		}
	}
	CHECK(locked == 0 && lock_calls > 200000);
}

static void test_large_returned(void)
{
	size_t before = pages_out;
	void *p = ts_malloc(1 << 20);

	CHECK(p != NULL && pages_out >= before + (1 << 20));
	ts_free(p);
	CHECK(pages_out == before);
}

static void test_refusals(void)
{
	void *p;
	char local[32];

	ts_errno = 0;
	CHECK(ts_malloc(SIZE_MAX) == NULL && ts_errno == 12);
	ts_errno = 0;
	CHECK(ts_calloc(SIZE_MAX / 2, 3) == NULL && ts_errno == 12);
	CHECK(ts_posix_memalign(&p, 3, 16) == 22 && ts_posix_memalign(&p, 4, 16) == 22);
	ts_errno = 0;
	CHECK(ts_aligned_alloc(64, 100) == NULL && ts_errno == 22);
	p = ts_aligned_alloc(64, 128);
	CHECK(p != NULL && (uintptr_t)p % 64 == 0);
	ts_free(p);
	/* malloc(0) is a unique pointer; realloc(p, 0) keeps a block. */
	void *a = ts_malloc(0), *b = ts_malloc(0);
	CHECK(a != NULL && b != NULL && a != b);
	a = ts_realloc(a, 0);
	CHECK(a != NULL);
	ts_free(a);
	ts_free(b);
	/* A double free and a foreign pointer are ignored. */
	ts_free(b);
	memset(local, 0, sizeof(local));
	ts_free(local + 16);
	CHECK(ts_malloc_size(local + 16) == 0);
	void *c = ts_malloc(24), *d = ts_malloc(24);
	CHECK(c != d);
	ts_free(c);
	ts_free(d);
	/* reallocf frees the block when it fails. */
	c = ts_malloc(10);
	ts_errno = 0;
	CHECK(ts_reallocf(c, SIZE_MAX) == NULL && ts_errno == 12);
}

/* The functions that allocate through malloc: strdup, strndup, asprintf. */
static void test_users(void)
{
	char *s = ts_strdup("hello"), *t = ts_strndup("hello", 3), *u = ts_strndup("hi", 10), *a;

	CHECK(strcmp(s, "hello") == 0 && strcmp(t, "hel") == 0 && strcmp(u, "hi") == 0);
	CHECK(ts_malloc_size(s) >= 6);
	ts_free(s);
	ts_free(t);
	ts_free(u);
	CHECK(ts_asprintf(&a, "%s-%05d-%.3f", "x", 42, 2.5) == 13 &&
	      strcmp(a, "x-00042-2.500") == 0);
	ts_free(a);
	/* Long enough to grow the buffer several times. */
	CHECK(ts_asprintf(&a, "%5000d|%s", 7, "end") == 5004 && strcmp(a + 4996, "   7|end") == 0);
	ts_free(a);
	CHECK(ts_asprintf(&a, "%1$d %d", 1, 2) == -1 && a == NULL);
}

int main(void)
{
	ts_errno = 0;
	CHECK(ts_malloc(8) == NULL && ts_errno == 12);
	ts_malloc_environment_set(&env);
	test_stress();
	test_large_returned();
	test_refusals();
	test_users();
	printf("malloc_test: ok\n");
	return 0;
}
