#include "kern/semaphore.h"

#include <stddef.h>

#include "ipc/ipc_kobject.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_kern.h"

#define NSEC_PER_SEC 1000000000ull

static void semaphore_release(struct semaphore *s)
{
	if (--s->refs == 0)
		kfree(s);
}

struct ipc_port *semaphore_create(struct task *owner, int32_t value, kern_return_t *kr)
{
	if (value < 0) {
		*kr = KERN_INVALID_ARGUMENT;
		return NULL;
	}
	struct semaphore *s = kalloc_zeroed(sizeof(*s));
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *port = s ? ipc_kobject_port_alloc(IKOT_SEMAPHORE, s) : NULL;
	if (!port) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		kfree(s);
		*kr = KERN_RESOURCE_SHORTAGE;
		return NULL;
	}
	s->port = port;
	s->owner = owner;
	s->count = value;
	s->refs = 1;
	s->active = true;
	/* The caller gets a send right; when the last one goes, so does the semaphore. */
	ipc_port_make_send(port);
	spin_unlock_irqrestore(&ipc_lock, daif);
	*kr = KERN_SUCCESS;
	return port;
}

/* Ends a semaphore: waiters get KERN_TERMINATED, its port dies. ipc_lock held. */
static void semaphore_end(struct semaphore *s)
{
	if (!s->active)
		return;
	s->active = false;
	ipc_port_wake_all(&s->waiters, WAIT_INTERRUPTED);
	ipc_kobject_port_destroy(s->port);
	semaphore_release(s);
}

kern_return_t semaphore_destroy(struct task *owner, struct ipc_port *port)
{
	if (!port || port->kotype != IKOT_SEMAPHORE || !port->kobject)
		return KERN_INVALID_ARGUMENT;
	struct semaphore *s = port->kobject;
	if (s->owner != owner)
		return KERN_INVALID_RIGHT;
	semaphore_end(s);
	return KERN_SUCCESS;
}

void semaphore_no_senders(struct ipc_port *port)
{
	if (port->kobject)
		semaphore_end(port->kobject);
}

/* The semaphore a name in the caller's space sends to, or NULL. ipc_lock held. */
static struct semaphore *semaphore_lookup(mach_port_name_t name)
{
	struct ipc_entry *e = ipc_space_lookup(current_thread()->task->itk_space, name);

	if (!e || !(e->type & MACH_PORT_TYPE_SEND) || e->port->kotype != IKOT_SEMAPHORE)
		return NULL;
	return e->port->kobject;
}

/* The thread a name in the caller's space sends to, or NULL. ipc_lock held. */
static struct thread *thread_lookup(mach_port_name_t name)
{
	struct ipc_entry *e = ipc_space_lookup(current_thread()->task->itk_space, name);

	if (!e || !(e->type & MACH_PORT_TYPE_SEND) || !e->port || e->port->kotype != IKOT_THREAD)
		return NULL;
	return e->port->kobject; /* NULL once the thread has ended */
}

/*
 * Hands a signal to `t` if it waits on s (NULL: to the longest waiting, as
 * XNU's FIFO semaphores do), leaving the count alone: KERN_NOT_WAITING if
 * there is no such waiter. A thread a timeout or thread_abort woke already
 * stays on the list until it runs, and must not swallow the signal.
 * ipc_lock held.
 */
static kern_return_t semaphore_wake_waiter(struct semaphore *s, struct thread *t)
{
	/* Waiters join at the tail of the list (ipc_port_wait): the oldest is first. */
	if (!t)
		return ipc_port_wake_one(&s->waiters) ? KERN_SUCCESS : KERN_NOT_WAITING;
	struct thread **link = &s->waiters;
	while (*link && *link != t)
		link = &(*link)->ipc_wait_next;
	spin_lock(&sched_lock);
	bool waits = *link && t->state == THREAD_WAITING;
	if (waits) {
		*link = t->ipc_wait_next;
		t->ipc_wait_next = NULL;
		sched_wakeup_locked(t, WAIT_AWAKENED);
	}
	spin_unlock(&sched_lock);
	return waits ? KERN_SUCCESS : KERN_NOT_WAITING;
}

/* Hands one signal to the first waiter, or keeps it in the count. ipc_lock held. */
static void semaphore_signal_locked(struct semaphore *s)
{
	if (semaphore_wake_waiter(s, NULL) != KERN_SUCCESS)
		s->count++;
}

