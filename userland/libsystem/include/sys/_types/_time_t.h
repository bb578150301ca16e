/* time_t, for every header that needs it (macOS arm64: long). */
#ifndef _TIME_T
#define _TIME_T
typedef long time_t;
#endif
