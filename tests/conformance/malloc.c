/*
 * malloc, calloc, realloc, free, posix_memalign and aligned_alloc under a
 * seeded stress: blocks of every size class up to a megabyte are
 * allocated, filled with a pattern from the seed, grown and shrunk, and
 * checked before they are freed. What is printed is derived from the
 * contents only (never an address): a checksum of each phase, how many
 * blocks were live, and counts of failures such as lost contents,
 * misalignment, overlapping blocks or calloc memory that was not zero, all
 * of which must be 0.
 *
 * Left out: realloc(p, 0) (glibc frees and returns NULL, macOS returns a new
 * small block), malloc(0) (NULL or not is the implementation's choice),
 * malloc_size and malloc_usable_size (different names and rounding),
 * aligned_alloc of a size that is not a multiple of the alignment (macOS
 * fails it, glibc does not).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

#define NSLOTS 512

struct block {
	unsigned char *p;
	size_t size;
	uint64_t seed; /* the pattern's seed: byte k is pattern_byte(seed, k) */
};

static struct block blocks[NSLOTS];
static int errors_content, errors_align, errors_zero, errors_overlap;

static unsigned char pattern_byte(uint64_t seed, size_t k)
{
	uint64_t x = seed + k * 0x9e3779b97f4a7c15ULL;

	return (unsigned char)(x ^ (x >> 29) ^ (x >> 47));
}

static void pattern_fill(struct block *b, size_t from)
{
	for (size_t k = from; k < b->size; k++)
		b->p[k] = pattern_byte(b->seed, k);
}

/* Checks the first n bytes against the pattern and folds them into the checksum. */
static uint64_t pattern_check(const struct block *b, size_t n, uint64_t h)
{
	for (size_t k = 0; k < n; k++)
		if (b->p[k] != pattern_byte(b->seed, k)) {
			errors_content++;
			break;
		}
	return conf_hash(h, b->p, n);
}

/* Sizes weighted towards small blocks, with occasional large ones (which
 * libSystem maps separately) and enough medium ones to cross every class. */
static size_t random_size(void)
{
	uint64_t r = conf_random();
	unsigned kind = (unsigned)(r % 64);

	r >>= 8;
	if (kind == 0)
		return (size_t)(r % (1u << 20));
	if (kind < 8)
		return (size_t)(r % 40000);
	if (kind < 24)
		return (size_t)(r % 4096);
	return 1 + (size_t)(r % 300);
}

static void check_alignment(const void *p)
{
	if (p != NULL && (uintptr_t)p % 16 != 0)
		errors_align++;
}

static int cmp_block(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct block *)a)->p;
	uintptr_t y = (uintptr_t)((const struct block *)b)->p;

	return (x > y) - (x < y);
}

/* No two live blocks share a byte. */
static void check_overlap(void)
{
	static struct block sorted[NSLOTS];
	size_t n = 0;

	for (size_t i = 0; i < NSLOTS; i++)
		if (blocks[i].p != NULL)
			sorted[n++] = blocks[i];
	qsort(sorted, n, sizeof(sorted[0]), cmp_block);
	for (size_t i = 1; i < n; i++)
		if ((uintptr_t)sorted[i - 1].p + sorted[i - 1].size > (uintptr_t)sorted[i].p)
			errors_overlap++;
}

static void stress(int phase, int rounds)
{
	uint64_t h = CONF_HASH_INIT;
	int allocated = 0, freed = 0, reallocated = 0, failed = 0;

	for (int round = 0; round < rounds; round++) {
		struct block *b = &blocks[conf_random() % NSLOTS];
		uint64_t op = conf_random() % 10;

		if (b->p != NULL && op < 4) {
			h = pattern_check(b, b->size, h);
			free(b->p);
			b->p = NULL;
			freed++;
		} else if (b->p != NULL) {
			/* realloc keeps the common prefix; the new tail gets the pattern. */
			size_t size = random_size() + 1;
			unsigned char *p = realloc(b->p, size);

			if (p == NULL) {
				failed++;
				continue;
			}
			check_alignment(p);
			b->p = p;
			h = pattern_check(b, size < b->size ? size : b->size, h);
			size_t old = b->size;
			b->size = size;
			pattern_fill(b, old < size ? old : size);
			reallocated++;
		} else {
			size_t size = random_size();

			if (op < 3) {
				size_t count = 1 + conf_random() % 8;

				size = size / count + 1;
				b->p = calloc(count, size);
				size *= count;
				for (size_t k = 0; b->p != NULL && k < size; k++)
					if (b->p[k] != 0) {
						errors_zero++;
						break;
					}
			} else {
				b->p = malloc(size + 1);
				size++;
			}
			if (b->p == NULL) {
				failed++;
				continue;
			}
			check_alignment(b->p);
			b->size = size;
			b->seed = conf_random();
			pattern_fill(b, 0);
			allocated++;
		}
		if (round % 1000 == 999)
			check_overlap();
	}
	size_t live = 0, bytes = 0;
	for (size_t i = 0; i < NSLOTS; i++)
		if (blocks[i].p != NULL) {
			live++;
			bytes += blocks[i].size;
			h = pattern_check(&blocks[i], blocks[i].size, h);
		}
	printf("malloc phase %d: %d allocated %d freed %d reallocated %d failed, %zu live of %zu "
	       "bytes, hash %016llx\n",
	       phase, allocated, freed, reallocated, failed, live, bytes, (unsigned long long)h);
}

