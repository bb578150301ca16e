/*
 * The $DARWIN_EXTSN names macOS's headers select under _DARWIN_C_SOURCE
 * ("unlimited streams"). libSystem has no limit on streams, so each is the
 * plain function under a second symbol name.
 */
#include <stdio.h>

#define EXTSN_STR2(x)   #x
#define EXTSN_STR(x)    EXTSN_STR2(x)
#define EXTSN_NAME(sym) EXTSN_STR(__USER_LABEL_PREFIX__) sym

FILE *fdopen_extsn(int fd, const char *mode) __asm__(EXTSN_NAME("fdopen$DARWIN_EXTSN"));

FILE *fdopen_extsn(int fd, const char *mode)
{
	return fdopen(fd, mode);
}

FILE *fopen_extsn(const char *restrict path,
                  const char *restrict mode) __asm__(EXTSN_NAME("fopen$DARWIN_EXTSN"));

FILE *fopen_extsn(const char *restrict path, const char *restrict mode)
{
	return fopen(path, mode);
}
