/*
 * Time in Mach units: mach_absolute_time counts the Arm generic timer (the
 * virtual counter, CNTVCT_EL0, readable in user mode); nanoseconds =
 * ticks * numer / denom, from mach_timebase_info.
 */
#ifndef _MACH_MACH_TIME_H_
#define _MACH_MACH_TIME_H_

#include <stdint.h>

#include <mach/kern_return.h>

struct mach_timebase_info {
	uint32_t numer;
	uint32_t denom;
};
typedef struct mach_timebase_info *mach_timebase_info_t;
typedef struct mach_timebase_info mach_timebase_info_data_t;

kern_return_t mach_timebase_info(mach_timebase_info_t info);
uint64_t mach_absolute_time(void);
/* Sleeps until mach_absolute_time() reaches deadline; KERN_ABORTED if thread_abort ends it. */
kern_return_t mach_wait_until(uint64_t deadline);

#endif
