#include "ipc/ipc_port.h"

#include <stddef.h>

#include "ipc/ipc_handoff.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/exception_ports.h"
#include "kern/device.h"
#include "kern/mk_timer.h"
#include "kern/task.h"
#include "kern/semaphore.h"
#include "kern/syscall_forward.h"
#include "vm/vm_kern.h"
#include "vm/vm_named_entry.h"

spinlock_t ipc_lock = SPINLOCK_INIT;

static uint64_t ports_alive; /* ipc_lock */
static uint64_t ports_made;  /* ipc_lock */

struct ipc_port *ipc_port_alloc(void)
{
	struct ipc_port *port = kalloc_zeroed(sizeof(*port));

	if (!port)
		return NULL;
	port->refs = 1;
	port->active = true;
	port->qlimit = MACH_PORT_QLIMIT_DEFAULT;
	port->id = ++ports_made;
	ports_alive++;
	return port;
}

void ipc_port_release_last(struct ipc_port *port)
{
	if (port->refs == 0)
		panic("ipc: port %p released with no references", port);
	port->refs = 0;
	if (port->queue_head || port->receivers || port->senders || port->dnrequests ||
	    port->nsrequest || port->pdrequest)
		panic("ipc: port %p freed with messages, waiters or requests", port);
	ports_alive--;
	kfree(port);
}

void ipc_port_wake_all(struct thread **list, enum wait_result result)
{
	spin_lock(&sched_lock);
	while (*list) {
		struct thread *t = *list;
		*list = t->ipc_wait_next;
		t->ipc_wait_next = NULL;
		sched_wakeup_locked(t, result);
	}
	spin_unlock(&sched_lock);
}

bool ipc_port_wake_one(struct thread **list)
{
	bool woke = false;

	spin_lock(&sched_lock);
	while (*list) {
		struct thread *t = *list;
		*list = t->ipc_wait_next;
		t->ipc_wait_next = NULL;
		/*
		 * One a timeout or thread_abort woke already is only taken off: woken
		 * again, it would take this wakeup for nothing and leave the next
		 * waiter sleeping.
		 */
		if (t->state == THREAD_WAITING) {
			sched_wakeup_locked(t, WAIT_AWAKENED);
			woke = true;
			break;
		}
	}
	spin_unlock(&sched_lock);
	return woke;
}

void ipc_port_destroy(struct ipc_port *port)
{
	ipc_pset_remove(port);
	if (port->pdrequest && port->active) {
		/* Rescued: the receive right and its queue go to the requester. */
		struct ipc_port *notify = port->pdrequest;
		port->pdrequest = NULL;
		port->receiver = NULL;
		port->receiver_name = MACH_PORT_NULL;
		/* The old receiver's guard and context mean nothing to the new one. */
		port->guarded = false;
		port->context = 0;
		ipc_port_wake_all(&port->receivers, WAIT_INTERRUPTED);
		ipc_port_reference(port);
		ipc_notify_port_destroyed(notify, port);
		return;
	}
	port->active = false;
	/* The quick paths (mach_msg.c) see a dead port and a closed queue in one field. */
	port->qlimit = 0;
	if (port->mk_timer)
		mk_timer_port_dying(port);
	port->receiver = NULL;
	port->receiver_name = MACH_PORT_NULL;
	/* Destroying messages may release the port's own last references: hold one. */
	ipc_port_reference(port);
	if (port->announces_interrupts)
		device_port_died(port);
	struct ipc_kmsg *kmsg;
	while ((kmsg = ipc_port_dequeue(port)) != NULL)
		ipc_kmsg_destroy(kmsg);
	ipc_port_wake_all(&port->receivers, WAIT_INTERRUPTED);
	ipc_port_wake_all(&port->senders, WAIT_INTERRUPTED);
	if (port->nsrequest) {
		ipc_right_release(port->nsrequest, MACH_MSG_TYPE_PORT_SEND_ONCE);
		port->nsrequest = NULL;
	}
	while (port->dnrequests) {
		struct ipc_dnrequest *dnr = port->dnrequests;
		port->dnrequests = dnr->next;
		/* The right becomes a dead name now, with one more reference for the notification.
		 */
		struct ipc_entry *e = ipc_space_lookup(dnr->space, dnr->name);
		if (e && e->type == MACH_PORT_TYPE_DEAD_NAME) {
			e->urefs++;
			ipc_notify_dead_name(dnr->notify, dnr->name);
		} else {
			ipc_notify_port_deleted(dnr->notify, dnr->name);
		}
		kfree(dnr);
	}
	ipc_port_release(port);
}

