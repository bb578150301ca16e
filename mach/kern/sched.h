/*
 * The scheduler: a preemptive priority scheduler with round-robin time slices
 * within a priority, and an idle thread per CPU.
 *
 * One lock, sched_lock, protects the run queues and every thread's scheduling
 * fields (see thread.h). It is taken with interrupts masked; nothing may block
 * while holding it. Lock order: any subsystem lock (port, space, task) before
 * sched_lock.
 */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "kern/spinlock.h"
#include "kern/thread.h"

#define SCHED_HZ      100 /* timer ticks per second */
#define SCHED_QUANTUM 5   /* ticks a thread runs before others of its priority get a turn */

extern spinlock_t sched_lock;

/* Makes the boot context this CPU's idle thread; before any other thread exists. */
void sched_bootstrap(void);

/* Enters the idle loop, which runs every other thread; never returns. */
void sched_start(void) __attribute__((noreturn));

/* Called once by every new thread, first thing (from switch.S). */
void sched_thread_begin(void);

/* Gives up the CPU to another runnable thread of equal or higher priority. */
void sched_yield(void);

/*
 * Blocks the current thread. Call with sched_lock held (flags from
 * spin_lock_irqsave in *daif) after putting the thread where a waker will find
 * it; returns with sched_lock released. `deadline` is a counter value
 * (mach_absolute_time units; 0: none), checked on every tick.
 */
enum wait_result sched_block(uint64_t deadline, uint64_t daif);

/*
 * sched_block, giving the CPU straight to `next` (no trip through the run
 * queue): a thread still waiting, which this wakes with WAIT_AWAKENED (an IPC
 * receiver just handed a message). When a thread of higher priority is
 * ready, or a reschedule is due, `next` is only made runnable. `next` runs on
 * the rest of the current thread's time slice.
 */
enum wait_result sched_block_handoff(struct thread *next, uint64_t deadline, uint64_t daif);

/*
 * sched_block_handoff without a deadline, keeping nothing of the current
 * thread's kernel stack: it resumes at `cont` (thread_set_continuation)
 * however its wait ends, unless whoever ends it sets another continuation.
 * The current thread must be a user thread. sched_lock held; does not return.
 */
__attribute__((noreturn)) void sched_block_handoff_continue(struct thread *next,
                                                            thread_continuation_t cont);

/*
 * Stops the current thread (THREAD_SUSPENDED) until something makes it
 * runnable again. Call with sched_lock held; returns with it released.
 */
void sched_park_locked(uint64_t daif);

/* Makes a waiting thread runnable with `result`. Call with sched_lock held. */
void sched_wakeup_locked(struct thread *t, enum wait_result result);

/* Makes a thread runnable. Call with sched_lock held. */
void sched_enqueue_locked(struct thread *t);

/* Timer interrupt (from user mode or not): time slices, timeouts, CPU time accounting. */
void sched_tick(bool user);

/* A count of ticks as Mach's time_value_t: seconds, then microseconds. */
static inline void sched_ticks_to_time_value(uint64_t ticks, int32_t out[2])
{
	uint64_t us = ticks * (1000000 / SCHED_HZ);

	out[0] = (int32_t)(us / 1000000);
	out[1] = (int32_t)(us % 1000000);
}

/* Called on the way out of an interrupt: switches if a higher priority thread is ready. */
void sched_preempt_point(void);

/* The deadline `ns` nanoseconds from now, for sched_block. */
uint64_t sched_deadline_after_ns(uint64_t ns);

/* Ticks since the scheduler started. */
uint64_t sched_ticks(void);

/* Ends the calling thread (state already HALTED under sched_lock); never returns. */
void sched_exit_locked(void) __attribute__((noreturn));

/*
 * Yielding (thread_switch, swtch, swtch_pri); all with sched_lock held.
 *
 * sched_dequeue_locked takes a thread that waits on a run queue off it, for
 * a handoff; false when it is not on one (running, waiting, suspended).
 *
 * sched_switch_to_locked gives the CPU to `next` (taken off by
 * sched_dequeue_locked), or with NULL to the best runnable thread. The current
 * thread goes back on a run queue, or with a `deadline` waits until then
 * (thread_abort ends the wait early). It returns once the thread runs again,
 * with sched_lock still held, and says what ended a wait.
 */
bool sched_dequeue_locked(struct thread *t);
enum wait_result sched_switch_to_locked(struct thread *next, uint64_t deadline);

/* Whether any thread other than the caller is ready to run. */
bool sched_others_runnable_locked(void);

/*
 * Priority depression: the current thread runs at THREAD_PRIORITY_DEPRESSED
 * until `deadline` (a counter value, checked on every tick; 0: none) or until
 * sched_depress_abort_locked, which restores `t`'s priority (requeuing it if
 * it waits on a run queue) and says whether it was depressed.
 */
void sched_depress_locked(uint64_t deadline);
bool sched_depress_abort_locked(struct thread *t);

#endif
