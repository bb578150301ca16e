/*
 * Rounding an exact binary value to an IEEE 754 binary format. The rounded
 * significand q (hidden bit included) and the exponent u of its last bit
 * encode as ((u - min_u) << (p - 1)) + q: a subnormal has u == min_u and no
 * hidden bit, and a carry out of the significand lands in the exponent field,
 * which is exactly the next binade.
 */
#include "fp/binary.h"

const struct fp_format fp_double = {53, -1074, 11};
const struct fp_format fp_float = {24, -149, 8};

/* The sign bit's mask. */
static uint64_t fp_sign(const struct fp_format *f, int neg)
{
	return (uint64_t)(neg != 0) << (f->p - 1 + f->exp_bits);
}

uint64_t fp_binary_inf(const struct fp_format *f, int neg)
{
	return fp_sign(f, neg) | (((UINT64_C(1) << f->exp_bits) - 1) << (f->p - 1));
}

uint64_t fp_binary_nan(const struct fp_format *f, int neg)
{
	return fp_binary_inf(f, neg) | (UINT64_C(1) << (f->p - 2));
}

/* The magnitude's bits. */
static uint64_t fp_binary_magnitude(const struct fp_format *f, uint64_t mant, int exp2, int sticky,
                                    int *erange)
{
	int p = f->p, min_u = f->min_u;
	uint64_t inf_bits = fp_binary_inf(f, 0);
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

uint64_t fp_binary_round(const struct fp_format *f, int neg, uint64_t mant, int exp2, int sticky,
                         int *erange)
{
	return fp_sign(f, neg) | fp_binary_magnitude(f, mant, exp2, sticky, erange);
}
