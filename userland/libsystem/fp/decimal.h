/*
 * Exact decimal expansions of binary floating-point values, and rounding of
 * them to a number of digits: the digits printf's %e, %f and %g print.
 */
#ifndef LIBSYSTEM_FP_DECIMAL_H
#define LIBSYSTEM_FP_DECIMAL_H

#include <stdint.h>

/* A double's exact expansion has at most 767 significant digits. */
#define FP_DECIMAL_MAX 800

/* The value 0.d[0]d[1]...d[n-1] x 10^exp10; n == 0 means zero. */
struct fp_decimal {
	int n;                  /* significant digits; d[n - 1] != '0' when fresh */
	int exp10;              /* decimal exponent of the point */
	char d[FP_DECIMAL_MAX]; /* ASCII digits, d[0] != '0' */
};

/* Sets dec to the exact value of mant x 2^exp2 (mant < 2^64, -1100 < exp2 < 1000). */
void fp_decimal_exact(struct fp_decimal *dec, uint64_t mant, int exp2);

/*
 * Rounds dec to its first `keep` digits, to nearest with ties to even;
 * keep <= 0 rounds at or above the leading digit (to zero, or to a single 1
 * one place higher). dec->n becomes at most max(keep, 1).
 */
void fp_decimal_round(struct fp_decimal *dec, int keep);

#endif
