/*
 * The kernel's memory and string functions; the contracts are in <string.h>.
 *
 * The word-at-a-time paths only ever touch aligned words: until the MMU is on,
 * all memory is Device memory, where an unaligned access faults.  The string
 * functions go a byte at a time; they are not on any hot path.
 *
 * This file must be compiled with -fno-builtin and
 * -fno-tree-loop-distribute-patterns, or GCC may turn the loops below into
 * calls to the very functions they implement.
 */
#include <stdint.h>
#include <string.h>

/* A word that may alias any object, so that copying through it is well defined. */
typedef unsigned long __attribute__((__may_alias__)) word_t;

#define WORD_SIZE sizeof(word_t)
#define WORD_MASK (WORD_SIZE - 1)

/* Copy n bytes upwards; safe for overlap only when d <= s. */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if ((((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0) {
		while (n > 0 && ((uintptr_t)d & WORD_MASK) != 0) {
			*d++ = *s++;
			n--;
		}
		word_t *dw = (word_t *)d;
		const word_t *sw = (const word_t *)s;
		/*
		 * Load a block before storing it, so overlap with d < s stays safe;
		 * eight words a step, as a page copy (copy-on-write) is most of the work.
		 */
		for (; n >= 8 * WORD_SIZE; n -= 8 * WORD_SIZE) {
			word_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
			word_t w4 = sw[4], w5 = sw[5], w6 = sw[6], w7 = sw[7];
			dw[0] = w0;
			dw[1] = w1;
			dw[2] = w2;
			dw[3] = w3;
			dw[4] = w4;
			dw[5] = w5;
			dw[6] = w6;
			dw[7] = w7;
			dw += 8;
			sw += 8;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE)
			*dw++ = *sw++;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n > 0) {
		*d++ = *s++;
		n--;
	}
}

/* Copy n bytes downwards, from the end; safe for any overlap with d >= s. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if ((((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0) {
		while (n > 0 && ((uintptr_t)d & WORD_MASK) != 0) {
			*--d = *--s;
			n--;
		}
		word_t *dw = (word_t *)d;
		const word_t *sw = (const word_t *)s;
		for (; n >= 4 * WORD_SIZE; n -= 4 * WORD_SIZE) {
			dw -= 4;
			sw -= 4;
			word_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
			dw[3] = w3;
			dw[2] = w2;
			dw[1] = w1;
			dw[0] = w0;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE)
			*--dw = *--sw;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n > 0) {
		*--d = *--s;
		n--;
	}
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	/*
	 * Unsigned wrap-around makes this one test true both when dst is below
	 * src and when dst lies at or past the end of src; only otherwise would
	 * copying upwards overwrite bytes not yet read.
	 */
	if ((uintptr_t)dst - (uintptr_t)src >= n)
		copy_forward(dst, src, n);
	else
		copy_backward(dst, src, n);
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;

	while (n > 0 && ((uintptr_t)d & WORD_MASK) != 0) {
		*d++ = b;
		n--;
	}
	/* All-ones divided by 0xff is 0x0101...01: b in every byte. */
	word_t w = (word_t)-1 / 0xff * b;
	word_t *dw = (word_t *)d;
	for (; n >= 4 * WORD_SIZE; n -= 4 * WORD_SIZE) {
		dw[0] = w;
		dw[1] = w;
		dw[2] = w;
		dw[3] = w;
		dw += 4;
	}
	for (; n >= WORD_SIZE; n -= WORD_SIZE)
		*dw++ = w;
	d = (unsigned char *)dw;
	while (n > 0) {
		*d++ = b;
		n--;
	}
	return dst;
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

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n] != '\0')
		n++;
	return n;
}

/* Characters compare as unsigned char, as ISO C requires. */
int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p != '\0' && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	for (; n > 0; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
		if (*p == '\0')
			break;
	}
	return 0;
}

/* The terminating NUL counts as part of the string, so strchr(s, 0) finds it. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

size_t strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t strlcat(char *restrict dst, const char *restrict src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	/* No NUL within size bytes: there is no room, and nothing to terminate. */
	if (dlen == size)
		return size + strlen(src);
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}
