/*
 * Mach clocks (XNU's <mach/clock_types.h>): a clock is a kernel port from
 * host_get_clock_service (mach_host 206) on either host port, answering
 * clock_get_time (clock 1000) and clock_get_attributes (1001); its control
 * port, from host_get_clock_control (host_priv 408), answers clock_set_time
 * (clock_priv 1200). SYSTEM_CLOCK counts from boot; CALENDAR_CLOCK is the
 * time since the Unix epoch (UTC), which only the calendar's control port
 * may set. The kernel answers in mach/kern/clock.c.
 */
#ifndef _MACH_CLOCK_TYPES_H_
#define _MACH_CLOCK_TYPES_H_

typedef int clock_id_t;
typedef int clock_flavor_t;
typedef int *clock_attr_t;
typedef int clock_res_t;

/* A time as the clock routines carry it; tv_sec is 32 bits, as XNU's. */
typedef struct mach_timespec {
	unsigned int tv_sec;
	clock_res_t tv_nsec;
} mach_timespec_t;

#define SYSTEM_CLOCK   0
#define CALENDAR_CLOCK 1
#define REALTIME_CLOCK 0 /* XNU's old name for SYSTEM_CLOCK */

/* clock_get_attributes flavors; the alarm ones are refused (no clock_alarm here). */
#define CLOCK_GET_TIME_RES 1 /* nanoseconds between distinct readings */
#define CLOCK_ALARM_CURRES 3
#define CLOCK_ALARM_MINRES 4
#define CLOCK_ALARM_MAXRES 5

#define NSEC_PER_USEC 1000ull
#define USEC_PER_SEC  1000000ull
#define NSEC_PER_SEC  1000000000ull
#define NSEC_PER_MSEC 1000000ull

/* Message ids. */
#define HOST_GET_CLOCK_SERVICE_ID 206
#define HOST_GET_CLOCK_CONTROL_ID 408
#define CLOCK_GET_TIME_ID         1000
#define CLOCK_GET_ATTRIBUTES_ID   1001
#define CLOCK_SET_TIME_ID         1200

#endif