static void aligned(void)
{
	static const size_t alignments[] = {8, 16, 32, 64, 128, 256, 4096, 16384, 65536};
	int misaligned = 0, failed = 0;

	for (size_t i = 0; i < sizeof(alignments) / sizeof(alignments[0]); i++)
		for (size_t size = 1; size < 100000; size = size * 3 + 1) {
			void *p = NULL;

			if (posix_memalign(&p, alignments[i], size) != 0) {
				failed++;
				continue;
			}
			misaligned += (uintptr_t)p % alignments[i] != 0;
			memset(p, 0xab, size);
			free(p);
			/* A multiple of the alignment: macOS refuses other sizes, glibc not. */
			p = aligned_alloc(alignments[i], (size + alignments[i] - 1) /
			                                     alignments[i] * alignments[i]);
			if (p == NULL) {
				failed++;
				continue;
			}
			misaligned += (uintptr_t)p % alignments[i] != 0;
			free(p);
		}
	printf("malloc aligned: %d misaligned %d failed\n", misaligned, failed);
	void *p = (void *)1;
	printf("malloc posix_memalign bad alignments: %d %d %d, untouched %d\n",
	       posix_memalign(&p, 3, 8) == EINVAL, posix_memalign(&p, 4, 8) == EINVAL,
	       posix_memalign(&p, 24, 8) == EINVAL, p == (void *)1);
}

/* Read at run time, so the compiler does not reject the impossible requests. */
static volatile size_t huge = SIZE_MAX;

static void limits(void)
{
	errno = 0;
	void *p = malloc(huge);
	printf("malloc SIZE_MAX: %s errno ENOMEM %d\n", p == NULL ? "NULL" : "?", errno == ENOMEM);
	free(p);
	errno = 0;
	p = calloc(huge / 2, 3);
	printf("malloc calloc overflow: %s errno ENOMEM %d\n", p == NULL ? "NULL" : "?",
	       errno == ENOMEM);
	free(p);
	errno = 0;
	p = malloc(16);
	void *q = realloc(p, huge - 8);
	printf("malloc realloc huge: %s errno ENOMEM %d, old block kept %d\n",
	       q == NULL ? "NULL" : "?", errno == ENOMEM, q == NULL);
	free(q != NULL ? q : p);
	p = realloc(NULL, 100);
	memset(p, 1, 100);
	printf("malloc realloc NULL: %s\n", p != NULL ? "block" : "NULL");
	free(p);
	free(NULL);
	printf("malloc free NULL: ok\n");
}

/* A buffer grown a little at a time, as a string builder grows, then shrunk back. */
static void growth(void)
{
	unsigned char *p = NULL;
	size_t size = 0;
	int lost = 0;

	while (size < 200000) {
		size_t next = size + 1 + size / 8;
		unsigned char *q = realloc(p, next);

		if (q == NULL)
			break;
		for (size_t k = 0; k < size; k++)
			if (q[k] != (unsigned char)(k * 7)) {
				lost++;
				break;
			}
		for (size_t k = size; k < next; k++)
			q[k] = (unsigned char)(k * 7);
		p = q;
		size = next;
	}
	while (size > 1) {
		size /= 3;
		p = realloc(p, size);
		for (size_t k = 0; k < size; k++)
			if (p[k] != (unsigned char)(k * 7)) {
				lost++;
				break;
			}
	}
	free(p);
	printf("malloc growth: %d steps lost contents\n", lost);
}

void conf_malloc(void)
{
	conf_seed(8086);
	for (int phase = 0; phase < 6; phase++)
		stress(phase, 3000);
	for (size_t i = 0; i < NSLOTS; i++) {
		free(blocks[i].p);
		blocks[i].p = NULL;
	}
	/* The same sequence again on the emptied heap: the contents must repeat. */
	conf_seed(8086);
	stress(0, 3000);
	for (size_t i = 0; i < NSLOTS; i++) {
		free(blocks[i].p);
		blocks[i].p = NULL;
	}
	printf("malloc errors: content %d alignment %d calloc %d overlap %d\n", errors_content,
	       errors_align, errors_zero, errors_overlap);
	growth();
	aligned();
	limits();
}
