/*
 * libSystem's UTC calendar (gmtime_r, timegm), strftime and asctime against
 * glibc's, and its local time (localtime, mktime, ctime: UTC until there
 * are zone files) against glibc's with TZ=UTC, over every conversion and seeded random times from year -9999 to
 * 99999, plus field normalization by timegm. glibc is strftime's oracle
 * from year 1000 on: before year 0 %C and %y truncate toward zero as on
 * macOS (glibc floors), and %C is always two digits as C says (glibc prints
 * "0" for year 36); those are checked by themselves.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host/check.h"
#include "ts.h"

static void same_tm(const struct tm *a, const struct tm *b)
{
	CHECK(a->tm_sec == b->tm_sec && a->tm_min == b->tm_min && a->tm_hour == b->tm_hour);
	CHECK(a->tm_mday == b->tm_mday && a->tm_mon == b->tm_mon && a->tm_year == b->tm_year);
	CHECK(a->tm_wday == b->tm_wday && a->tm_yday == b->tm_yday && a->tm_gmtoff == b->tm_gmtoff);
}

static void test_strftime(const struct tm *tm)
{
	static const char *const fmts[] = {
	    "%a %A %b %B %h",
	    "%c",
	    "%C %y %Y",
	    "%d %e %j",
	    "%D %F %x",
	    "%H %I %k %l %p",
	    "%M %S %T %R %r",
	    "%u %w %U %W",
	    "%V %G %g",
	    "%n%t%%",
	    "%X",
	    "%Ey %OH",
	    "%z",
	    "[%Y-%m-%dT%H:%M:%S]",
	};
	char got[256], want[256];

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		size_t n1 = ts_strftime(got, sizeof(got), fmts[i], tm);
		size_t n2 = strftime(want, sizeof(want), fmts[i], tm);

		if (n1 != n2 || strcmp(got, want) != 0) {
			fprintf(stderr, "strftime(\"%s\") year %d yday %d: \"%s\", glibc \"%s\"\n",
			        fmts[i], tm->tm_year + 1900, tm->tm_yday, got, want);
			abort();
		}
	}
}

int main(void)
{
	unsigned long long seed = 1970;
	struct tm a, b;
	char buf[64], buf2[64];

	/* Every day around the epoch and around leap-year boundaries. */
	for (long day = -800; day < 800; day++) {
		time_t t = day * 86400 + day * 37 % 86400;

		CHECK(ts_gmtime_r(&t, &a) != NULL && gmtime_r(&t, &b) != NULL);
		same_tm(&a, &b);
		test_strftime(&a);
	}
	for (int iter = 0; iter < 200000; iter++) {
		/* Years -9999 to 99999. */
		time_t t = (time_t)(test_rand(&seed) % 3470000000000ULL) - 377705116800LL;

		CHECK(ts_gmtime_r(&t, &a) != NULL && gmtime_r(&t, &b) != NULL);
		same_tm(&a, &b);
		CHECK(ts_timegm(&a) == t);
		if (iter % 8 == 0 && a.tm_year >= 1000 - 1900)
			test_strftime(&a);
		/* timegm normalizes out-of-range fields as glibc's does. */
		b.tm_mon += (int)(test_rand(&seed) % 40) - 20;
		b.tm_mday += (int)(test_rand(&seed) % 100) - 50;
		b.tm_sec += (int)(test_rand(&seed) % 200000) - 100000;
		a = b;
		CHECK(ts_timegm(&a) == timegm(&b));
		same_tm(&a, &b);
	}
	time_t t = 117000000;
	gmtime_r(&t, &b);
	CHECK(strcmp(ts_asctime_r(&b, buf), asctime_r(&b, buf2)) == 0);
	b.tm_year = 10000;
	CHECK(ts_asctime_r(&b, buf) == NULL);
	CHECK(ts_strftime(buf, 5, "%Y-%m", &b) == 0);
	CHECK(ts_difftime(10, 4) == 6.0);
	b.tm_year = -6939 - 1900;
	CHECK(ts_strftime(buf, sizeof(buf), "%C %y %Y", &b) == 12 &&
	      strcmp(buf, "-69 39 -6939") == 0);
	b.tm_year = 36 - 1900;
	CHECK(ts_strftime(buf, sizeof(buf), "%C %y %Y", &b) == 8 && strcmp(buf, "00 36 36") == 0);
	b.tm_year = -5 - 1900;
	CHECK(ts_strftime(buf, sizeof(buf), "%C%y", &b) == 4 && strcmp(buf, "-005") == 0);
	t = LONG_MAX;
	CHECK(ts_gmtime_r(&t, &a) == NULL);
	CHECK(ts_localtime_r(&t, &a) == NULL && ts_ctime_r(&t, buf) == NULL && ts_ctime(&t) == NULL);

	/* Local time is UTC: glibc's with TZ=UTC is the oracle. */
	CHECK(setenv("TZ", "UTC", 1) == 0);
	tzset();
	for (int iter = 0; iter < 20000; iter++) {
		t = (time_t)(test_rand(&seed) % 8000000000ULL) - 2000000000LL;
		CHECK(ts_localtime_r(&t, &a) != NULL && localtime_r(&t, &b) != NULL);
		same_tm(&a, &b);
		CHECK(a.tm_isdst == 0 && strcmp(a.tm_zone, "UTC") == 0);
		CHECK(ts_localtime(&t) != NULL);
		same_tm(ts_localtime(&t), &b);
		CHECK(strcmp(ts_ctime_r(&t, buf), ctime_r(&t, buf2)) == 0);
		CHECK(strcmp(ts_ctime(&t), buf2) == 0);
		b.tm_mday += (int)(test_rand(&seed) % 100) - 50;
		b.tm_hour += (int)(test_rand(&seed) % 100) - 50;
		a = b;
		CHECK(ts_mktime(&a) == mktime(&b));
		same_tm(&a, &b);
	}
	printf("time_test: ok\n");
	return 0;
}
