/*
 * The handoff: a message goes straight to a thread waiting in mach_msg to
 * receive it, instead of through the port's queue, when the queue would have
 * given that thread that very message next. The receiver takes it from
 * thread->ipc_handoff on waking, with the sequence number given here, so
 * seqnos, trailers, the trace and results are what the queue would have
 * given. Locking: ipc_lock (ipc_port.h). Inline: every RPC message comes this
 * way.
 */
#ifndef IPC_IPC_HANDOFF_H
#define IPC_IPC_HANDOFF_H

#include "ipc/ipc_port.h"
#include "ipc/ipc_pset.h"

/*
 * The thread that would get a message `size` bytes long sent to `port`, when
 * it can have it now; or NULL. That is the first thread waiting to receive
 * from the port itself or, with none, from the port's set; only with nothing
 * queued on the port (or, for the set, on any member), so messages are still
 * received in order; only when the message fits its buffer; and only while
 * it still waits (no timeout or thread_abort has woken it).
 */
static inline struct thread *ipc_handoff_receiver(struct ipc_port *port, mach_msg_size_t size)
{
	struct thread *t = port->receivers;

	if (t) {
		if (t->ipc_rcv_port != port || port->queue_head)
			return NULL;
	} else {
		/* A set's receivers are woken only when the port has none of its own. */
		struct ipc_pset *pset = port->pset;
		if (!pset || !(t = pset->receivers) || t->ipc_rcv_pset != pset ||
		    ipc_pset_ready_member(pset))
			return NULL;
	}
	if (size > t->ipc_rcv_room)
		return NULL;
	/*
	 * A plain atomic load: a timeout or thread_abort wakes it under
	 * sched_lock alone, so holding that lock here would not stop one coming
	 * right after the look; one that does finds the message handed over and
	 * takes it, and the restart and switch (mach_msg.c) look at the state
	 * again under sched_lock. Volatile
	 * rather than __atomic_load_n (as single-copy atomic), which GCC
	 * compiles to an extra add for the field's offset.
	 */
	return *(volatile const enum thread_state *)&t->state == THREAD_WAITING ? t : NULL;
}

/*
 * Gives `kmsg` to `receiver` (ipc_handoff_receiver's answer for `port`) and
 * takes it off its wait list, but does not wake it: the caller does. A set's
 * receiver also gets the member
 * the message came to, with a reference.
 */
static inline void ipc_handoff(struct ipc_port *port, struct thread *receiver,
                               struct ipc_kmsg *kmsg)
{
	struct ipc_pset *pset = receiver->ipc_rcv_pset;

	if (pset) {
		pset->receivers = receiver->ipc_wait_next;
		ipc_port_reference(port);
		receiver->ipc_handoff_port = port;
	} else {
		port->receivers = receiver->ipc_wait_next;
	}
	receiver->ipc_wait_next = NULL;
	receiver->ipc_handoff = kmsg;
	receiver->ipc_handoff_seqno = port->seqno++;
}

#endif
