/* struct timespec, for every header that needs it. */
#ifndef _STRUCT_TIMESPEC
#define _STRUCT_TIMESPEC
#include <sys/_types/_time_t.h>
struct timespec {
	time_t tv_sec;
	long tv_nsec;
};
#endif
