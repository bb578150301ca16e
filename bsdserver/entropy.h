/*
 * Randomness for processes, from the kernel's generator (host_get_random on
 * the plain host port, <mach/tessera_random.h>): getentropy (sys_entropy.c)
 * and exec's per-process apple[] values.
 */
#ifndef BSDSERVER_ENTROPY_H
#define BSDSERVER_ENTROPY_H

#include <stddef.h>

/* getentropy's limit, as XNU's: larger requests are EINVAL. */
#define ENTROPY_MAX 256

/* Fills buf[0..len) with random bytes from the kernel: 0, or EIO when it gives none. */
int entropy_bytes(void *buf, size_t len);

#endif
