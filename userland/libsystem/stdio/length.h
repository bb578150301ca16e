/*
 * Length modifiers (hh h l ll q j z t L), shared by the printf and scanf
 * engines. On macOS arm64 l, ll, q, j, z and t are all 64 bits wide.
 */
#ifndef LIBSYSTEM_STDIO_LENGTH_H
#define LIBSYSTEM_STDIO_LENGTH_H

#include <stdint.h>

enum length {
	LEN_NONE,
	LEN_HH,
	LEN_H,
	LEN_L,
	LEN_LL,
	LEN_J,
	LEN_Z,
	LEN_T,
	LEN_BIG_L,
};

/* Reads the modifier at fmt (if any) into *len; returns fmt past it. */
const char *length_parse(const char *fmt, enum length *len);

/* Stores v, truncated, through p as the integer type len selects (%n, scanf). */
void length_store(void *p, enum length len, uint64_t v);

#endif
