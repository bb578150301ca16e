/* Test inputs read whole from the runfiles tree. */
#ifndef TESTS_HOST_MACHO_TESTFILE_H
#define TESTS_HOST_MACHO_TESTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The contents of path (relative to the runfiles root) in a malloc'd buffer of
 * exactly *size bytes, so AddressSanitizer catches any read past the end; with
 * text set, one more byte holds a NUL that *size does not count.
 * Aborts the test if the file cannot be read.
 */
uint8_t *testfile_read(const char *path, size_t *size, bool text);

#endif
