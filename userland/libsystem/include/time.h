/*
 * <time.h> for Tessera's libSystem: macOS arm64 types, struct tm and the
 * clock ids with macOS's values.
 *
 * Implemented so far: the calendar arithmetic of UTC (gmtime, timegm),
 * strftime, asctime and ctime in the C locale, difftime, nanosleep (on the
 * Mach clock; never interrupted, since there are no signals yet), time and
 * the clocks. CLOCK_REALTIME is gettimeofday's (microseconds, from the
 * kernel's calendar through bsdserver; clock_settime sets it, as root).
 * The monotonic clocks all count mach_absolute_time, since the machine
 * never sleeps: CLOCK_MONOTONIC and CLOCK_MONOTONIC_RAW (macOS: with
 * sleep) equal CLOCK_UPTIME_RAW (without), and the _APPROX ones are the
 * same. The CPU-time clocks are not provided (EINVAL), nor is clock().
 *
 * There is no zone information yet: local time is UTC. localtime and
 * localtime_r are gmtime and gmtime_r (tm_zone "UTC", tm_gmtoff 0), mktime
 * is timegm, ctime formats UTC.
 */
#ifndef _TIME_H_
#define _TIME_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include <sys/_types/_time_t.h>
typedef unsigned long clock_t;

#define CLOCKS_PER_SEC 1000000

#include <sys/_types/_timespec.h>

typedef enum {
	CLOCK_REALTIME = 0,
	CLOCK_MONOTONIC_RAW = 4,
	CLOCK_MONOTONIC_RAW_APPROX = 5,
	CLOCK_MONOTONIC = 6,
	CLOCK_UPTIME_RAW = 8,
	CLOCK_UPTIME_RAW_APPROX = 9,
	CLOCK_PROCESS_CPUTIME_ID = 12,
	CLOCK_THREAD_CPUTIME_ID = 16,
} clockid_t;

struct tm {
	int tm_sec;     /* seconds after the minute [0-60] */
	int tm_min;     /* minutes after the hour [0-59] */
	int tm_hour;    /* hours since midnight [0-23] */
	int tm_mday;    /* day of the month [1-31] */
	int tm_mon;     /* months since January [0-11] */
	int tm_year;    /* years since 1900 */
	int tm_wday;    /* days since Sunday [0-6] */
	int tm_yday;    /* days since January 1 [0-365] */
	int tm_isdst;   /* Daylight Savings Time flag */
	long tm_gmtoff; /* offset from UTC in seconds */
	char *tm_zone;  /* timezone abbreviation */
};

char *asctime(const struct tm *tm);
char *asctime_r(const struct tm *restrict tm, char *restrict buf);
clock_t clock(void);
int clock_getres(clockid_t clock_id, struct timespec *res);
int clock_gettime(clockid_t clock_id, struct timespec *tp);
/* The clock's time in nanoseconds; 0 with errno EINVAL for an unknown clock. */
uint64_t clock_gettime_nsec_np(clockid_t clock_id);
int clock_settime(clockid_t clock_id, const struct timespec *tp);
char *ctime(const time_t *clock);
char *ctime_r(const time_t *clock, char *buf);
double difftime(time_t t1, time_t t0);
struct tm *gmtime(const time_t *clock);
struct tm *gmtime_r(const time_t *restrict clock, struct tm *restrict result);
struct tm *localtime(const time_t *clock);
struct tm *localtime_r(const time_t *restrict clock, struct tm *restrict result);
time_t mktime(struct tm *tm);
int nanosleep(const struct timespec *req, struct timespec *rem);
size_t strftime(char *restrict s, size_t maxsize, const char *restrict format,
                const struct tm *restrict tm);
time_t time(time_t *tloc);
time_t timegm(struct tm *tm);

#ifdef __cplusplus
}
#endif

#endif
