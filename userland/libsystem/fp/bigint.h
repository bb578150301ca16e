/*
 * Fixed-size unsigned big integers for exact decimal <-> binary conversion
 * (printf's %e/%f/%g, strtod). Little-endian 32-bit limbs.
 *
 * Capacity is BIGINT_LIMBS * 32 bits. Callers bound their inputs so results
 * stay below it (a double's exact expansion needs at most 2560 bits, strtod's
 * bounded digit strings at most 3500); an operation that would exceed it
 * drops the excess rather than write past the array.
 */
#ifndef LIBSYSTEM_FP_BIGINT_H
#define LIBSYSTEM_FP_BIGINT_H

#include <stdint.h>

#define BIGINT_LIMBS 128

struct bigint {
	int n;        /* limbs in use; limb[n - 1] != 0, or n == 0 for zero */
	uint32_t limb[BIGINT_LIMBS];
};

void bigint_set_u64(struct bigint *b, uint64_t v);
void bigint_mul_small(struct bigint *b, uint32_t m);
void bigint_add_small(struct bigint *b, uint32_t a);
/* b *= 5^k. */
void bigint_mul_pow5(struct bigint *b, unsigned int k);
/* b <<= bits. */
void bigint_shl(struct bigint *b, unsigned int bits);
/* b >>= 1. */
void bigint_shr1(struct bigint *b);
/* b /= d (d != 0); returns the remainder. */
uint32_t bigint_divmod_small(struct bigint *b, uint32_t d);
/* -1, 0 or 1 as a <, ==, > b. */
int bigint_cmp(const struct bigint *a, const struct bigint *b);
/* a -= b; requires a >= b. */
void bigint_sub(struct bigint *a, const struct bigint *b);
/* The number of significant bits (0 for zero). */
int bigint_bitlen(const struct bigint *b);
/* Bits [pos, pos + 64) of b as an integer (bits past the top read as 0). */
uint64_t bigint_bits64(const struct bigint *b, int pos);
/* Whether any of the bits below pos is set. */
int bigint_any_below(const struct bigint *b, int pos);

#endif
