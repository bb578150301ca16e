/*
 * The time of day through libSystem, run as /sbin/init by bsdserver
 * (libsystem_time_test.sh, which sets QEMU's RTC and checks the printed
 * dates): time, gettimeofday (the timezone zeroed, a bad pointer refused),
 * clock_gettime, clock_getres and clock_gettime_nsec_np for every clock,
 * ctime, localtime and strftime, settimeofday as root, and arc4random.
 * Checks that need no known date are made here; each failure prints
 * "check N failed", and the program exits 0 when all passed.
 */
#include <errno.h>
#include <mach/mach_time.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define NSEC_PER_SEC 1000000000ull

static int failures;

static void check(int ok, int n)
{
	if (!ok) {
		printf("libsystem_time: check %d failed\n", n);
		failures++;
	}
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
}

static void wall_clock(void)
{
	time_t t = time(NULL), t2 = 0;
	struct timeval tv;
	struct timezone tz = {123, 456};
	char buf[64];

	printf("libsystem_time: time() = %ld\n", (long)t);
	check(t >= 0 && time(&t2) >= t && t2 >= t, 1);

	check(gettimeofday(&tv, &tz) == 0, 2);
	check(tv.tv_sec >= t && tv.tv_sec <= t + 5 && tv.tv_usec >= 0 && tv.tv_usec < 1000000, 2);
	check(tz.tz_minuteswest == 0 && tz.tz_dsttime == 0, 2);
	check(gettimeofday(NULL, NULL) == 0, 2);
	errno = 0;
	check(gettimeofday((struct timeval *)8, NULL) == -1 && errno == EFAULT, 3);

	ctime_r(&t, buf);
	printf("libsystem_time: ctime %s", buf);
	struct tm tm;
	check(localtime_r(&t, &tm) == &tm && strcmp(tm.tm_zone, "UTC") == 0 && tm.tm_gmtoff == 0,
	      4);
	check(mktime(&tm) == t, 4);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %Z", &tm);
	printf("libsystem_time: localtime %s\n", buf);
}

static void clocks(void)
{
	static const struct {
		clockid_t id;
		const char *name;
	} ids[] = {
	    {CLOCK_REALTIME, "CLOCK_REALTIME"},
	    {CLOCK_MONOTONIC, "CLOCK_MONOTONIC"},
	    {CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW"},
	    {CLOCK_MONOTONIC_RAW_APPROX, "CLOCK_MONOTONIC_RAW_APPROX"},
	    {CLOCK_UPTIME_RAW, "CLOCK_UPTIME_RAW"},
	    {CLOCK_UPTIME_RAW_APPROX, "CLOCK_UPTIME_RAW_APPROX"},
	};
	struct timespec a, b, res;
	mach_timebase_info_data_t tb;

	check(mach_timebase_info(&tb) == KERN_SUCCESS, 5);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		check(clock_gettime(ids[i].id, &a) == 0 && clock_gettime(ids[i].id, &b) == 0, 5);
		check(ts_ns(&b) >= ts_ns(&a) && a.tv_nsec >= 0 && a.tv_nsec < (long)NSEC_PER_SEC,
		      5);
		uint64_t ns = clock_gettime_nsec_np(ids[i].id);
		check(ns >= ts_ns(&b) && ns - ts_ns(&b) < NSEC_PER_SEC, 6);
		check(clock_getres(ids[i].id, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0, 7);
		printf("libsystem_time: %s %ld.%09ld, resolution %ld ns\n", ids[i].name,
		       (long)a.tv_sec, a.tv_nsec, res.tv_nsec);
	}
	/* The realtime clock agrees with time(); the monotonic ones with mach_absolute_time. */
	check(clock_gettime(CLOCK_REALTIME, &a) == 0 && a.tv_sec - time(NULL) <= 1, 8);
	uint64_t before = mach_absolute_time() * tb.numer / tb.denom;
	uint64_t mono = clock_gettime_nsec_np(CLOCK_UPTIME_RAW);
	uint64_t after = mach_absolute_time() * tb.numer / tb.denom;
	check(before <= mono && mono <= after, 8);
	check(clock_getres(CLOCK_REALTIME, &res) == 0 && res.tv_nsec == 1000, 8);

	/* A sleep moves both kinds of clock by about as much. */
	uint64_t m0 = clock_gettime_nsec_np(CLOCK_MONOTONIC);
	uint64_t r0 = clock_gettime_nsec_np(CLOCK_REALTIME);
	struct timespec nap = {0, 50000000};
	check(nanosleep(&nap, NULL) == 0, 9);
	uint64_t m1 = clock_gettime_nsec_np(CLOCK_MONOTONIC);
	uint64_t r1 = clock_gettime_nsec_np(CLOCK_REALTIME);
	check(m1 - m0 >= 50000000 && r1 - r0 >= 49000000 && r1 - r0 < m1 - m0 + 2000000, 9);

	/* Clocks not provided. */
	errno = 0;
	check(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a) == -1 && errno == EINVAL, 10);
	errno = 0;
	check(clock_gettime((clockid_t)99, &a) == -1 && errno == EINVAL, 10);
	errno = 0;
	check(clock_gettime_nsec_np(CLOCK_THREAD_CPUTIME_ID) == 0 && errno == EINVAL, 10);
	errno = 0;
	check(clock_getres((clockid_t)99, &res) == -1 && errno == EINVAL, 10);
}

