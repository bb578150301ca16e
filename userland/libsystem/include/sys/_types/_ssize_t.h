/* ssize_t, for every header that needs it (macOS arm64: long). */
#ifndef _SSIZE_T
#define _SSIZE_T
typedef long ssize_t;
#endif
