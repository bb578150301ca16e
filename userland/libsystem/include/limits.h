/*
 * <limits.h> for Tessera's libSystem: macOS arm64 values (LP64, signed char).
 */
#ifndef _LIMITS_H_
#define _LIMITS_H_

#define CHAR_BIT   8
#define MB_LEN_MAX 6
#define SCHAR_MAX  127
#define SCHAR_MIN  (-128)
#define UCHAR_MAX  255
#define CHAR_MAX   127
#define CHAR_MIN   (-128)
#define USHRT_MAX  65535
#define SHRT_MAX   32767
#define SHRT_MIN   (-32768)
#define UINT_MAX   0xffffffffU
#define INT_MAX    2147483647
#define INT_MIN    (-2147483647 - 1)
#define ULONG_MAX  0xffffffffffffffffUL
#define LONG_MAX   0x7fffffffffffffffL
#define LONG_MIN   (-0x7fffffffffffffffL - 1)
#define ULLONG_MAX 0xffffffffffffffffULL
#define LLONG_MAX  0x7fffffffffffffffLL
#define LLONG_MIN  (-0x7fffffffffffffffLL - 1)
#define SSIZE_MAX  LONG_MAX
#define LONG_BIT   64
#define WORD_BIT   32

#define ARG_MAX     (1024 * 1024)
#define CHILD_MAX   266
#define LINE_MAX    2048
#define NAME_MAX    255
#define NGROUPS_MAX 16
#define OPEN_MAX    10240
#define PATH_MAX    1024
#define PIPE_BUF    512
#define NZERO       20

#endif