void ipc_port_srights_dropped(struct ipc_port *port)
{
	if (--port->srights == 0 && port->kotype == IKOT_SEMAPHORE && port->kobject) {
		semaphore_no_senders(port);
		return;
	}
	if (port->srights == 0 && port->kotype == IKOT_NAMED_ENTRY) {
		vm_named_entry_no_senders(port);
		return;
	}
	if (port->srights == 0 && port->kotype == IKOT_TASK && port->kobject) {
		task_port_no_senders(port->kobject);
		return;
	}
	if (port->srights > 0 || !port->nsrequest || !port->active)
		return;
	struct ipc_port *notify = port->nsrequest;
	port->nsrequest = NULL;
	ipc_notify_no_senders(notify, port->mscount);
}

void ipc_port_dnrequest_cancel(struct ipc_port *port, struct ipc_space *space,
                               mach_port_name_t name, bool deleted)
{
	for (struct ipc_dnrequest **p = &port->dnrequests; *p; p = &(*p)->next) {
		struct ipc_dnrequest *dnr = *p;
		if (dnr->space != space || dnr->name != name)
			continue;
		*p = dnr->next;
		if (deleted)
			ipc_notify_port_deleted(dnr->notify, name);
		else
			ipc_right_release(dnr->notify, MACH_MSG_TYPE_PORT_SEND_ONCE);
		kfree(dnr);
		return;
	}
}

void ipc_port_enqueue(struct ipc_port *port, struct ipc_kmsg *kmsg)
{
	struct thread *receiver = ipc_handoff_receiver(port, kmsg->size);

	if (receiver) {
		ipc_handoff(port, receiver, kmsg);
		spin_lock(&sched_lock);
		sched_wakeup_locked(receiver, WAIT_AWAKENED);
		spin_unlock(&sched_lock);
		return;
	}
	kmsg->next = NULL;
	if (port->queue_tail)
		port->queue_tail->next = kmsg;
	else
		port->queue_head = kmsg;
	port->queue_tail = kmsg;
	port->msgcount++;
	if (port->pset)
		port->pset->msgcount++;
	/* Wake one receiver; the others stay blocked. Without one, the set's receivers look. */
	if (!port->receivers && port->pset)
		ipc_port_wake_all(&port->pset->receivers, WAIT_AWAKENED);
	ipc_port_wake_one(&port->receivers);
}

struct ipc_kmsg *ipc_port_dequeue(struct ipc_port *port)
{
	struct ipc_kmsg *kmsg = port->queue_head;

	if (!kmsg)
		return NULL;
	port->queue_head = kmsg->next;
	if (!port->queue_head)
		port->queue_tail = NULL;
	port->msgcount--;
	if (port->pset)
		port->pset->msgcount--;
	kmsg->next = NULL;
	/* There is room now: let one blocked sender try again. */
	ipc_port_wake_one(&port->senders);
	return kmsg;
}

enum wait_result ipc_port_wait(struct thread **list, uint64_t deadline, uint64_t *daif)
{
	struct thread *self = current_thread();

	ipc_port_wait_enqueue(list, self);
	/* Hand ipc_lock over to sched_lock with interrupts still masked. */
	spin_lock(&sched_lock);
	spin_unlock(&ipc_lock);
	enum wait_result r = sched_block(deadline, *daif);
	*daif = spin_lock_irqsave(&ipc_lock);
	ipc_port_unwait(list, self);
	return r;
}

void ipc_port_send_once_dropped(struct ipc_port *port)
{
	/* The unused right still carries its one message: a send-once notification. */
	if (port->active && port->kotype == IKOT_NONE) {
		ipc_port_reference(port);
		ipc_notify_send_once(port);
		return;
	}
	port->sorights--;
	/* A forwarded call's reply right died unanswered: the caller must not wait forever. */
	if (port->kotype == IKOT_SYSCALL_REPLY && port->kobject)
		syscall_forward_abandoned(port->kobject);
	else if (port->kotype == IKOT_EXCEPTION_REPLY && port->kobject)
		exception_ports_abandoned(port->kobject);
}

/* How deep inside travels a receive right that ipc_port_would_loop looks for; deeper counts. */
#define LOOP_SEARCH_DEPTH 32

static bool contains(const struct ipc_port *outer, const struct ipc_port *inner, unsigned depth)
{
	if (outer == inner || depth == LOOP_SEARCH_DEPTH)
		return true;
	for (const struct ipc_kmsg *k = outer->queue_head; k; k = k->next)
		for (uint32_t i = 0; i < k->ndescs; i++) {
			const struct ipc_kmsg_desc *d = &k->descs[i];
			if (d->type == MACH_MSG_PORT_DESCRIPTOR && d->port &&
			    d->right == MACH_MSG_TYPE_PORT_RECEIVE &&
			    contains(d->port, inner, depth + 1))
				return true;
		}
	return false;
}

bool ipc_port_would_loop(const struct ipc_port *port, const struct ipc_port *dest)
{
	return contains(port, dest, 0);
}

uint64_t ipc_port_count(void)
{
	return ports_alive;
}
