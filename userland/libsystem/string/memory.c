/*
 * The mem* functions of <string.h> and the byte functions of <strings.h>.
 * Plain byte loops: correct for any alignment and overlap; speed comes later,
 * measured.
 */
#include <string.h>
#include <strings.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	/* Copy backwards when the destination starts inside the source. */
	if ((size_t)(d - s) < n) {
		while (n-- > 0)
			d[n] = s[n];
	} else {
		while (n-- > 0)
			*d++ = *s++;
	}
	return dst;
}

void *memset(void *b, int c, size_t len)
{
	unsigned char *p = b;

	while (len-- > 0)
		*p++ = (unsigned char)c;
	return b;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n > 0; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

void *memccpy(void *restrict dst, const void *restrict src, int c, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0) {
		if ((*d++ = *s++) == (unsigned char)c)
			return d;
	}
	return NULL;
}

void *memmem(const void *big, size_t big_len, const void *little, size_t little_len)
{
	const unsigned char *b = big;
	size_t i;

	if (little_len == 0)
		return (void *)big;
	if (little_len > big_len)
		return NULL;
	for (i = 0; i <= big_len - little_len; i++) {
		if (memcmp(b + i, little, little_len) == 0)
			return (void *)(b + i);
	}
	return NULL;
}

int bcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n) != 0;
}

void bcopy(const void *src, void *dst, size_t n)
{
	memmove(dst, src, n);
}

void bzero(void *s, size_t n)
{
	memset(s, 0, n);
}
