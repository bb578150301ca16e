/*
 * The kernel command line (/chosen bootargs, QEMU -append): words separated by
 * spaces, each "key=value" or a bare "key". Pure logic.
 */
#ifndef KERN_BOOTARGS_H
#define KERN_BOOTARGS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Finds `key` in args[0..len). On success points *value at its value (empty for
 * a bare key; not NUL-terminated) and sets *value_len. The last occurrence wins,
 * so later arguments override earlier ones.
 */
bool bootargs_lookup(const char *args, size_t len, const char *key, const char **value,
                     size_t *value_len);

/* True if `key` is present with exactly `expected` as its value. */
bool bootargs_equal(const char *args, size_t len, const char *key, const char *expected);

#endif
