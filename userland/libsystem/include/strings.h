/*
 * <strings.h> for Tessera's libSystem: the BSD string functions, with the
 * prototypes macOS declares. Case folding is the C locale's (ASCII).
 */
#ifndef _STRINGS_H_
#define _STRINGS_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int bcmp(const void *a, const void *b, size_t n);
void bcopy(const void *src, void *dst, size_t n);
void bzero(void *s, size_t n);
int ffs(int i);
int ffsl(long i);
int ffsll(long long i);
int fls(int i);
int flsl(long i);
int flsll(long long i);
char *index(const char *s, int c);
char *rindex(const char *s, int c);
int strcasecmp(const char *s1, const char *s2);
int strncasecmp(const char *s1, const char *s2, size_t n);

#ifdef __cplusplus
}
#endif

#endif
