/*
 * <string.h> for Tessera's libSystem: the C string and memory functions, with
 * the prototypes macOS declares. Implementations live in libSystem.B.dylib.
 * strerror and strsignal-like tables carry macOS's messages. Collation is
 * the C locale's (byte order).
 */
#ifndef _STRING_H_
#define _STRING_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *memchr(const void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *b, int c, size_t len);
char *strcat(char *restrict s1, const char *restrict s2);
char *strchr(const char *s, int c);
int strcmp(const char *s1, const char *s2);
int strcoll(const char *s1, const char *s2);
char *strcpy(char *restrict dst, const char *restrict src);
size_t strcspn(const char *s, const char *charset);
char *strerror(int errnum);
size_t strlen(const char *s);
char *strncat(char *restrict s1, const char *restrict s2, size_t n);
int strncmp(const char *s1, const char *s2, size_t n);
char *strncpy(char *restrict dst, const char *restrict src, size_t n);
char *strpbrk(const char *s, const char *charset);
char *strrchr(const char *s, int c);
size_t strspn(const char *s, const char *charset);
char *strstr(const char *haystack, const char *needle);
char *strtok(char *restrict str, const char *restrict sep);
size_t strxfrm(char *restrict s1, const char *restrict s2, size_t n);

/* POSIX and BSD additions. */
void *memccpy(void *restrict dst, const void *restrict src, int c, size_t n);
void *memmem(const void *big, size_t big_len, const void *little, size_t little_len);
char *stpcpy(char *restrict dst, const char *restrict src);
char *stpncpy(char *restrict dst, const char *restrict src, size_t n);
char *strcasestr(const char *haystack, const char *needle);
char *strdup(const char *s1);
char *strndup(const char *s1, size_t n);
size_t strnlen(const char *s, size_t maxlen);
char *strnstr(const char *haystack, const char *needle, size_t len);
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);
size_t strlcat(char *restrict dst, const char *restrict src, size_t size);
char *strsep(char **stringp, const char *delim);
char *strtok_r(char *restrict str, const char *restrict sep, char **restrict lasts);
/* Returns 0, or EINVAL for an unknown number, or ERANGE if buflen is too small. */
int strerror_r(int errnum, char *strerrbuf, size_t buflen);

#ifdef __cplusplus
}
#endif

#include <strings.h>

#endif
