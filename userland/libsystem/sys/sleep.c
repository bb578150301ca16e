/*
 * nanosleep, usleep and sleep (<time.h>, <unistd.h>): waits on the Mach
 * clock (mach_wait_until) rather than a BSD call; with no signals yet a
 * sleep is never interrupted, so nanosleep's remainder is always zero.
 */
#include <errno.h>
#include <mach/mach_time.h>
#include <time.h>
#include <unistd.h>

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	mach_timebase_info_data_t tb;
	uint64_t ns, ticks, now;

	if (req == NULL || req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000) {
		errno = EINVAL;
		return -1;
	}
	if (mach_timebase_info(&tb) != KERN_SUCCESS || tb.numer == 0) {
		errno = EINVAL;
		return -1;
	}
	/* Past about 584 years the counts overflow; a deadline at the end of time is as good. */
	if ((uint64_t)req->tv_sec > UINT64_MAX / 1000000000 - 1)
		ns = UINT64_MAX;
	else
		ns = (uint64_t)req->tv_sec * 1000000000 + (uint64_t)req->tv_nsec;
	if (ns / tb.numer > UINT64_MAX / tb.denom)
		ticks = UINT64_MAX;
	else
		ticks = ns / tb.numer * tb.denom + ns % tb.numer * tb.denom / tb.numer;
	now = mach_absolute_time();
	mach_wait_until(ticks > UINT64_MAX - now ? UINT64_MAX : now + ticks);
	if (rem != NULL) {
		rem->tv_sec = 0;
		rem->tv_nsec = 0;
	}
	return 0;
}

int usleep(useconds_t usec)
{
	struct timespec t = {usec / 1000000, (long)(usec % 1000000) * 1000};

	return nanosleep(&t, NULL);
}

unsigned int sleep(unsigned int seconds)
{
	struct timespec t = {seconds, 0};

	return nanosleep(&t, NULL) == 0 ? 0 : seconds;
}
