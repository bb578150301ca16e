/*
 * <time.h> for Tessera's libSystem: macOS arm64 types and struct tm.
 *
 * Implemented so far: the calendar arithmetic of UTC (gmtime, timegm),
 * strftime and asctime in the C locale, difftime, and nanosleep (on the
 * Mach clock; never interrupted, since there are no signals yet). The
 * clock and the local time zone (time, clock, localtime, mktime, ctime)
 * come with the system calls and the zone files.
 */
#ifndef _TIME_H_
#define _TIME_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#include <sys/_types/_time_t.h>
typedef unsigned long clock_t;

#define CLOCKS_PER_SEC 1000000

#include <sys/_types/_timespec.h>

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
char *ctime(const time_t *clock);
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
