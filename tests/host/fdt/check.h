/*
 * Assertions and blob loading for the device tree host tests. A failed check
 * reports the line and the values, then aborts.
 */
#ifndef TESTS_HOST_FDT_CHECK_H
#define TESTS_HOST_FDT_CHECK_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                       \
	do {                                                                              \
		if (!(cond)) {                                                            \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                   \
			abort();                                                          \
		}                                                                         \
	} while (0)

#define CHECK_EQ(a, b)                                                                    \
	do {                                                                              \
		unsigned long long a_ = (unsigned long long)(a);                          \
		unsigned long long b_ = (unsigned long long)(b);                          \
		if (a_ != b_) {                                                           \
			fprintf(stderr, "%s:%d: %s == %s failed: %#llx != %#llx\n",       \
				__FILE__, __LINE__, #a, #b, a_, b_);                      \
			abort();                                                          \
		}                                                                         \
	} while (0)

#define CHECK_STR(a, b)                                                                   \
	do {                                                                              \
		const char *a_ = (a), *b_ = (b);                                          \
		if (a_ == NULL || strcmp(a_, b_) != 0) {                                  \
			fprintf(stderr, "%s:%d: %s == %s failed:\n  \"%s\"\n  \"%s\"\n", \
				__FILE__, __LINE__, #a, #b, a_ ? a_ : "(null)", b_);      \
			abort();                                                          \
		}                                                                         \
	} while (0)

/*
 * Reads a file from the test's runfiles ("tests/host/fdt/board.dtb") into a
 * malloc'd buffer of exactly its size, so AddressSanitizer catches any read
 * past the end. Aborts if the file cannot be read.
 */
void *load_blob(const char *path, size_t *size);

/* xorshift64: a fixed seed makes every run of a randomized test the same. */
static inline unsigned long long test_rand(unsigned long long *state)
{
	unsigned long long x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

#endif
