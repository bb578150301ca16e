/*
 * Helpers for the device tree host tests: checks that print the values they
 * compare, and loading a blob into a buffer of exactly its size.
 */
#ifndef TESTS_HOST_FDT_BLOB_H
#define TESTS_HOST_FDT_BLOB_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/check.h"

#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		unsigned long long a_ = (unsigned long long)(a);                                   \
		unsigned long long b_ = (unsigned long long)(b);                                   \
		if (a_ != b_) {                                                                    \
			fprintf(stderr, "%s:%d: %s == %s failed: %#llx != %#llx\n", __FILE__,      \
			        __LINE__, #a, #b, a_, b_);                                         \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define CHECK_STR(a, b)                                                                            \
	do {                                                                                       \
		const char *a_ = (a), *b_ = (b);                                                   \
		if (a_ == NULL || strcmp(a_, b_) != 0) {                                           \
			fprintf(stderr, "%s:%d: %s == %s failed:\n  \"%s\"\n  \"%s\"\n", __FILE__, \
			        __LINE__, #a, #b, a_ ? a_ : "(null)", b_);                         \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/*
 * Reads a file from the test's runfiles ("tests/host/fdt/board.dtb") into a
 * malloc'd buffer of exactly its size, so AddressSanitizer catches any read
 * past the end. Aborts if the file cannot be read.
 */
void *load_blob(const char *path, size_t *size);

#endif
