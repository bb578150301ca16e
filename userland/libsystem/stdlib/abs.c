/*
 * abs and div families. C leaves abs(INT_MIN) undefined; here it returns
 * INT_MIN (two's complement wrap) rather than trapping.
 */
#include <inttypes.h>
#include <stdlib.h>

int abs(int j)
{
	return j < 0 ? (int)(0u - (unsigned int)j) : j;
}

long labs(long j)
{
	return j < 0 ? (long)(0ul - (unsigned long)j) : j;
}

long long llabs(long long j)
{
	return j < 0 ? (long long)(0ull - (unsigned long long)j) : j;
}

intmax_t imaxabs(intmax_t j)
{
	return j < 0 ? (intmax_t)(0 - (uintmax_t)j) : j;
}

div_t div(int num, int denom)
{
	div_t r = {num / denom, num % denom};

	return r;
}

ldiv_t ldiv(long num, long denom)
{
	ldiv_t r = {num / denom, num % denom};

	return r;
}

lldiv_t lldiv(long long num, long long denom)
{
	lldiv_t r = {num / denom, num % denom};

	return r;
}

imaxdiv_t imaxdiv(intmax_t numer, intmax_t denom)
{
	imaxdiv_t r = {numer / denom, numer % denom};

	return r;
}
