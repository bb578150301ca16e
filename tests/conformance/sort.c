/*
 * qsort and bsearch: arrays of several element types and sizes (1 to 100
 * bytes, so byte-wise and word-wise swapping both run) in many lengths and
 * patterns (random, sorted, reversed, constant, few distinct values, organ
 * pipe, sawtooth). qsort is not stable, so every comparison below is a total
 * order: the sorted result is then unique, and a checksum of it must match.
 * bsearch looks up present and absent keys.
 *
 * Left out: qsort_r (macOS and glibc pass the context in different argument
 * positions) and how many comparisons a sort makes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance.h"

struct record {
	int key;
	unsigned serial;
	char name[12];
	double weight;
	short tag;
};

struct odd {
	unsigned char b[13];
};

/* Big enough that a swap is a loop of many words. */
struct wide {
	unsigned key;
	unsigned char fill[96];
};

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int cmp_uchar(const void *a, const void *b)
{
	/* A difference, not -1/0/1: qsort must accept any sign. */
	return *(const unsigned char *)a - *(const unsigned char *)b;
}

static int cmp_llong_desc(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x < y) - (x > y);
}

/* A total order on doubles' bits: -0 before +0, NaNs never generated. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	if (x != y)
		return x < y ? -1 : 1;
	uint64_t bx = conf_bits(x), by = conf_bits(y);
	return (bx < by) - (bx > by);
}

static int cmp_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_record(const void *a, const void *b)
{
	const struct record *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->serial > y->serial) - (x->serial < y->serial);
}

static int cmp_odd(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct odd));
}

static int cmp_wide(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct wide));
}

/* Value i of an array of n in the given pattern, before scaling to the type. */
static uint64_t pattern_value(int pattern, size_t i, size_t n)
{
	switch (pattern) {
	case 0: return conf_random();
	case 1: return i;
	case 2: return n - i;
	case 3: return 7;
	case 4: return conf_random() % 4;
	case 5: return i < n / 2 ? i : n - i;
	default: return i % 17;
	}
}

static const char *const pattern_names[] = {"random",    "sorted",    "reversed", "constant",
                                            "fewvalues", "organpipe", "sawtooth"};

static const size_t lengths[] = {0,  1,  2,  3,  4,  5,  6,  7,   8,   9,    10,   11,   12,
                                 15, 16, 17, 31, 32, 33, 50, 100, 255, 1000, 4097, 20000};

static void *make_array(int type, int pattern, size_t n, size_t *width)
{
	static const size_t widths[] = {sizeof(int),           1,
	                                sizeof(long long),     sizeof(double),
	                                sizeof(struct record), sizeof(struct odd),
	                                sizeof(struct wide)};
	unsigned char *a = malloc(n * widths[type] + 1);

	*width = widths[type];
	for (size_t i = 0; i < n; i++) {
		uint64_t v = pattern_value(pattern, i, n);
		void *e = a + i * widths[type];

		switch (type) {
		case 0: *(int *)e = (int)(v % 2000001) - 1000000; break;
		case 1: *(unsigned char *)e = (unsigned char)v; break;
		case 2: *(long long *)e = (long long)(v * 0x9e3779b97f4a7c15ULL); break;
		case 3:
			*(double *)e =
			    conf_double((v * 0x9e3779b97f4a7c15ULL) & 0xbfefffffffffffffULL);
			break;
		case 4: {
			struct record r;

			memset(&r, 0, sizeof(r));
			r.key = (int)(v % 1000);
			r.serial = (unsigned)i;
			snprintf(r.name, sizeof(r.name), "r%zu", i);
			r.weight = (double)i / 3;
			r.tag = (short)(v & 0x7fff);
			memcpy(e, &r, sizeof(r));
			break;
		}
		case 6: {
			struct wide w;

			/* Big-endian key first, so memcmp orders by it. */
			for (size_t k = 0; k < 4; k++)
				((unsigned char *)&w.key)[k] =
				    (unsigned char)((v % 5000) >> (24 - 8 * k));
			memset(w.fill, (int)(i & 0xff), sizeof(w.fill));
			memcpy(e, &w, sizeof(w));
			break;
		}
		default:
			for (size_t k = 0; k < sizeof(struct odd); k++)
				((struct odd *)e)->b[k] =
				    (unsigned char)(v >> (k % 8 * 8)) ^ (unsigned char)k;
			break;
		}
	}
	return a;
}