/* Takes a signal, waiting until `deadline` (counter; 0: for ever; ~0: not at all). */
static kern_return_t semaphore_wait_locked(struct semaphore *s, uint64_t deadline, uint64_t *daif)
{
	if (!s->active)
		return KERN_TERMINATED;
	if (s->count > 0) {
		s->count--;
		return KERN_SUCCESS;
	}
	if (deadline == ~0ull)
		return KERN_OPERATION_TIMED_OUT;
	s->refs++;
	enum wait_result r = ipc_port_wait(&s->waiters, deadline, daif);
	kern_return_t kr = !s->active            ? KERN_TERMINATED
	                   : r == WAIT_AWAKENED  ? KERN_SUCCESS
	                   : r == WAIT_TIMED_OUT ? KERN_OPERATION_TIMED_OUT
	                                         : KERN_ABORTED;
	semaphore_release(s);
	return kr;
}

/* Signals `signal_name` (unless NULL) then waits on `wait_name` (unless NULL). */
static kern_return_t semaphore_op(mach_port_name_t wait_name, mach_port_name_t signal_name,
                                  bool all, uint64_t deadline)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct semaphore *w = wait_name ? semaphore_lookup(wait_name) : NULL;
	struct semaphore *sg = signal_name ? semaphore_lookup(signal_name) : NULL;
	kern_return_t kr = KERN_SUCCESS;

	if ((wait_name && !w) || (signal_name && !sg)) {
		kr = KERN_INVALID_ARGUMENT;
	} else {
		if (sg && !sg->active)
			kr = KERN_TERMINATED;
		else if (sg && all) {
			/* Every waiter goes; with none, the count is left as it is. */
			ipc_port_wake_all(&sg->waiters, WAIT_AWAKENED);
		} else if (sg) {
			semaphore_signal_locked(sg);
		}
		if (kr == KERN_SUCCESS && w)
			kr = semaphore_wait_locked(w, deadline, &daif);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}

/* A (seconds, nanoseconds) timeout as a deadline; ~0 for "do not wait". */
static uint64_t timed_deadline(uint64_t sec, uint64_t nsec)
{
	if (sec == 0 && nsec == 0)
		return ~0ull;
	if (nsec >= NSEC_PER_SEC || sec > (1ull << 32))
		return 0; /* absurd: treated as no timeout, like a plain wait */
	return sched_deadline_after_ns(sec * NSEC_PER_SEC + nsec);
}

kern_return_t trap_semaphore_signal(struct trap_frame *tf)
{
	return semaphore_op(0, (mach_port_name_t)tf->x[0], false, 0);
}

kern_return_t trap_semaphore_signal_all(struct trap_frame *tf)
{
	return semaphore_op(0, (mach_port_name_t)tf->x[0], true, 0);
}

/*
 * semaphore_signal_thread(semaphore, thread): wakes that thread if it waits
 * on the semaphore (any one waiter for MACH_PORT_NULL). A signal nobody takes
 * is not kept: KERN_NOT_WAITING, as XNU answers.
 */
kern_return_t trap_semaphore_signal_thread(struct trap_frame *tf)
{
	mach_port_name_t thread_name = (mach_port_name_t)tf->x[1];
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct semaphore *s = semaphore_lookup((mach_port_name_t)tf->x[0]);
	struct thread *t = thread_name ? thread_lookup(thread_name) : NULL;
	kern_return_t kr;

	if (!s || (thread_name && !t))
		kr = KERN_INVALID_ARGUMENT;
	else if (!s->active)
		kr = KERN_TERMINATED;
	else
		kr = semaphore_wake_waiter(s, t);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}

kern_return_t trap_semaphore_wait(struct trap_frame *tf)
{
	return semaphore_op((mach_port_name_t)tf->x[0], 0, false, 0);
}

kern_return_t trap_semaphore_wait_signal(struct trap_frame *tf)
{
	return semaphore_op((mach_port_name_t)tf->x[0], (mach_port_name_t)tf->x[1], false, 0);
}

kern_return_t trap_semaphore_timedwait(struct trap_frame *tf)
{
	return semaphore_op((mach_port_name_t)tf->x[0], 0, false,
	                    timed_deadline((uint32_t)tf->x[1], (uint32_t)tf->x[2]));
}

kern_return_t trap_semaphore_timedwait_signal(struct trap_frame *tf)
{
	return semaphore_op((mach_port_name_t)tf->x[0], (mach_port_name_t)tf->x[1], false,
	                    timed_deadline((uint32_t)tf->x[2], (uint32_t)tf->x[3]));
}
