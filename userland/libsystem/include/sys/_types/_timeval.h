/* struct timeval, for every header that needs it: macOS arm64's layout (16 bytes). */
#ifndef _STRUCT_TIMEVAL
#define _STRUCT_TIMEVAL
#include <stdint.h>
#include <sys/_types/_time_t.h>
struct timeval {
	time_t tv_sec;
	int32_t tv_usec; /* suseconds_t */
};
#endif
