/*
 * The str* functions of <string.h> that neither allocate nor report errors:
 * lengths, copies, comparisons, searches. Collation is the C locale's, so
 * strcoll is strcmp and strxfrm is a copy.
 */
#include <string.h>

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n] != '\0')
		n++;
	return n;
}

char *stpcpy(char *restrict dst, const char *restrict src)
{
	while ((*dst = *src++) != '\0')
		dst++;
	return dst;
}

char *strcpy(char *restrict dst, const char *restrict src)
{
	stpcpy(dst, src);
	return dst;
}

/* Copies at most n bytes and pads with NULs to n; returns the first pad byte, or dst + n. */
char *stpncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t i = 0;
	char *end;

	while (i < n && src[i] != '\0') {
		dst[i] = src[i];
		i++;
	}
	end = dst + i;
	while (i < n)
		dst[i++] = '\0';
	return end;
}

char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	stpncpy(dst, src, n);
	return dst;
}

char *strcat(char *restrict s1, const char *restrict s2)
{
	strcpy(s1 + strlen(s1), s2);
	return s1;
}

char *strncat(char *restrict s1, const char *restrict s2, size_t n)
{
	char *d = s1 + strlen(s1);

	while (n-- > 0 && *s2 != '\0')
		*d++ = *s2++;
	*d = '\0';
	return s1;
}

/* Returns strlen(src); the copy is truncated to size - 1 bytes and NUL-terminated if size > 0. */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* Returns the length of the string it tried to make: min(strlen(dst), size) + strlen(src). */
size_t strlcat(char *restrict dst, const char *restrict src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)
		return size + strlen(src);
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}

int strcmp(const char *s1, const char *s2)
{
	while (*s1 != '\0' && *s1 == *s2) {
		s1++;
		s2++;
	}
	return (unsigned char)*s1 - (unsigned char)*s2;
}

int strncmp(const char *s1, const char *s2, size_t n)
{
	for (; n > 0; n--, s1++, s2++) {
		if (*s1 != *s2)
			return (unsigned char)*s1 - (unsigned char)*s2;
		if (*s1 == '\0')
			break;
	}
	return 0;
}

int strcoll(const char *s1, const char *s2)
{
	return strcmp(s1, s2);
}

size_t strxfrm(char *restrict s1, const char *restrict s2, size_t n)
{
	return strlcpy(s1, s2, n);
}

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
	const char *found = NULL;

	for (;; s++) {
		if (*s == (char)c)
			found = s;
		if (*s == '\0')
			return (char *)found;
	}
}

char *index(const char *s, int c)
{
	return strchr(s, c);
}

char *rindex(const char *s, int c)
{
	return strrchr(s, c);
}

size_t strspn(const char *s, const char *charset)
{
	size_t n = 0;

	while (s[n] != '\0' && strchr(charset, s[n]) != NULL)
		n++;
	return n;
}

size_t strcspn(const char *s, const char *charset)
{
	size_t n = 0;

	while (s[n] != '\0' && strchr(charset, s[n]) == NULL)
		n++;
	return n;
}

char *strpbrk(const char *s, const char *charset)
{
	s += strcspn(s, charset);
	return *s != '\0' ? (char *)s : NULL;
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack != '\0' || n == 0; haystack++) {
		if (strncmp(haystack, needle, n) == 0)
			return (char *)haystack;
	}
	return NULL;
}

/* strstr within the first len bytes of haystack. */
char *strnstr(const char *haystack, const char *needle, size_t len)
{
	size_t n = strlen(needle);

	if (n == 0)
		return (char *)haystack;
	for (; len >= n && *haystack != '\0'; haystack++, len--) {
		if (strncmp(haystack, needle, n) == 0)
			return (char *)haystack;
	}
	return NULL;
}
