/* off_t, for every header that needs it (macOS: 64 bits). */
#ifndef _OFF_T
#define _OFF_T
typedef long long off_t;
#endif
