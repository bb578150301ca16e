/*
 * Ports: kernel-protected message queues with exactly one receive right and
 * any number of send and send-once rights, held in IPC spaces or carried in
 * messages.
 *
 * Locking: for this first step one lock, ipc_lock, protects every port, every
 * space and every queued message. It is taken with interrupts masked; lock
 * order is ipc_lock → sched_lock → (heap, pages). Nothing may block while
 * holding it: blocking hands it over to sched_lock (see ipc_port_wait). Finer
 * locks (per port, per space) replace it when SMP makes contention matter.
 *
 * References: a port lives while anything refers to it — each space entry
 * naming it, each right in a queued message, each waiter, and the kernel
 * object it stands for. ipc_port_release frees it at zero.
 */
#ifndef IPC_IPC_PORT_H
#define IPC_IPC_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kern/sched.h"
#include "kern/spinlock.h"
#include "kern/thread.h"
#include "mach/message.h"

extern spinlock_t ipc_lock;

struct ipc_space;
struct ipc_kmsg;
struct ipc_pset;
struct mk_timer;

/* What a port stands for when the kernel, not a task, receives from it. */
enum ipc_kobject_type {
	IKOT_NONE = 0, /* an ordinary port: messages queue for its receiver */
	IKOT_TASK,
	IKOT_THREAD,
	IKOT_HOST,
	IKOT_HOST_PRIV,
	IKOT_SYSCALL_REPLY, /* a forwarded BSD call's reply comes back here (kobject: the thread) */
	IKOT_EXCEPTION_REPLY, /* an exception handler's reply comes back here (kobject: the thread)
	                       */
	IKOT_SEMAPHORE,       /* a semaphore (kern/semaphore.c) */
	IKOT_NAMED_ENTRY,     /* a memory entry (vm/vm_named_entry.c) */
	IKOT_CLOCK,           /* a clock's service port (kern/clock.c) */
	IKOT_CLOCK_CTRL,      /* a clock's control port (kern/clock.c) */
};

/* A dead-name request: tell `notify` when the port that `name` in `space` names dies. */
struct ipc_dnrequest {
	struct ipc_dnrequest *next;
	struct ipc_space *space;
	mach_port_name_t name;
	struct ipc_port *notify; /* a send-once right (with a reference) */
};

struct ipc_port {
	uint64_t id;                /* unique, never reused: names the port in the IPC trace */
	uint32_t refs;              /* references, see above */
	bool active;                /* false once the receive right is destroyed */
	struct ipc_space *receiver; /* space holding the receive right; NULL in transit or kernel */
	mach_port_name_t receiver_name; /* the receive right's name in receiver */
	enum ipc_kobject_type kotype;
	void *kobject;     /* the task, thread or host; NULL once it is gone */
	uint32_t srights;  /* send rights in existence (in spaces or messages) */
	uint32_t sorights; /* send-once rights in existence */
	uint32_t mscount;  /* make-send count */
	uint32_t seqno;    /* sequence number of the next message received */
	uint32_t qlimit;   /* messages queued before senders wait; 0 once dead, as well */
	uint32_t msgcount; /* messages queued */
	struct ipc_kmsg *queue_head, *queue_tail;
	struct thread *receivers;   /* threads blocked receiving, via ipc_wait_next */
	struct thread *senders;     /* threads blocked on a full queue, via ipc_wait_next */
	struct ipc_port *nsrequest; /* no-senders notification (send-once right), or NULL */
	struct ipc_port *pdrequest; /* port-destroyed notification (send-once right), or NULL */
	struct ipc_dnrequest *dnrequests; /* dead-name requests on names of this port */
	struct ipc_pset *pset;            /* the port set it is a member of, or NULL */
	struct mk_timer *mk_timer;        /* the timer this port delivers, or NULL */
	bool announces_interrupts;        /* a device interrupt is attached to it (kern/device.c) */
	struct ipc_port *pset_next;       /* next member of that set */
	uint64_t context;                 /* the receiver's word; the guard when guarded */
	bool guarded; /* the receive right goes only by mach_port_destruct with the guard */
};

/* A new active port with no rights and one reference, or NULL. ipc_lock held. */
struct ipc_port *ipc_port_alloc(void);

static inline void ipc_port_reference(struct ipc_port *port)
{
	port->refs++;
}

