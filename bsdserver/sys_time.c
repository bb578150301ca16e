/*
 * The time of day, from the kernel's calendar clock (mach/kern/clock.c):
 * gettimeofday (XNU number 116) and settimeofday (122). The clock ports
 * are asked for once, at the first call: the calendar's service port on
 * the plain host port, its control port on host_priv.
 *
 * As XNU's: gettimeofday(tp, tzp, mach_time) writes whichever of the three
 * pointers is not NULL (the timezone is all zeros: no zone information
 * yet) and returns 0; settimeofday needs euid 0 (EPERM), reads both
 * pointers before changing anything, refuses a time before the epoch
 * (EPERM) and ignores the timezone. Microseconds out of range are EINVAL,
 * and so are seconds past the calendar's 32-bit range.
 */
#include <errno.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include <stdint.h>
#include <string.h>

#include "bsdserver/bsdserver.h"
#include "bsdserver/copyio.h"
#include "bsdserver/syscalls.h"

/* struct timeval and struct timezone as a 64-bit macOS process has them. */
struct user_timeval {
	int64_t tv_sec;
	int32_t tv_usec;
	int32_t pad;
};

struct user_timezone {
	int32_t tz_minuteswest;
	int32_t tz_dsttime;
};

static mach_port_t calendar; /* CALENDAR_CLOCK's service port, once asked */
static mach_port_t control;  /* its control port, once asked */

static int calendar_now(mach_timespec_t *now)
{
	if (calendar == MACH_PORT_NULL &&
	    host_get_clock_service(bsd.host, CALENDAR_CLOCK, &calendar) != KERN_SUCCESS) {
		calendar = MACH_PORT_NULL;
		return EIO;
	}
	return clock_get_time(calendar, now) == KERN_SUCCESS ? 0 : EIO;
}

int sys_gettimeofday(struct sys_call *call)
{
	uint64_t tp = call->args[0], tzp = call->args[1], mach_time = call->args[2];
	mach_timespec_t now;
	int error;

	if (tp != 0 || mach_time != 0) {
		if ((error = calendar_now(&now)) != 0)
			return error;
	}
	uint64_t ticks = mach_absolute_time();
	if (tp != 0) {
		struct user_timeval tv = {now.tv_sec, now.tv_nsec / 1000, 0};
		if ((error = copyout(call->p->task, &tv, tp, sizeof(tv))) != 0)
			return error;
	}
	if (tzp != 0) {
		struct user_timezone tz = {0, 0};
		if ((error = copyout(call->p->task, &tz, tzp, sizeof(tz))) != 0)
			return error;
	}
	if (mach_time != 0)
		return copyout(call->p->task, &ticks, mach_time, sizeof(ticks));
	return 0;
}

int sys_settimeofday(struct sys_call *call)
{
	uint64_t tp = call->args[0], tzp = call->args[1];
	struct user_timeval tv;
	struct user_timezone tz;
	int error;

	if (call->p->euid != 0)
		return EPERM;
	if (tp != 0 && (error = copyin(call->p->task, tp, &tv, sizeof(tv))) != 0)
		return error;
	if (tzp != 0 && (error = copyin(call->p->task, tzp, &tz, sizeof(tz))) != 0)
		return error;
	if (tp == 0)
		return 0;
	if (tv.tv_sec < 0)
		return EPERM;
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000 || tv.tv_sec > UINT32_MAX)
		return EINVAL;
	if (control == MACH_PORT_NULL &&
	    host_get_clock_control(bsd.host_priv, CALENDAR_CLOCK, &control) != KERN_SUCCESS) {
		control = MACH_PORT_NULL;
		return EPERM;
	}
	mach_timespec_t t = {(unsigned int)tv.tv_sec, tv.tv_usec * 1000};
	return clock_set_time(control, t) == KERN_SUCCESS ? 0 : EIO;
}
