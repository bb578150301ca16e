/*
 * ffs and fls of <strings.h>: the 1-based index of the lowest or highest set
 * bit, 0 when no bit is set.
 */
#include <strings.h>

int ffsll(long long i)
{
	return i == 0 ? 0 : __builtin_ctzll((unsigned long long)i) + 1;
}

int ffsl(long i)
{
	return ffsll(i);
}

int ffs(int i)
{
	return ffsll((unsigned int)i);
}

int flsll(long long i)
{
	return i == 0 ? 0 : 64 - __builtin_clzll((unsigned long long)i);
}

int flsl(long i)
{
	return flsll(i);
}

int fls(int i)
{
	return flsll((unsigned int)i);
}
