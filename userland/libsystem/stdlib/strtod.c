/*
 * strtod, strtof, strtold and atof: white space, then the longest number
 * fp_scan accepts (fp/parse.h), correctly rounded. long double is double on
 * macOS arm64. errno is ERANGE on overflow (±HUGE_VAL) and when an inexact
 * result is subnormal or zero; with no number, *endptr = nptr and 0 is returned.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "fp/parse.h"

/* Skips white space and scans; returns the number's length (0: none) and sets *endptr. */
static size_t strtod_scan(const char *nptr, char **endptr, struct fp_number *num)
{
	const char *s = nptr;
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = fp_scan(s, SIZE_MAX, num);
	if (endptr != NULL)
		*endptr = (char *)(n != 0 ? s + n : nptr);
	return n;
}

double strtod(const char *restrict nptr, char **restrict endptr)
{
	struct fp_number num;
	int erange;
	double d;

	if (strtod_scan(nptr, endptr, &num) == 0)
		return 0;
	d = fp_number_double(&num, &erange);
	if (erange)
		errno = ERANGE;
	return d;
}

float strtof(const char *restrict nptr, char **restrict endptr)
{
	struct fp_number num;
	int erange;
	float f;

	if (strtod_scan(nptr, endptr, &num) == 0)
		return 0;
	f = fp_number_float(&num, &erange);
	if (erange)
		errno = ERANGE;
	return f;
}

long double strtold(const char *restrict nptr, char **restrict endptr)
{
	return strtod(nptr, endptr);
}

double atof(const char *str)
{
	return strtod(str, NULL);
}