/* As root (init is uid 0): the calendar moves to 2040-02-29 12:00:00 UTC and runs on from there. */
static void set_time(void)
{
	struct timeval tv = {2214129600, 250000}, now;
	char buf[64];

	check(settimeofday(&tv, NULL) == 0, 11);
	check(gettimeofday(&now, NULL) == 0 && now.tv_sec >= tv.tv_sec &&
	          now.tv_sec < tv.tv_sec + 5,
	      11);
	time_t t = now.tv_sec;
	ctime_r(&t, buf);
	printf("libsystem_time: after settimeofday, ctime %s", buf);
	tv.tv_usec = 1000000;
	errno = 0;
	check(settimeofday(&tv, NULL) == -1 && errno == EINVAL, 12);
	tv.tv_sec = -1;
	tv.tv_usec = 0;
	errno = 0;
	check(settimeofday(&tv, NULL) == -1 && errno == EPERM, 12);
	errno = 0;
	check(settimeofday((struct timeval *)8, NULL) == -1 && errno == EFAULT, 12);
	check(settimeofday(NULL, NULL) == 0, 12);
	struct timespec ts = {2214129600, 0};
	check(clock_settime(CLOCK_REALTIME, &ts) == 0, 13);
	errno = 0;
	check(clock_settime(CLOCK_MONOTONIC, &ts) == -1 && errno == EINVAL, 13);
}

static void random_numbers(void)
{
	uint32_t a = arc4random(), b = arc4random(), c = arc4random();
	unsigned hits[10] = {0};
	uint8_t buf1[1000], buf2[1000];

	check(!(a == b && b == c), 14);
	for (int i = 0; i < 2000; i++) {
		uint32_t r = arc4random_uniform(10);
		check(r < 10, 15);
		if (r < 10)
			hits[r]++;
	}
	for (int i = 0; i < 10; i++)
		check(hits[i] > 100, 15); /* each about 200 */
	check(arc4random_uniform(0) == 0 && arc4random_uniform(1) == 0, 15);
	for (int i = 0; i < 100; i++)
		check(arc4random_uniform(0x80000001u) <= 0x80000000u, 15);
	arc4random_buf(buf1, sizeof(buf1));
	arc4random_buf(buf2, sizeof(buf2));
	check(memcmp(buf1, buf2, sizeof(buf1)) != 0, 16);
	unsigned ones = 0;
	for (size_t i = 0; i < sizeof(buf1); i++)
		ones += (unsigned)__builtin_popcount(buf1[i]);
	check(ones > 3700 && ones < 4300, 16); /* 4000 expected, standard deviation 45 */
	/* Past the reseed interval (1 MiB) without trouble. */
	for (int i = 0; i < 1200; i++)
		arc4random_buf(buf1, sizeof(buf1));
	printf("libsystem_time: arc4random 0x%08x 0x%08x 0x%08x\n", a, b, c);
}

int main(void)
{
	wall_clock();
	clocks();
	set_time();
	random_numbers();
	if (failures == 0)
		printf("libsystem_time: all checks passed\n");
	return failures == 0 ? 0 : 1;
}
