/*
 * The helpers every area shares (conformance.h): the seeded generator, the
 * checksum, double <-> bits, and escaped printing.
 */
#include <stdio.h>

#include "conformance.h"

static uint64_t conf_state;

void conf_seed(uint64_t seed)
{
	conf_state = seed != 0 ? seed : 88172645463325252ULL;
}

uint64_t conf_random(void)
{
	conf_state ^= conf_state << 13;
	conf_state ^= conf_state >> 7;
	conf_state ^= conf_state << 17;
	return conf_state;
}

uint64_t conf_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t conf_hash_str(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	/* The terminator too, so "ab","c" and "a","bc" hash apart. */
	return (h ^ 0xff) * 1099511628211ULL;
}

uint64_t conf_bits(double d)
{
	union {
		double d;
		uint64_t u;
	} v = {.d = d};

	return v.u;
}

double conf_double(uint64_t bits)
{
	union {
		double d;
		uint64_t u;
	} v = {.u = bits};

	return v.d;
}

void conf_print_escaped(const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i] != '\0'; i++)
		printf(s[i] >= 32 && s[i] < 127 ? "%c" : "\\x%02x", (unsigned char)s[i]);
}
