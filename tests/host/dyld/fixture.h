/*
 * Test inputs for the dyld tests: fixture files from the runfiles tree, the
 * LLVM tools' output as sorted lines, images mapped into a buffer.
 */
#ifndef TESTS_HOST_DYLD_FIXTURE_H
#define TESTS_HOST_DYLD_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dyld/image.h"

#define FIXTURE_DIR "tests/host/dyld/"

/* The linked fixtures (BUILD's FIXTURES), each with its oracle files NAME.otool etc. */
extern const char *const fixture_names[];
extern const size_t fixture_count;

/*
 * The contents of FIXTURE_DIR name in a malloc'd buffer of exactly *size
 * bytes (ASan sees any read past it); text adds a NUL *size does not count.
 */
uint8_t *fixture_read(const char *name, size_t *size, bool text);

/* Lines, sorted, so two tables compare whatever their order. */
struct lines {
	char **line;
	size_t n;
	size_t cap;
};

void lines_add(struct lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lines_sort(struct lines *l);
/* Aborts, printing both, unless a and b hold the same lines. */
void lines_expect_equal(const struct lines *got, const struct lines *want, const char *what);
void lines_free(struct lines *l);

/* Whitespace-separated fields of one line, in place; returns the count. */
size_t fields_split(char *line, char **field, size_t max);

/* The address llvm-nm -m gives symbol, or aborts. */
uint64_t fixture_nm(const char *nm, const char *symbol);

/* Parses file and aborts with the error's message if it is refused. */
void fixture_parse(const uint8_t *file, size_t size, struct dyld_image *img);

/* A zeroed buffer for [vm_start, vm_end) with each segment's file bytes copied in. */
uint8_t *fixture_map(const struct dyld_image *img);

/* The library's short name as llvm-objdump prints it for a bind's ordinal. */
const char *fixture_dylib_name(const struct dyld_image *img, int64_t ordinal, char *buf,
                               size_t size);

#endif