/* A new send right made from the receive right: counted, with its reference. ipc_lock held. */
static inline void ipc_port_make_send(struct ipc_port *port)
{
	port->srights++;
	port->mscount++;
	ipc_port_reference(port);
}

/* Another send right besides one the caller holds: counted, with its reference. ipc_lock held. */
static inline void ipc_port_copy_send(struct ipc_port *port)
{
	port->srights++;
	ipc_port_reference(port);
}

/* Frees a port whose last reference goes (ipc_port_release). ipc_lock held. */
void ipc_port_release_last(struct ipc_port *port);

/* Drops a reference; frees the port at zero. ipc_lock held. */
static inline void ipc_port_release(struct ipc_port *port)
{
	if (port->refs > 1)
		port->refs--;
	else
		ipc_port_release_last(port);
}

/*
 * Destroys the receive right. With a port-destroyed request, the receive right
 * (and its queued messages) goes to the requester instead and the port lives
 * on. Otherwise the port dies: queued messages are destroyed, blocked
 * receivers and senders are woken, dead-name requests fire. ipc_lock held.
 */
void ipc_port_destroy(struct ipc_port *port);

/*
 * Queues a message and wakes a receiver; or hands it straight to a receiver
 * waiting in mach_msg on this port or its set (ipc_handoff.h). ipc_lock held.
 */
void ipc_port_enqueue(struct ipc_port *port, struct ipc_kmsg *kmsg);

/* Takes the first queued message, or NULL. ipc_lock held. */
struct ipc_kmsg *ipc_port_dequeue(struct ipc_port *port);

/*
 * Blocks the current thread on `list` (a port's receivers or senders) until
 * woken or `deadline` (scheduler ticks; 0: none). Called with ipc_lock held
 * (flags in daif) and returns with it held again. The caller holds a port
 * reference across the wait, so the list outlives a port that dies meanwhile.
 */
enum wait_result ipc_port_wait(struct thread **list, uint64_t deadline, uint64_t *daif);

/*
 * Puts `t` last on `list` (a port's or set's blocked senders or receivers),
 * so that waiters are served in the order they came, as in XNU. Lists are
 * short: usually one thread. ipc_lock held.
 */
static inline void ipc_port_wait_enqueue(struct thread **list, struct thread *t)
{
	while (*list)
		list = &(*list)->ipc_wait_next;
	t->ipc_wait_next = NULL;
	*list = t;
}

/*
 * Wakes the first thread on `list` that still waits, taking it and any before
 * it that no longer do off the list; false when none waits. ipc_lock held;
 * takes sched_lock.
 */
bool ipc_port_wake_one(struct thread **list);

/*
 * Takes `t` off `list` after its wait, if still there: a timeout or abort
 * leaves it on. ipc_lock held.
 */
static inline void ipc_port_unwait(struct thread **list, struct thread *t)
{
	for (struct thread **p = list; *p; p = &(*p)->ipc_wait_next)
		if (*p == t) {
			*p = t->ipc_wait_next;
			break;
		}
	t->ipc_wait_next = NULL;
}

/*
 * Whether sending the receive right of `port` in a message to `dest` would
 * make a loop nobody can reach or destroy: `dest` is `port`, or its receive
 * right travels in a message queued on `port` or, however deep, on a port
 * whose receive right does. ipc_lock held.
 */
bool ipc_port_would_loop(const struct ipc_port *port, const struct ipc_port *dest);

/* Wakes every thread on `list`. ipc_lock held. */
void ipc_port_wake_all(struct thread **list, enum wait_result result);

/* One send right fewer; the last one fires a no-senders request. ipc_lock held. */
void ipc_port_srights_dropped(struct ipc_port *port);

/*
 * Removes the dead-name request for `name` in `space`, if any; with `deleted`
 * the requester gets a port-deleted notification, otherwise its right is just
 * released. ipc_lock held.
 */
void ipc_port_dnrequest_cancel(struct ipc_port *port, struct ipc_space *space,
                               mach_port_name_t name, bool deleted);

/*
 * A send-once right to `port` was destroyed without being used (the one
 * message it may carry will never come). ipc_lock held.
 */
void ipc_port_send_once_dropped(struct ipc_port *port);

/* Ports in existence, for leak checks. */
uint64_t ipc_port_count(void);

#endif
