/*
 * Forced into mach/libkern/string.c (-include) for the host test: renames
 * every function it defines to kstring_*.  kstring.h comes first, so the
 * compiler checks its declarations against libkern's <string.h>, which
 * string.c then includes under the new names.
 */
#include "tests/host/libkern/kstring.h"

#define memcpy  kstring_memcpy
#define memmove kstring_memmove
#define memset  kstring_memset
#define memcmp  kstring_memcmp
#define memchr  kstring_memchr
#define strlen  kstring_strlen
#define strnlen kstring_strnlen
#define strcmp  kstring_strcmp
#define strncmp kstring_strncmp
#define strchr  kstring_strchr
#define strrchr kstring_strrchr
#define strlcpy kstring_strlcpy
#define strlcat kstring_strlcat
