/*
 * What the fuzzers (fuzz.c, rpc_fuzz.c) share: the iteration their failures
 * report, CHECK, xorshift64 random numbers started from the program's own
 * FUZZ_SEED, and bootstrap.arg's "N" or "N:S" (N iterations, the sequence
 * reseeded by S).
 */
#ifndef TESTS_GUEST_PROGRAMS_FUZZ_H
#define TESTS_GUEST_PROGRAMS_FUZZ_H

#include <stdint.h>

static uint32_t iteration;

/* Fails with (check << 16) | the iteration's low bits. */
#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return ((n) << 16) | (int)(iteration & 0xffff);                            \
	} while (0)

static uint64_t rng = FUZZ_SEED;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint32_t below(uint32_t n)
{
	return (uint32_t)(next() % n);
}

/* The iterations "N" or "N:S" asks for, reseeding the sequence with S. */
static uint32_t fuzz_parse_arg(const char *c)
{
	uint32_t iterations = 0;

	for (; *c >= '0' && *c <= '9'; c++)
		iterations = iterations * 10 + (uint32_t)(*c - '0');
	if (*c == ':') {
		uint64_t seed = 0;
		for (c++; *c >= '0' && *c <= '9'; c++)
			seed = seed * 10 + (uint64_t)(*c - '0');
		rng ^= seed * 0x2545f4914f6cdd1dull;
		if (!rng)
			rng = 1;
	}
	return iterations;
}

#endif
