/*
 * memcpy, memset and bzero for the test programs, which have no libc: the
 * compiler emits calls to them for struct copies and initializers (bzero, on
 * Darwin targets, for large zeroed ones).
 */
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

void bzero(void *dst, size_t n)
{
	/* volatile: a plain loop of zero stores is compiled back into a call to bzero. */
	volatile unsigned char *d = dst;

	while (n--)
		*d++ = 0;
}
