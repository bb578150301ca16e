/*
 * The $DARWIN_EXTSN names macOS's headers select under _DARWIN_C_SOURCE
 * ("unlimited streams"). libSystem has no limit on streams, so each is the
 * plain function under a second symbol name. fopen$DARWIN_EXTSN joins fdopen's
 * when fopen arrives with the file system calls.
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
