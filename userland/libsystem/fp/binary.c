/*
 * Rounding an exact binary value to an IEEE 754 binary format. The rounded
 * significand q (hidden bit included) and the exponent u of its last bit
 * encode as ((u - min_u) << (p - 1)) + q: a subnormal has u == min_u and no
 * hidden bit, and a carry out of the significand lands in the exponent field,
 * which is exactly the next binade.
 */
#include "fp/binary.h"

/* IEEE bits of the rounded value, sign excluded. p: significand bits; min_u: exponent of the smallest subnormal. */
static uint64_t
fp_binary_round(uint64_t mant, int exp2, int sticky, int p, int min_u, uint64_t inf_bits,
                int *erange)
{
	uint64_t q, rest, bits;
	int u, shift, round, inexact, tiny;

	*erange = 0;
	if (mant == 0)
		return 0;
	/* Normalize: leading bit at 63. */
	int lz = __builtin_clzll(mant);
	mant <<= lz;
	exp2 -= lz;
	u = exp2 + 63 - (p - 1);
	if (u < min_u)
		u = min_u;
	shift = u - exp2;
	if (shift > 64) {
		q = 0;
		round = 0;
		rest = 1;
	} else if (shift == 64) {
		q = 0;
		round = (int)(mant >> 63);
		rest = (mant << 1) != 0;
	} else {
		q = mant >> shift;
		round = (int)((mant >> (shift - 1)) & 1);
		rest = mant & ((UINT64_C(1) << (shift - 1)) - 1);
	}
	rest = rest != 0 || sticky;
	inexact = round || rest;
	/*
	 * Tininess after rounding (IEEE 754's option that glibc uses): a value
	 * just below the smallest normal is not tiny if rounding it to p bits
	 * with an unbounded exponent gives that normal, i.e. if it lies within a
	 * quarter of a subnormal step of it (fraction bits .11 after q).
	 */
	tiny = q < (UINT64_C(1) << (p - 1));
	if (q == (UINT64_C(1) << (p - 1)) - 1 && round && ((mant >> (shift - 2)) & 1))
		tiny = 0;
	if (round && (rest || (q & 1)))
		q++;
	if (u - min_u >= (int)(inf_bits >> (p - 1))) {
		*erange = 1;
		return inf_bits;
	}
	bits = ((uint64_t)(u - min_u) << (p - 1)) + q;
	if (bits >= inf_bits) {
		*erange = 1;
		return inf_bits;
	}
	if (inexact && tiny)
		*erange = 1;
	return bits;
}

double
fp_binary_double(int neg, uint64_t mant, int exp2, int sticky, int *erange)
{
	uint64_t bits = fp_binary_round(mant, exp2, sticky, 53, -1074, UINT64_C(0x7ff) << 52, erange);
	union {
		uint64_t u;
		double d;
	} v = {bits | ((uint64_t)(neg != 0) << 63)};

	return v.d;
}

float
fp_binary_float(int neg, uint64_t mant, int exp2, int sticky, int *erange)
{
	uint64_t bits = fp_binary_round(mant, exp2, sticky, 24, -149, UINT64_C(0xff) << 23, erange);
	union {
		uint32_t u;
		float f;
	} v = {(uint32_t)bits | ((uint32_t)(neg != 0) << 31)};

	return v.f;
}
