/*
 * The lock environment on Tessera (lock/lock.h). A thread is named by the
 * address of its TSD; a thread started without one (a bare thread_create)
 * is given TSD_SLOT_COUNT zeroed slots from malloc at its first lock, as
 * dyld does at its first thread-local access, and keeps them. A lock's wait
 * channel is a Mach semaphore made at its first contention, by whichever of
 * the waiter and the waker gets there first; if the kernel has none to give,
 * the waiter yields its processor and tries the lock again.
 */
#include <mach/mach.h>
#include <stdlib.h>
#include <unistd.h>

#include "lock/lock.h"
#include "mach/tsd.h"
#include "start/start.h"

static uintptr_t lock_tessera_self(void)
{
	static const char no_tsd[] = "libSystem: no memory for a thread's TSD\n";
	void **tsd = tsd_base();

	if (tsd == NULL) {
		/* malloc's own lock is a plain one: it never asks who the thread is. */
		tsd = calloc(TSD_SLOT_COUNT, sizeof(void *));
		if (tsd == NULL) {
			write(STDERR_FILENO, no_tsd, sizeof(no_tsd) - 1);
			abort();
		}
		_thread_set_tsd_base(tsd);
	}
	return (uintptr_t)tsd;
}

/* The semaphore behind *channel, made now if there is none yet; 0 if none can be had. */
static semaphore_t lock_semaphore(uintptr_t *channel)
{
	uintptr_t have = __atomic_load_n(channel, __ATOMIC_ACQUIRE);
	semaphore_t made;

	if (have != 0)
		return (semaphore_t)have;
	if (semaphore_create(mach_task_self(), &made, SYNC_POLICY_FIFO, 0) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	if (!__atomic_compare_exchange_n(channel, &have, (uintptr_t)made, 0, __ATOMIC_ACQ_REL,
	                                 __ATOMIC_ACQUIRE)) {
		/* Another thread made one first: use that. */
		semaphore_destroy(mach_task_self(), made);
		return (semaphore_t)have;
	}
	return made;
}

/* An aborted or failed wait returns early, which the lock allows. */
static void lock_tessera_wait(uintptr_t *channel)
{
	semaphore_t s = lock_semaphore(channel);

	if (s != MACH_PORT_NULL)
		semaphore_wait(s);
	else
		thread_switch(MACH_PORT_NULL, 0, 0);
}

static void lock_tessera_wake(uintptr_t *channel)
{
	semaphore_t s = lock_semaphore(channel);

	if (s != MACH_PORT_NULL)
		semaphore_signal(s);
}

static const struct lock_environment lock_tessera = {
    .self = lock_tessera_self,
    .wait = lock_tessera_wait,
    .wake = lock_tessera_wake,
};

void start_locks(void)
{
	lock_environment_set(&lock_tessera);
}
