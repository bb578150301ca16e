/*
 * Mach semaphores (semaphore_create and semaphore_destroy are routines on
 * the task port, in <mach/task.h>). Waits end early with KERN_ABORTED after
 * thread_abort and KERN_OPERATION_TIMED_OUT at a timed wait's end.
 */
#ifndef _MACH_SEMAPHORE_H_
#define _MACH_SEMAPHORE_H_

#include <mach/clock_types.h>
#include <mach/kern_return.h>
#include <mach/mach_types.h>

#define SYNC_POLICY_FIFO 0x0

/* Timed waits take a relative mach_timespec_t (<mach/clock_types.h>). */

kern_return_t semaphore_signal(semaphore_t semaphore);
kern_return_t semaphore_signal_all(semaphore_t semaphore);
kern_return_t semaphore_wait(semaphore_t semaphore);
/* Signals signal_semaphore and waits on wait_semaphore, as one step. */
kern_return_t semaphore_wait_signal(semaphore_t wait_semaphore, semaphore_t signal_semaphore);
kern_return_t semaphore_timedwait(semaphore_t semaphore, mach_timespec_t wait_time);
kern_return_t semaphore_timedwait_signal(semaphore_t wait_semaphore, semaphore_t signal_semaphore,
                                         mach_timespec_t wait_time);

#endif
