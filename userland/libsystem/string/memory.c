/*
 * The mem* functions of <string.h> and the byte functions of <strings.h>.
 * Copies and fills go a word at a time where the alignment allows; the
 * searches and comparisons are byte loops, which never read past the bytes
 * they were given.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* A machine word that may alias any object, for copying 8 bytes at a time. */
typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD sizeof(word_t)

/* Copies n bytes upwards; safe for overlap when dst is below src. */
static void copy_up(unsigned char *d, const unsigned char *s, size_t n)
{
	/* Words only when both can be aligned together. */
	if (((uintptr_t)d - (uintptr_t)s) % WORD == 0) {
		while (n > 0 && (uintptr_t)d % WORD != 0) {
			*d++ = *s++;
			n--;
		}
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n-- > 0)
		*d++ = *s++;
}

/* Copies n bytes downwards from the ends; safe for overlap when dst is above src. */
static void copy_down(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (((uintptr_t)d - (uintptr_t)s) % WORD == 0) {
		while (n > 0 && (uintptr_t)d % WORD != 0) {
			*--d = *--s;
			n--;
		}
		for (; n >= WORD; n -= WORD) {
			d -= WORD;
			s -= WORD;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n-- > 0)
		*--d = *--s;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_up(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Copy backwards when the destination starts inside the source. */
	if ((size_t)(d - s) < n)
		copy_down(d, s, n);
	else if (d != s)
		copy_up(d, s, n);
	return dst;
}

void *memset(void *b, int c, size_t len)
{
	unsigned char *p = b;
	word_t pattern = (unsigned char)c * UINT64_C(0x0101010101010101);

	while (len > 0 && (uintptr_t)p % WORD != 0) {
		*p++ = (unsigned char)c;
		len--;
	}
	for (; len >= WORD; len -= WORD, p += WORD)
		*(word_t *)p = pattern;
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
