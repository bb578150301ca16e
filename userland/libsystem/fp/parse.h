/*
 * Reading floating-point numbers (C11 7.22.1.3 syntax): decimal and hex
 * forms, "inf"/"infinity", "nan"/"nan(chars)", case-insensitive. Scanning and
 * conversion are separate so that strtod and scanf's %f share both; the
 * conversion rounds the exact value once, to nearest with ties to even.
 */
#ifndef LIBSYSTEM_FP_PARSE_H
#define LIBSYSTEM_FP_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Significant decimal digits kept; more only set `sticky` (see parse.c). */
#define FP_PARSE_DIGITS 800

enum fp_kind {
	FP_FINITE,
	FP_INF,
	FP_NAN,
};

/* A scanned number, before rounding. */
struct fp_number {
	enum fp_kind kind;
	int neg;
	int hex;    /* mant x 2^exp (hex form), else 0.digits x 10^exp */
	int sticky; /* nonzero digits were dropped after the kept ones */
	long exp;
	uint64_t mant;
	int nd;                       /* kept decimal digits; 0 means the value is zero */
	char digits[FP_PARSE_DIGITS]; /* ASCII, digits[0] != '0' */
};

/*
 * Scans the longest prefix of s (at most max bytes, no leading white space)
 * that is a number; returns its length, 0 if there is none.
 */
size_t fp_scan(const char *s, size_t max, struct fp_number *num);

/* The number rounded to double or float; *erange as for fp_binary_round. */
double fp_number_double(const struct fp_number *num, int *erange);
float fp_number_float(const struct fp_number *num, int *erange);

#endif