static int (*const comparators[])(const void *, const void *) = {
    cmp_int, cmp_uchar, cmp_llong_desc, cmp_double, cmp_record, cmp_odd, cmp_wide};
static const char *const type_names[] = {"int",    "uchar", "llong",  "double",
                                         "record", "odd13", "wide100"};

static void sort_arrays(void)
{
	conf_seed(2024);
	for (int type = 0; type < 7; type++)
		for (int pattern = 0; pattern < 7; pattern++)
			for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++) {
				size_t n = lengths[l], width;
				unsigned char *a = make_array(type, pattern, n, &width);
				int (*cmp)(const void *, const void *) = comparators[type];
				int sorted = 1, found = 0, absent = 0;

				qsort(a, n, width, cmp);
				for (size_t i = 1; i < n; i++)
					if (cmp(a + (i - 1) * width, a + i * width) > 0)
						sorted = 0;
				/* Every element is found; where it is found must hold an equal one.
				 */
				for (size_t i = 0; i < n; i += 1 + n / 50) {
					unsigned char *hit =
					    bsearch(a + i * width, a, n, width, cmp);

					found += hit != NULL && cmp(hit, a + i * width) == 0;
				}
				/* A key past the end is absent (except when it is equal to the
				 * last). */
				if (n > 0 && type == 0) {
					int key = *(int *)(a + (n - 1) * width) + 1;

					absent = bsearch(&key, a, n, width, cmp) == NULL;
					key = *(int *)a - 1;
					absent += bsearch(&key, a, n, width, cmp) == NULL;
				}
				printf(
				    "sort %s %s %zu: sorted %d found %d absent %d hash %016llx\n",
				    type_names[type], pattern_names[pattern], n, sorted, found,
				    absent,
				    (unsigned long long)conf_hash(CONF_HASH_INIT, a, n * width));
				free(a);
			}
}

static void sort_strings(void)
{
	static const char *const words[] = {"pear",   "apple", "",      "Apple", "apple!", "b",
	                                    "banana", "a",     "\xff",  "\x01",  "zebra",  "appl",
	                                    "APPLE",  "pea",   "peach", "pear ", " pear"};
	const char *sorted[sizeof(words) / sizeof(words[0])];

	memcpy(sorted, words, sizeof(words));
	qsort(sorted, sizeof(words) / sizeof(words[0]), sizeof(words[0]), cmp_string);
	printf("sort strings:");
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		printf(" [");
		for (const char *p = sorted[i]; *p != '\0'; p++)
			printf(*p > 32 && *p < 127 ? "%c" : "\\x%02x", (unsigned char)*p);
		printf("]");
	}
	printf("\n");
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const char *key = words[i];
		const char **hit = bsearch(&key, sorted, sizeof(words) / sizeof(words[0]),
		                           sizeof(words[0]), cmp_string);

		printf("sort bsearch string %zu: index %d\n", i,
		       hit != NULL ? (int)(hit - sorted) : -1);
	}
	/* bsearch of unique ints: the index itself, and misses between elements. */
	int v[101];
	for (int i = 0; i < 101; i++)
		v[i] = i * 3;
	printf("sort bsearch ints:");
	for (int key = -2; key <= 305; key += 7) {
		int *hit = bsearch(&key, v, 101, sizeof(int), cmp_int);

		printf(" %d:%d", key, hit != NULL ? (int)(hit - v) : -1);
	}
	printf("\n");
	printf("sort bsearch empty: %d\n", bsearch(&v[0], v, 0, sizeof(int), cmp_int) == NULL);
}

void conf_sort(void)
{
	sort_arrays();
	sort_strings();
}
