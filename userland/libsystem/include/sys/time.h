/*
 * <sys/time.h> for Tessera's libSystem: struct timeval and struct
 * timezone with macOS arm64's layouts, gettimeofday and settimeofday (BSD
 * calls 116 and 122, answered by bsdserver from the kernel's calendar
 * clock), and the timeval macros.
 *
 * The time is UTC: there is no zone information yet, so the timezone
 * gettimeofday fills is all zeros, as XNU's usually is, and a timezone
 * given to settimeofday is ignored. settimeofday needs an effective user
 * id of 0 (EPERM otherwise). The interval timers (getitimer, setitimer)
 * and utimes are not provided yet.
 */
#ifndef _SYS_TIME_H_
#define _SYS_TIME_H_

#include <sys/_types/_timespec.h>
#include <sys/_types/_timeval.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

struct timezone {
	int tz_minuteswest; /* minutes west of Greenwich */
	int tz_dsttime;     /* type of daylight saving correction */
};

#define timerclear(tvp) ((tvp)->tv_sec = (tvp)->tv_usec = 0)
#define timerisset(tvp) ((tvp)->tv_sec || (tvp)->tv_usec)
#define timercmp(tvp, uvp, cmp)                                                                    \
	(((tvp)->tv_sec == (uvp)->tv_sec) ? ((tvp)->tv_usec cmp(uvp)->tv_usec)                     \
	                                  : ((tvp)->tv_sec cmp(uvp)->tv_sec))
#define timeradd(tvp, uvp, vvp)                                                                    \
	do {                                                                                       \
		(vvp)->tv_sec = (tvp)->tv_sec + (uvp)->tv_sec;                                     \
		(vvp)->tv_usec = (tvp)->tv_usec + (uvp)->tv_usec;                                  \
		if ((vvp)->tv_usec >= 1000000) {                                                   \
			(vvp)->tv_sec++;                                                           \
			(vvp)->tv_usec -= 1000000;                                                 \
		}                                                                                  \
	} while (0)
#define timersub(tvp, uvp, vvp)                                                                    \
	do {                                                                                       \
		(vvp)->tv_sec = (tvp)->tv_sec - (uvp)->tv_sec;                                     \
		(vvp)->tv_usec = (tvp)->tv_usec - (uvp)->tv_usec;                                  \
		if ((vvp)->tv_usec < 0) {                                                          \
			(vvp)->tv_sec--;                                                           \
			(vvp)->tv_usec += 1000000;                                                 \
		}                                                                                  \
	} while (0)

#define TIMEVAL_TO_TIMESPEC(tv, ts)                                                                \
	do {                                                                                       \
		(ts)->tv_sec = (tv)->tv_sec;                                                       \
		(ts)->tv_nsec = (tv)->tv_usec * 1000;                                              \
	} while (0)
#define TIMESPEC_TO_TIMEVAL(tv, ts)                                                                \
	do {                                                                                       \
		(tv)->tv_sec = (ts)->tv_sec;                                                       \
		(tv)->tv_usec = (int32_t)((ts)->tv_nsec / 1000);                                   \
	} while (0)

int gettimeofday(struct timeval *restrict tp, void *restrict tzp);
int settimeofday(const struct timeval *tp, const struct timezone *tzp);

#ifdef __cplusplus
}
#endif

#endif
