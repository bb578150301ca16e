#include "kern/thread_switch.h"

#include <stdbool.h>
#include <stdint.h>

#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/thread.h"

/* <mach/thread_switch.h> */
#define SWITCH_OPTION_NONE                0
#define SWITCH_OPTION_DEPRESS             1
#define SWITCH_OPTION_WAIT                2
#define SWITCH_OPTION_DISPATCH_CONTENTION 3
#define SWITCH_OPTION_OSLOCK_DEPRESS      4
#define SWITCH_OPTION_OSLOCK_WAIT         5

#define NSEC_PER_USEC 1000ull
#define NSEC_PER_MSEC 1000000ull

/* swtch_pri's depression: one time slice, as XNU's thread_depress_time. */
#define SWTCH_PRI_DEPRESS_NS (SCHED_QUANTUM * (1000000000ull / SCHED_HZ))

/*
 * The thread `name` sends to in the caller's space, if it is another thread
 * (and of the caller's task when `same_task`); else NULL. ipc_lock held: the
 * thread cannot end before its port is gone, which needs ipc_lock.
 */
static struct thread *switch_hint(mach_port_name_t name, bool same_task)
{
	struct thread *self = current_thread();
	struct ipc_entry *e = ipc_space_lookup(self->task->itk_space, name);

	if (!e || !(e->type & MACH_PORT_TYPE_SEND) || !e->port || e->port->kotype != IKOT_THREAD ||
	    !e->port->kobject)
		return NULL;
	struct thread *t = e->port->kobject;
	if (t == self || (same_task && t->task != self->task))
		return NULL;
	return t;
}

kern_return_t trap_thread_switch(struct trap_frame *tf)
{
	mach_port_name_t name = (mach_port_name_t)tf->x[0];
	int32_t option = (int32_t)tf->x[1];
	uint64_t time = (uint32_t)tf->x[2];

	if (option < SWITCH_OPTION_NONE || option > SWITCH_OPTION_OSLOCK_WAIT)
		return KERN_INVALID_ARGUMENT;
	bool wait = option == SWITCH_OPTION_WAIT || option == SWITCH_OPTION_DISPATCH_CONTENTION ||
	            option == SWITCH_OPTION_OSLOCK_WAIT;
	bool depress = option == SWITCH_OPTION_DEPRESS || option == SWITCH_OPTION_OSLOCK_DEPRESS;
	bool same_task =
	    option == SWITCH_OPTION_OSLOCK_DEPRESS || option == SWITCH_OPTION_OSLOCK_WAIT;
	uint64_t ns =
	    time * (option == SWITCH_OPTION_DISPATCH_CONTENTION ? NSEC_PER_USEC : NSEC_PER_MSEC);
	/* Computed before any lock: a deadline of 0 means none; a wait of 0 is a plain yield. */
	uint64_t deadline = time ? sched_deadline_after_ns(ns) : 0;

	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct thread *next = MACH_PORT_VALID(name) ? switch_hint(name, same_task) : NULL;
	spin_lock(&sched_lock);
	spin_unlock(&ipc_lock);
	if (next && !sched_dequeue_locked(next))
		next = NULL;
	if (!next && !(wait && deadline) && !sched_others_runnable_locked()) {
		/* Nobody to yield to: XNU returns at once, undepressed. */
		spin_unlock_irqrestore(&sched_lock, daif);
		return KERN_SUCCESS;
	}
	if (depress)
		sched_depress_locked(deadline);
	/* XNU's continuation answers KERN_SUCCESS however the wait ended. */
	sched_switch_to_locked(next, wait ? deadline : 0);
	if (depress)
		sched_depress_abort_locked(current_thread());
	spin_unlock_irqrestore(&sched_lock, daif);
	return KERN_SUCCESS;
}

/* swtch and swtch_pri: false at once when nobody else is runnable; else yield (depressed). */
static kern_return_t swtch_common(bool depress)
{
	uint64_t deadline = depress ? sched_deadline_after_ns(SWTCH_PRI_DEPRESS_NS) : 0;
	uint64_t daif = spin_lock_irqsave(&sched_lock);

	bool others = sched_others_runnable_locked();
	if (others) {
		if (depress)
			sched_depress_locked(deadline);
		sched_switch_to_locked(NULL, 0);
		if (depress)
			sched_depress_abort_locked(current_thread());
		others = sched_others_runnable_locked();
	}
	spin_unlock_irqrestore(&sched_lock, daif);
	return others;
}

kern_return_t trap_swtch(struct trap_frame *tf)
{
	(void)tf;
	return swtch_common(false);
}

kern_return_t trap_swtch_pri(struct trap_frame *tf)
{
	(void)tf;
	return swtch_common(true);
}
