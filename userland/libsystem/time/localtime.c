/*
 * Local time (<time.h>) while there is no zone information: the local zone
 * is UTC, so localtime is gmtime, mktime is timegm, and ctime formats UTC.
 */
#include <time.h>

struct tm *localtime_r(const time_t *restrict clock, struct tm *restrict result)
{
	return gmtime_r(clock, result);
}

struct tm *localtime(const time_t *clock)
{
	static struct tm tm;

	return gmtime_r(clock, &tm);
}

time_t mktime(struct tm *tm)
{
	/* A tm_isdst asking for summer time changes nothing: UTC has none. */
	return timegm(tm);
}

char *ctime_r(const time_t *clock, char *buf)
{
	struct tm tm;

	return localtime_r(clock, &tm) ? asctime_r(&tm, buf) : NULL;
}

char *ctime(const time_t *clock)
{
	struct tm tm;

	return localtime_r(clock, &tm) ? asctime(&tm) : NULL;
}
