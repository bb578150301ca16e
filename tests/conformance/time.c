/*
 * gmtime_r, gmtime, timegm, strftime, asctime and difftime on fixed times:
 * the epoch, times before it, leap days and centuries, 2^31 seconds, far
 * years and seeded random times. Every field of struct tm is printed, then
 * each strftime conversion of the C locale, and strftime's answer when the
 * buffer is too small (0).
 *
 * Left out: local time (localtime, mktime, ctime, %s and %Z depend on the
 * time zone the system is set to), %z's sign for negative zones, the time
 * zone fields tm_zone and tm_gmtoff (glibc says "GMT", macOS "UTC"), %+ and
 * %P (each exists in one library only), time() and clock().
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "conformance.h"

static const long long times[] = {
    0,
    -1,
    1,
    86399,
    86400,
    951782400, /* 2000-02-29 */
    951868800,
    978307199,
    1234567890,
    2147483647,
    2147483648LL,
    -2147483648LL,
    -2208988800LL,  /* 1900-01-01 */
    4107542400LL,   /* 2100-02-28 */
    4107628800LL,   /* 2100-03-01 */
    253402300799LL, /* 9999-12-31 23:59:59 */
    1609459199,
    1609459200,
    1704067200,
    1735689599,
};

static const char *const formats[] = {
    "%Y-%m-%d %H:%M:%S", "%a %A %b %B %h", "%c",       "%x %X", "%D %F %T %R", "%e|%k|%l|%I|%p",
    "%j %u %w",          "%U %W %V %G %g", "%C %y %%", "%n%t|", "%r",          "%Ey %OH %EC",
};

static void show_time(time_t t)
{
	struct tm tm, *p;
	char buf[128];

	memset(&tm, 0, sizeof(tm));
	p = gmtime_r(&t, &tm);
	printf("time %lld: %s %d-%d-%d %d:%d:%d wday %d yday %d dst %d", (long long)t,
	       p == &tm ? "ok" : "failed", tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min,
	       tm.tm_sec, tm.tm_wday, tm.tm_yday, tm.tm_isdst);
	struct tm copy = tm;
	printf(" timegm %lld\n", (long long)timegm(&copy));
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		size_t n = strftime(buf, sizeof(buf), formats[f], &tm);

		printf("time %lld \"%s\": %zu [", (long long)t, formats[f], n);
		for (size_t k = 0; k < n; k++)
			printf(buf[k] >= 32 ? "%c" : "\\x%02x", (unsigned char)buf[k]);
		printf("]\n");
	}
	printf("time %lld asctime: %s", (long long)t, asctime(&tm));
}

void conf_time(void)
{
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		show_time((time_t)times[i]);

	/* timegm normalizes out-of-range fields, as mktime does. */
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 100;
	tm.tm_mon = 13;
	tm.tm_mday = 0;
	tm.tm_hour = 25;
	tm.tm_min = -61;
	tm.tm_sec = 3600;
	long long t = (long long)timegm(&tm);
	printf("time timegm normalizes: %lld %d-%d-%d %d:%d:%d wday %d yday %d\n", t, tm.tm_year,
	       tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday, tm.tm_yday);

	/* strftime returns 0 when the result and its NUL do not fit. */
	char buf[32];
	time_t epoch = 0;
	struct tm *e = gmtime(&epoch);
	for (size_t size = 0; size <= 21; size += 3)
		printf("time strftime size %zu: %zu\n", size,
		       strftime(buf, size, "%Y-%m-%d %H:%M:%S", e));
	printf("time difftime: %.1f %.1f\n", difftime(10, 4), difftime(-5, 100));

	conf_seed(1970);
	uint64_t h = CONF_HASH_INIT;
	int wrong = 0;
	for (int i = 0; i < 5000; i++) {
		time_t r = (time_t)((long long)(conf_random() % 20000000000ULL) - 5000000000LL);
		struct tm rt;
		char text[64];

		gmtime_r(&r, &rt);
		size_t n = strftime(text, sizeof(text), "%Y%m%d%H%M%S%j%u%w%U%W%V%G", &rt);
		h = conf_hash(h, text, n);
		wrong += timegm(&rt) != r;
	}
	printf("time random: %d round trips wrong, hash %016llx\n", wrong, (unsigned long long)h);
}
