/*
 * The kernel's <string.h>: the ISO C memory and string functions plus the
 * BSD strlcpy/strlcat, implemented in mach/libkern/string.c.
 *
 * None of these allocate, sleep or take locks; any context may call them.
 * Overlapping buffers are allowed only for memmove.
 */
#ifndef LIBKERN_STRING_H
#define LIBKERN_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/*
 * Copy src into the size-byte buffer dst, truncating if needed; dst is
 * NUL-terminated whenever size > 0.  Returns strlen(src), so truncation
 * happened iff the result is >= size.
 */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);

/*
 * Append src to the string in the size-byte buffer dst, truncating if needed
 * and NUL-terminating unless dst held no NUL within size bytes.  Returns the
 * length the concatenation would have had: strnlen(dst, size) + strlen(src).
 */
size_t strlcat(char *restrict dst, const char *restrict src, size_t size);

#endif /* LIBKERN_STRING_H */
