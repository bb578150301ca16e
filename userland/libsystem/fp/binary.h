/*
 * Correct rounding of an exact binary value to double or float: the last
 * step of strtod, strtof and the hex-float parser.
 */
#ifndef LIBSYSTEM_FP_BINARY_H
#define LIBSYSTEM_FP_BINARY_H

#include <stdint.h>

/*
 * The value is mant x 2^exp2 plus, if sticky, some amount strictly between 0
 * and 2^exp2 (bits that were dropped). Returns it rounded to nearest, ties to
 * even, with the sign applied; sets *erange when the result overflowed to
 * infinity, or is inexact with the exact value below the smallest normal
 * number (underflow; tininess is detected after rounding).
 */
double fp_binary_double(int neg, uint64_t mant, int exp2, int sticky, int *erange);
float fp_binary_float(int neg, uint64_t mant, int exp2, int sticky, int *erange);

#endif
