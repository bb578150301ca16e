/*
 * Correct rounding of an exact binary value to an IEEE 754 binary format
 * (double or float): the last step of strtod, strtof and the hex-float parser.
 */
#ifndef LIBSYSTEM_FP_BINARY_H
#define LIBSYSTEM_FP_BINARY_H

#include <stdint.h>

/* An IEEE 754 binary format. */
struct fp_format {
	int p;        /* significand bits, the hidden one included */
	int min_u;    /* exponent of the smallest subnormal's bit */
	int exp_bits; /* width of the exponent field */
};

extern const struct fp_format fp_double; /* binary64 */
extern const struct fp_format fp_float;  /* binary32 */

/*
 * The value is mant x 2^exp2 plus, if sticky, some amount strictly between 0
 * and 2^exp2 (bits that were dropped). Returns the IEEE bits of it rounded to
 * nearest, ties to even, with the sign applied; sets *erange when the result
 * overflowed to infinity, or is inexact with the exact value below the
 * smallest normal number (underflow; tininess is detected after rounding).
 */
uint64_t fp_binary_round(const struct fp_format *f, int neg, uint64_t mant, int exp2, int sticky,
                         int *erange);

/* The bits of infinity and of the default quiet NaN, with the sign applied. */
uint64_t fp_binary_inf(const struct fp_format *f, int neg);
uint64_t fp_binary_nan(const struct fp_format *f, int neg);

#endif
