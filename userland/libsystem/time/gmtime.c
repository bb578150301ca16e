/*
 * UTC calendar arithmetic: gmtime, gmtime_r, timegm, difftime. Days are
 * counted in the proleptic Gregorian calendar through 400-year eras (146097
 * days each), with years starting on March 1 so that the leap day is last.
 */
#include <errno.h>
#include <limits.h>
#include <time.h>

#include "time/calendar.h"

#define SECS_PER_DAY 86400L

/* Days since 1970-01-01 of year-month-day (month 1-12). */
static long days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The civil date of days since 1970-01-01. */
static void civil_from_days(long z, long *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

struct tm *gmtime_r(const time_t *restrict clock, struct tm *restrict result)
{
	long t = *clock, days = t / SECS_PER_DAY, secs = t % SECS_PER_DAY, y;
	int m, d;

	if (secs < 0) {
		secs += SECS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y - 1900 > INT_MAX || y - 1900 < INT_MIN) {
		errno = EOVERFLOW;
		return NULL;
	}
	result->tm_year = (int)(y - 1900);
	result->tm_mon = m - 1;
	result->tm_mday = d;
	result->tm_hour = (int)(secs / 3600);
	result->tm_min = (int)(secs / 60 % 60);
	result->tm_sec = (int)(secs % 60);
	/* 1970-01-01 was a Thursday. */
	result->tm_wday = (int)((days % 7 + 11) % 7);
	result->tm_yday = (int)(days - days_from_civil(y, 1, 1));
	result->tm_isdst = 0;
	result->tm_gmtoff = 0;
	result->tm_zone = "UTC";
	return result;
}

struct tm *gmtime(const time_t *clock)
{
	static struct tm tm;

	return gmtime_r(clock, &tm);
}

/* Normalizes out-of-range fields (tm_mon 14, tm_mday 0, ...) and fills tm_wday and tm_yday. */
time_t timegm(struct tm *tm)
{
	long mon = tm->tm_mon, year = (long)tm->tm_year + 1900 + mon / 12;
	time_t t;

	mon %= 12;
	if (mon < 0) {
		mon += 12;
		year--;
	}
	t = (time_t)days_from_civil(year, (int)mon + 1, 1) + tm->tm_mday - 1;
	t = t * SECS_PER_DAY + (time_t)tm->tm_hour * 3600 + (time_t)tm->tm_min * 60 + tm->tm_sec;
	if (gmtime_r(&t, tm) == NULL)
		return -1;
	return t;
}

double difftime(time_t t1, time_t t0)
{
	return (double)t1 - (double)t0;
}

int time_is_leap(long year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}
