/*
 * The clocks of <time.h> and gettimeofday (<sys/time.h>). CLOCK_REALTIME
 * is the time of day from bsdserver (the kernel's calendar clock), with
 * gettimeofday's microseconds, as on macOS. Every monotonic clock is
 * mach_absolute_time in nanoseconds: Tessera never sleeps, so the clocks
 * macOS keeps apart (with and without sleep) agree.
 */
#include <errno.h>
#include <mach/mach_time.h>
#include <stdatomic.h>
#include <sys/time.h>
#include <time.h>

#include "sys/stubs.h"

#define NSEC_PER_SEC  1000000000ull
#define NSEC_PER_USEC 1000ull

/* mach_timebase_info, asked once: numer in the high half, denom in the low; 0 until asked. */
static _Atomic uint64_t timebase;

static int timebase_get(uint32_t *numer, uint32_t *denom)
{
	uint64_t tb = atomic_load_explicit(&timebase, memory_order_relaxed);

	if (tb == 0) {
		mach_timebase_info_data_t info;
		if (mach_timebase_info(&info) != KERN_SUCCESS || info.numer == 0 || info.denom == 0)
			return -1;
		tb = (uint64_t)info.numer << 32 | info.denom;
		atomic_store_explicit(&timebase, tb, memory_order_relaxed);
	}
	*numer = (uint32_t)(tb >> 32);
	*denom = (uint32_t)tb;
	return 0;
}

static int is_monotonic(clockid_t clock_id)
{
	return clock_id == CLOCK_MONOTONIC || clock_id == CLOCK_MONOTONIC_RAW ||
	       clock_id == CLOCK_MONOTONIC_RAW_APPROX || clock_id == CLOCK_UPTIME_RAW ||
	       clock_id == CLOCK_UPTIME_RAW_APPROX;
}

/* Nanoseconds on `clock_id`, or -1 with errno set. */
static int clock_ns(clockid_t clock_id, uint64_t *ns)
{
	uint32_t numer, denom;

	if (clock_id == CLOCK_REALTIME) {
		struct timeval tv;
		if (gettimeofday(&tv, NULL) != 0)
			return -1;
		*ns = (uint64_t)tv.tv_sec * NSEC_PER_SEC + (uint64_t)tv.tv_usec * NSEC_PER_USEC;
		return 0;
	}
	if (!is_monotonic(clock_id) || timebase_get(&numer, &denom) != 0) {
		errno = EINVAL;
		return -1;
	}
	uint64_t t = mach_absolute_time();
	/* Split so that years of ticks times numer do not overflow. */
	*ns = t / denom * numer + t % denom * numer / denom;
	return 0;
}

int gettimeofday(struct timeval *restrict tp, void *restrict tzp)
{
	return sys_gettimeofday(tp, tzp, NULL) == 0 ? 0 : -1;
}

time_t time(time_t *tloc)
{
	struct timeval tv;

	if (gettimeofday(&tv, NULL) != 0)
		return -1;
	if (tloc != NULL)
		*tloc = tv.tv_sec;
	return tv.tv_sec;
}

int clock_gettime(clockid_t clock_id, struct timespec *tp)
{
	uint64_t ns;

	if (clock_ns(clock_id, &ns) != 0)
		return -1;
	tp->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	tp->tv_nsec = (long)(ns % NSEC_PER_SEC);
	return 0;
}

uint64_t clock_gettime_nsec_np(clockid_t clock_id)
{
	uint64_t ns;

	return clock_ns(clock_id, &ns) == 0 ? ns : 0;
}

int clock_getres(clockid_t clock_id, struct timespec *res)
{
	uint32_t numer, denom;
	long ns;

	if (clock_id == CLOCK_REALTIME) {
		ns = NSEC_PER_USEC;
	} else if (is_monotonic(clock_id) && timebase_get(&numer, &denom) == 0) {
		/* One tick, rounded up to whole nanoseconds. */
		ns = (long)((numer + denom - 1) / denom);
	} else {
		errno = EINVAL;
		return -1;
	}
	if (res != NULL) {
		res->tv_sec = 0;
		res->tv_nsec = ns;
	}
	return 0;
}

int clock_settime(clockid_t clock_id, const struct timespec *tp)
{
	if (clock_id != CLOCK_REALTIME || tp == NULL || tp->tv_nsec < 0 ||
	    tp->tv_nsec >= (long)NSEC_PER_SEC) {
		errno = EINVAL;
		return -1;
	}
	struct timeval tv = {tp->tv_sec, (int32_t)(tp->tv_nsec / NSEC_PER_USEC)};
	return settimeofday(&tv, NULL);
}
