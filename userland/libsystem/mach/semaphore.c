/*
 * The timed semaphore waits (<mach/semaphore.h>): the traps take the
 * mach_timespec_t as two registers, seconds and nanoseconds.
 */
#include <mach/mach.h>

kern_return_t semaphore_timedwait(semaphore_t semaphore, mach_timespec_t wait_time)
{
	return semaphore_timedwait_trap(semaphore, wait_time.tv_sec, wait_time.tv_nsec);
}

kern_return_t semaphore_timedwait_signal(semaphore_t wait_semaphore, semaphore_t signal_semaphore,
                                         mach_timespec_t wait_time)
{
	return semaphore_timedwait_signal_trap(wait_semaphore, signal_semaphore, wait_time.tv_sec,
	                                       wait_time.tv_nsec);
}
