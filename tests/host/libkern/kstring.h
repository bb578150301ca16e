/*
 * libkern's string functions under the kstring_ names that rename.h gives
 * them, so that a host test can call them beside the C library's own.
 */
#ifndef TESTS_HOST_LIBKERN_KSTRING_H
#define TESTS_HOST_LIBKERN_KSTRING_H

#include <stddef.h>

void *kstring_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *kstring_memmove(void *dst, const void *src, size_t n);
void *kstring_memset(void *dst, int c, size_t n);
int kstring_memcmp(const void *a, const void *b, size_t n);
void *kstring_memchr(const void *s, int c, size_t n);
size_t kstring_strlen(const char *s);
size_t kstring_strnlen(const char *s, size_t maxlen);
int kstring_strcmp(const char *a, const char *b);
int kstring_strncmp(const char *a, const char *b, size_t n);
char *kstring_strchr(const char *s, int c);
char *kstring_strrchr(const char *s, int c);
size_t kstring_strlcpy(char *restrict dst, const char *restrict src, size_t size);
size_t kstring_strlcat(char *restrict dst, const char *restrict src, size_t size);

#endif /* TESTS_HOST_LIBKERN_KSTRING_H */
