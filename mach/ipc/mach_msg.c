#include "ipc/mach_msg.h"

#include <stddef.h>
#include <string.h>

#include "arch/arm64/trap.h"
#include "ipc/ipc_handoff.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_pset.h"
#include "ipc/ipc_trace.h"
#include "kern/copyio.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/sched.h"
#include "kern/syscall_forward.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_map.h"

/* Trailer sizes by the number of elements asked for (format 0). */
static const mach_msg_size_t trailer_sizes[] = {
    [MACH_RCV_TRAILER_NULL] = 8,
    [MACH_RCV_TRAILER_SEQNO] = 12,
    [MACH_RCV_TRAILER_SENDER] = 20,
    [MACH_RCV_TRAILER_AUDIT] = 52,
};

static bool is_send_disposition(mach_msg_type_name_t d)
{
	return d == MACH_MSG_TYPE_MOVE_SEND || d == MACH_MSG_TYPE_COPY_SEND ||
	       d == MACH_MSG_TYPE_MAKE_SEND || d == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	       d == MACH_MSG_TYPE_MAKE_SEND_ONCE;
}

/* The deadline `ms` milliseconds from now. */
static uint64_t deadline_after(mach_msg_timeout_t ms)
{
	return sched_deadline_after_ns((uint64_t)ms * 1000000ull);
}

void mach_msg_send_from_kernel(struct ipc_kmsg *kmsg)
{
	ipc_trace_record(IPC_TRACE_KERNEL, kmsg->dest->id, kmsg->header.msgh_id, kmsg->size,
	                 kmsg->ndescs,
	                 kmsg->dest->active ? MACH_MSG_SUCCESS : MACH_SEND_INVALID_DEST);
	if (!kmsg->dest->active) {
		ipc_kmsg_destroy(kmsg);
		return;
	}
	ipc_port_enqueue(kmsg->dest, kmsg);
}

/* Checks the header's two rights together, so a failure changes nothing. */
static mach_msg_return_t check_header_rights(struct ipc_space *space, const mach_msg_header_t *h)
{
	mach_msg_type_name_t dest_disp = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	mach_msg_type_name_t reply_disp = MACH_MSGH_BITS_LOCAL(h->msgh_bits);

	if (!is_send_disposition(dest_disp) ||
	    ipc_right_copyin_check(space, h->msgh_remote_port, dest_disp) != KERN_SUCCESS)
		return MACH_SEND_INVALID_DEST;
	if (h->msgh_local_port == MACH_PORT_NULL)
		return MACH_MSG_SUCCESS;
	if (!is_send_disposition(reply_disp) ||
	    ipc_right_copyin_check(space, h->msgh_local_port, reply_disp) != KERN_SUCCESS)
		return MACH_SEND_INVALID_REPLY;
	if (h->msgh_local_port == h->msgh_remote_port) {
		/* One name for both: it must hold enough for the two rights. */
		struct ipc_entry *e = ipc_space_lookup(space, h->msgh_remote_port);
		bool moves_once = dest_disp == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
		                  reply_disp == MACH_MSG_TYPE_MOVE_SEND_ONCE;
		bool moves_send =
		    dest_disp == MACH_MSG_TYPE_MOVE_SEND || reply_disp == MACH_MSG_TYPE_MOVE_SEND;
		if (moves_once || (moves_send && e->urefs < 2))
			return MACH_SEND_INVALID_REPLY;
	}
	return MACH_MSG_SUCCESS;
}

/* Gives a message that could not be queued back to its sender (XNU's pseudo-receive). */
static void return_rights(struct ipc_space *space, struct ipc_kmsg *kmsg)
{
	mach_port_name_t ignored;

	if (kmsg->dest &&
	    ipc_right_copyout(space, kmsg->dest, kmsg->dest_type, &ignored) != KERN_SUCCESS)
		ipc_right_release(kmsg->dest, kmsg->dest_type);
	if (kmsg->reply &&
	    ipc_right_copyout(space, kmsg->reply, kmsg->reply_type, &ignored) != KERN_SUCCESS)
		ipc_right_release(kmsg->reply, kmsg->reply_type);
	kmsg->dest = kmsg->reply = NULL;
	/* Body rights come back too; out-of-line memory never left the sender. */
	if (kmsg->descs)
		ipc_kmsg_copyout_body_rights(kmsg, space);
	ipc_kmsg_free(kmsg);
}

/*
 * Whether a header has the shape of an RPC's call or reply, which the fast
 * paths take: no descriptors; COPY_SEND or MOVE_SEND_ONCE for the
 * destination; MAKE_SEND_ONCE on another name, or nothing, for the reply.
 */
static bool is_rpc_shaped(const mach_msg_header_t *h)
{
	mach_msg_type_name_t dest_disp = MACH_MSGH_BITS_REMOTE(h->msgh_bits);

	return !(h->msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	       (dest_disp == MACH_MSG_TYPE_COPY_SEND ||
	        dest_disp == MACH_MSG_TYPE_MOVE_SEND_ONCE) &&
	       (h->msgh_local_port == MACH_PORT_NULL ||
	        (MACH_MSGH_BITS_LOCAL(h->msgh_bits) == MACH_MSG_TYPE_MAKE_SEND_ONCE &&
	         h->msgh_local_port != h->msgh_remote_port));
}

/*
 * Looks up an RPC-shaped header's names in `space`, each once: the
 * destination port, with the names' entries in *de and *re (NULL without a
 * reply port); or NULL when a right is missing, its port has died (the
 * general path's lookup makes the dead name) or its queue limit is 0, for
 * the general path. ipc_lock held.
 */
static inline __attribute__((always_inline)) struct ipc_port *
rpc_header_lookup(struct ipc_space *space, const mach_msg_header_t *h, struct ipc_entry **de,
                  struct ipc_entry **re)
{
	mach_port_type_t dest_right = MACH_MSGH_BITS_REMOTE(h->msgh_bits) == MACH_MSG_TYPE_COPY_SEND
	                                  ? MACH_PORT_TYPE_SEND
	                                  : MACH_PORT_TYPE_SEND_ONCE;

	*re = NULL;
	if (h->msgh_local_port != MACH_PORT_NULL) {
		*re = ipc_space_entry(space, h->msgh_local_port);
		if (!*re || !((*re)->type & MACH_PORT_TYPE_RECEIVE))
			return NULL;
	}
	*de = ipc_space_entry(space, h->msgh_remote_port);
	/*
	 * A queue limit of 0 stands for a dead port too (ipc_port.h): one look
	 * leaves both to the general path, where a limit of 0 holds back every
	 * message sent with a send right, as XNU's does.
	 */
	if (!*de || !((*de)->type & dest_right) || (*de)->port->qlimit == 0)
		return NULL;
	return (*de)->port;
}

/*
 * Takes the send-once right of entry `de` (name `name`) out of `space`: the
 * entry goes, and the right and its reference are the caller's. ipc_lock
 * held.
 */
static inline __attribute__((always_inline)) struct ipc_port *
take_send_once(struct ipc_space *space, struct ipc_entry *de, mach_port_name_t name)
{
	struct ipc_port *port = de->port;

	de->type = 0;
	de->urefs = 0;
	de->port = NULL;
	if (port->dnrequests)
		ipc_port_dnrequest_cancel(port, space, name, true);
	ipc_space_free(space, name);
	return port;
}

/*
 * Takes the rights rpc_header_lookup found into the message. The three
 * dispositions an RPC uses are spelled out here; they do what
 * ipc_right_copyin_entry does for them. ipc_lock held.
 */
static inline __attribute__((always_inline)) void rpc_header_copyin(struct ipc_space *space,
                                                                    struct ipc_kmsg *kmsg,
                                                                    struct ipc_entry *de,
                                                                    struct ipc_entry *re)
{
	mach_msg_header_t *h = &kmsg->header;
	struct ipc_port *dest = de->port;

	kmsg->dest = dest;
	if (MACH_MSGH_BITS_REMOTE(h->msgh_bits) == MACH_MSG_TYPE_COPY_SEND) {
		ipc_port_copy_send(dest);
		kmsg->dest_type = MACH_MSG_TYPE_PORT_SEND;
	} else {
		/* MOVE_SEND_ONCE: the right and the entry's reference move into the message. */
		take_send_once(space, de, h->msgh_remote_port);
		kmsg->dest_type = MACH_MSG_TYPE_PORT_SEND_ONCE;
	}
	if (re) {
		/* MAKE_SEND_ONCE from the receive right. */
		re->port->sorights++;
		ipc_port_reference(re->port);
		kmsg->reply = re->port;
		kmsg->reply_type = MACH_MSG_TYPE_PORT_SEND_ONCE;
	}
}

/*
 * Moves a message's reply right, `port` of `type` with its reference, into
 * `space`: its name there, or MACH_PORT_DEAD when the space cannot take it
 * (the right is released). A send-once right, an RPC's, always takes a new
 * name, spelled out here. ipc_lock held.
 */
static inline __attribute__((always_inline)) mach_port_name_t
copyout_reply(struct ipc_space *space, struct ipc_port *port, mach_msg_type_name_t type)
{
	mach_port_name_t name;
	struct ipc_entry *e;

	if (type == MACH_MSG_TYPE_PORT_SEND_ONCE && port->active &&
	    (e = ipc_space_alloc_entry(space)) != NULL) {
		e->port = port;
		e->type = MACH_PORT_TYPE_SEND_ONCE;
		e->urefs = 1;
		return ipc_space_entry_name(space, e);
	}
	if (ipc_right_copyout(space, port, type, &name) != KERN_SUCCESS) {
		ipc_right_release(port, type);
		name = MACH_PORT_DEAD;
	}
	return name;
}

/*
 * rpc_header_copyin then deliver_header, in one for a message handed to a
 * waiting thread: the rights rpc_header_lookup found in the sender's `space`
 * go straight into the receiver's `to`, and the header becomes the one it
 * sees, reported under `local_name`. A COPY_SEND destination is only
 * borrowed (the sender's right stands); a MOVE_SEND_ONCE one leaves the
 * sender and is used up; MAKE_SEND_ONCE makes the reply right under a new
 * name in `to`. ipc_lock held.
 */
static inline __attribute__((always_inline)) void
rpc_header_hand_over(struct ipc_space *space, mach_msg_header_t *h, struct ipc_entry *de,
                     struct ipc_entry *re, struct ipc_space *to, mach_port_name_t local_name)
{
	mach_msg_type_name_t dest_type = MACH_MSG_TYPE_PORT_SEND;
	mach_msg_type_name_t reply_type = 0;
	mach_port_name_t reply_name = MACH_PORT_NULL;

	if (MACH_MSGH_BITS_REMOTE(h->msgh_bits) == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
		dest_type = MACH_MSG_TYPE_PORT_SEND_ONCE;
		ipc_right_consume(take_send_once(space, de, h->msgh_remote_port), dest_type);
	}
	if (re) {
		reply_type = MACH_MSG_TYPE_PORT_SEND_ONCE;
		re->port->sorights++;
		ipc_port_reference(re->port);
		reply_name = copyout_reply(to, re->port, reply_type);
	}
	h->msgh_bits = MACH_MSGH_BITS(reply_type, dest_type); /* never complex (rpc_bits) */
	h->msgh_remote_port = reply_name;
	h->msgh_local_port = local_name;
}

/* The trace record of an RPC-shaped send to `port`. */
static void trace_rpc_send(struct ipc_port *port, const struct ipc_kmsg *kmsg)
{
	ipc_trace_record(IPC_TRACE_SEND, port->id, kmsg->header.msgh_id, kmsg->size, 0,
	                 MACH_MSG_SUCCESS);
}

/*
 * The message the caller sends, copied into a new kernel message with its
 * body's out-of-line memory (not yet its rights). Errors are MACH_SEND_*.
 */
static mach_msg_return_t mach_msg_copyin(struct task *task, vaddr_t msg, mach_msg_size_t send_size,
                                         struct ipc_kmsg **out)
{
	if (send_size < sizeof(mach_msg_header_t) || (send_size & 3))
		return MACH_SEND_MSG_TOO_SMALL;
	if (send_size > IPC_KMSG_MAX_SIZE)
		return MACH_SEND_TOO_LARGE;
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc_uncleared(send_size);
	if (!kmsg)
		return MACH_SEND_NO_BUFFER;
	if (copyin(msg, &kmsg->header, send_size) != KERN_SUCCESS) {
		ipc_kmsg_free(kmsg);
		return MACH_SEND_INVALID_DATA;
	}
	mach_msg_header_t *h = &kmsg->header;
	if (h->msgh_bits & ~MACH_MSGH_BITS_USER) {
		ipc_kmsg_free(kmsg);
		return MACH_SEND_INVALID_HEADER;
	}
	h->msgh_size = send_size;
	if (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		mach_msg_return_t body = ipc_kmsg_copyin_body_memory(kmsg, task->map);
		if (body != MACH_MSG_SUCCESS) {
			ipc_kmsg_free(kmsg);
			return body;
		}
	}
	h->msgh_voucher_port = MACH_PORT_NULL;
	kmsg->sender_id = (uint32_t)task->id;
	*out = kmsg;
	return MACH_MSG_SUCCESS;
}

/* The general send of a message mach_msg_copyin made; on failure the message is gone. */
static mach_msg_return_t mach_msg_send(struct task *task, struct ipc_kmsg *kmsg,
                                       mach_msg_option_t option, mach_msg_timeout_t timeout)
{
	mach_msg_header_t *h = &kmsg->header;
	bool complex = h->msgh_bits & MACH_MSGH_BITS_COMPLEX;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = task->itk_space;
	mach_msg_return_t mr = check_header_rights(space, h);
	if (mr != MACH_MSG_SUCCESS) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		ipc_kmsg_free(kmsg);
		return mr;
	}
	ipc_right_copyin(space, h->msgh_remote_port, MACH_MSGH_BITS_REMOTE(h->msgh_bits),
	                 &kmsg->dest, &kmsg->dest_type);
	if (h->msgh_local_port != MACH_PORT_NULL)
		ipc_right_copyin(space, h->msgh_local_port, MACH_MSGH_BITS_LOCAL(h->msgh_bits),
		                 &kmsg->reply, &kmsg->reply_type);
	if (complex) {
		mr = ipc_kmsg_copyin_body_rights(kmsg, space);
		if (mr != MACH_MSG_SUCCESS) {
			/* The header's rights go back; the body's were never taken. */
			return_rights(space, kmsg);
			spin_unlock_irqrestore(&ipc_lock, daif);
			return mr;
		}
	}
	struct ipc_kmsg_region give_away[IPC_KMSG_MAX_DESCRIPTORS];
	unsigned ngive = complex ? ipc_kmsg_regions_to_deallocate(kmsg, give_away) : 0;

	struct ipc_port *port = kmsg->dest;
	if (port->kotype != IKOT_NONE && port->kobject) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		ipc_trace_record(IPC_TRACE_SEND, port->id, h->msgh_id, kmsg->size, kmsg->ndescs,
		                 MACH_MSG_SUCCESS);
		ipc_kobject_server(kmsg);
		for (unsigned i = 0; i < ngive; i++)
			vm_map_remove(task->map, give_away[i].start, give_away[i].end);
		return MACH_MSG_SUCCESS;
	}
	uint64_t deadline = (option & MACH_SEND_TIMEOUT) ? deadline_after(timeout) : 0;
	/* A full queue makes senders wait; send-once rights (replies) always get through. */
	while (port->active && port->msgcount >= port->qlimit &&
	       kmsg->dest_type != MACH_MSG_TYPE_PORT_SEND_ONCE) {
		enum wait_result r = WAIT_TIMED_OUT;
		if (!(option & MACH_SEND_TIMEOUT) || timeout != 0)
			r = ipc_port_wait(&port->senders, deadline, &daif);
		if (r == WAIT_AWAKENED)
			continue;
		if (!port->active)
			break;
		return_rights(space, kmsg);
		spin_unlock_irqrestore(&ipc_lock, daif);
		return r == WAIT_TIMED_OUT ? MACH_SEND_TIMED_OUT : MACH_SEND_INTERRUPTED;
	}
	if (!port->active) {
		ipc_kmsg_destroy(kmsg);
		spin_unlock_irqrestore(&ipc_lock, daif);
		return MACH_SEND_INVALID_DEST;
	}
	ipc_trace_record(IPC_TRACE_SEND, port->id, h->msgh_id, kmsg->size, kmsg->ndescs,
	                 MACH_MSG_SUCCESS);
	ipc_port_enqueue(port, kmsg);
	spin_unlock_irqrestore(&ipc_lock, daif);
	for (unsigned i = 0; i < ngive; i++)
		vm_map_remove(task->map, give_away[i].start, give_away[i].end);
	return MACH_MSG_SUCCESS;
}

/*
 * Writes the trailer the receiver asked for (trailer_sizes) right after the
 * message body, in the room ipc_kmsg keeps there; the sender's security
 * token is zero.
 */
static inline __attribute__((always_inline)) void
put_trailer(struct ipc_kmsg *kmsg, mach_msg_size_t trailer_size, uint32_t seqno)
{
	/* Message sizes are multiples of 4, which is all the trailer's alignment. */
	mach_msg_audit_trailer_t *t = (void *)((uint8_t *)&kmsg->header + kmsg->size);

	t->msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t->msgh_trailer_size = trailer_size;
	if (trailer_size > offsetof(mach_msg_audit_trailer_t, msgh_seqno))
		t->msgh_seqno = seqno;
	if (trailer_size > offsetof(mach_msg_audit_trailer_t, msgh_sender))
		t->msgh_sender = (security_token_t){{0, 0}};
	if (trailer_size > offsetof(mach_msg_audit_trailer_t, msgh_audit))
		/* The pid slot holds the kernel's task id; the rest are 0. */
		t->msgh_audit = (audit_token_t){{0, 0, 0, 0, 0, kmsg->sender_id, 0, 0}};
}

/* Checks a receive's trailer request and fills in *rcv from mach_msg's arguments. */
static mach_msg_return_t receive_args(struct mach_msg_receive *rcv, vaddr_t msg,
                                      mach_msg_option_t option, mach_msg_size_t rcv_size,
                                      mach_port_name_t rcv_name, mach_msg_timeout_t timeout)
{
	unsigned elements = GET_RCV_ELEMENTS(option);

	if ((option >> 28) != MACH_MSG_TRAILER_FORMAT_0 || elements > MACH_RCV_TRAILER_AUDIT)
		return MACH_RCV_INVALID_TRAILER;
	*rcv = (struct mach_msg_receive){
	    .msg = msg,
	    .option = option,
	    .rcv_size = rcv_size,
	    .rcv_name = rcv_name,
	    .timeout = timeout,
	    .deadline = (option & MACH_RCV_TIMEOUT) ? deadline_after(timeout) : 0,
	    .trailer_size = trailer_sizes[elements],
	};
	return MACH_MSG_SUCCESS;
}

/* The room a sender handing a message over must see; the trailer comes on top. */
static mach_msg_size_t receive_room(const struct mach_msg_receive *rcv)
{
	return rcv->rcv_size > rcv->trailer_size ? rcv->rcv_size - rcv->trailer_size : 0;
}

/*
 * Receives `kmsg` into `space`, reported under `local_name`: the destination
 * right is used up, the reply right moves into the space and the header
 * becomes the one the receiver sees. Body rights are the caller's to move.
 * ipc_lock held.
 */
static inline __attribute__((always_inline)) void
deliver_header(struct ipc_space *space, struct ipc_kmsg *kmsg, mach_port_name_t local_name)
{
	mach_msg_header_t *h = &kmsg->header;
	mach_port_name_t reply_name = MACH_PORT_NULL;
	mach_msg_type_name_t reply_type = 0;

	if (kmsg->reply) {
		reply_type = kmsg->reply_type;
		reply_name = copyout_reply(space, kmsg->reply, reply_type);
		kmsg->reply = NULL;
	}
	h->msgh_bits =
	    MACH_MSGH_BITS(reply_type, kmsg->dest_type) | (h->msgh_bits & MACH_MSGH_BITS_COMPLEX);
	h->msgh_remote_port = reply_name;
	h->msgh_local_port = local_name;
	if (kmsg->dest) /* NULL when only lent (mach_msg_deliver_from_kernel) */
		ipc_right_consume(kmsg->dest, kmsg->dest_type);
	kmsg->dest = NULL;
}

/* Copies message and trailer out to `to` and frees the buffer: the receive's result. */
static inline __attribute__((always_inline)) mach_msg_return_t
copyout_message(struct ipc_kmsg *kmsg, vaddr_t to, mach_msg_size_t size, mach_msg_return_t mr)
{
	if (copyout(&kmsg->header, to, size) != KERN_SUCCESS)
		mr = MACH_RCV_INVALID_DATA;
	ipc_kmsg_free(kmsg);
	return mr;
}

/*
 * Gives the caller `kmsg`, received from `port` (a reference the caller gave
 * up to this) with sequence number `seqno`, reported under `local_name`: its
 * rights move into the task's space, then message and trailer are copied out.
 * Called with ipc_lock held (flags in daif); returns with it released.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
deliver(struct task *task, const struct mach_msg_receive *rcv, struct ipc_port *port,
        mach_port_name_t local_name, struct ipc_kmsg *kmsg, uint32_t seqno, uint64_t daif)
{
	struct ipc_space *space = task->itk_space;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	ipc_trace_record(IPC_TRACE_RECEIVE, port->id, kmsg->header.msgh_id, kmsg->size,
	                 kmsg->ndescs, MACH_MSG_SUCCESS);
	deliver_header(space, kmsg, local_name);
	bool complex = kmsg->header.msgh_bits & MACH_MSGH_BITS_COMPLEX;
	if (complex)
		ipc_kmsg_copyout_body_rights(kmsg, space);
	ipc_port_release(port);
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (complex)
		mr = ipc_kmsg_copyout_body_memory(kmsg, task->map);
	put_trailer(kmsg, rcv->trailer_size, seqno);
	return copyout_message(kmsg, rcv->msg, kmsg->size + rcv->trailer_size, mr);
}

/*
 * Copies out `kmsg`, which a sender received for this thread (handoff_give)
 * in its current receive, and keeps the buffer as its spare when it has none:
 * a handed message carries no rights or descriptors any more. Interrupts
 * masked.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
copyout_delivered(struct thread *self, struct ipc_kmsg *kmsg)
{
	const struct mach_msg_receive *rcv = &self->ipc_receive;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	self->ipc_handoff = NULL;
	self->ipc_handoff_delivered = false;
	if (copyout(&kmsg->header, rcv->msg, kmsg->size + rcv->trailer_size) != KERN_SUCCESS)
		mr = MACH_RCV_INVALID_DATA;
	/* A handed message is small (handoff_give) and clean already (ipc_kmsg_clean). */
	if (!self->ipc_kmsg_spare)
		self->ipc_kmsg_spare = kmsg;
	else
		ipc_kmsg_free(kmsg);
	return mr;
}

/* A receive's result, traced when it is a failure (successes are traced with their port). */
static mach_msg_return_t receive_result(mach_msg_return_t mr)
{
	if (mr != MACH_MSG_SUCCESS)
		ipc_trace_record(IPC_TRACE_RECEIVE, 0, 0, 0, 0, mr);
	return mr;
}

/*
 * The continuation of a receiver whose sender received its message for it
 * (handoff_give): mach_msg ends with the copy out.
 */
static void mach_msg_receive_done(struct trap_frame *tf)
{
	struct thread *self = current_thread();

	spin_unlock(&sched_lock);
	tf->x[0] = (uint64_t)receive_result(copyout_delivered(self, self->ipc_handoff));
	if (thread_ast_pending())
		thread_ast();
}

/*
 * Receives from `port` (a reference the caller gave up to this), waiting for
 * a message. With `waited`, the receive has waited already, the wait ending
 * with `r` (mach_msg_receive_continue). Called with ipc_lock held (flags in
 * daif); returns with it released.
 */
static mach_msg_return_t receive_waited_locked(struct task *task,
                                               const struct mach_msg_receive *rcv,
                                               struct ipc_port *port, bool waited,
                                               enum wait_result r, uint64_t daif)
{
	struct ipc_space *space = task->itk_space;
	mach_msg_option_t option = rcv->option;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct ipc_kmsg *kmsg;
	struct thread *self = current_thread();
	bool handed = false;
	for (;;) {
		if (waited) {
			/* Handed over (ipc_handoff): received, whatever woke us after. */
			if ((kmsg = self->ipc_handoff) != NULL) {
				handed = true;
				break;
			}
			if (r == WAIT_TIMED_OUT && !port->queue_head) {
				mr = MACH_RCV_TIMED_OUT;
				break;
			}
			if ((r == WAIT_INTERRUPTED && port->active && port->receiver == space &&
			     !port->queue_head && self->terminating) ||
			    r == WAIT_ABORTED) {
				mr = MACH_RCV_INTERRUPTED;
				break;
			}
		}
		/*
		 * A receive right that moved while we waited (away, or back under
		 * another name) is no longer the one asked for, whatever is queued.
		 */
		if (port->active &&
		    (port->receiver != space || port->receiver_name != rcv->rcv_name)) {
			mr = MACH_RCV_PORT_CHANGED;
			break;
		}
		if ((kmsg = port->queue_head) != NULL)
			break;
		if (!port->active) {
			mr = MACH_RCV_PORT_DIED;
			break;
		}
		if ((option & MACH_RCV_TIMEOUT) && rcv->timeout == 0) {
			mr = MACH_RCV_TIMED_OUT;
			break;
		}
		self->ipc_rcv_port = port;
		self->ipc_rcv_room = receive_room(rcv);
		r = ipc_port_wait(&port->receivers, rcv->deadline, &daif);
		waited = true;
		self->ipc_rcv_port = NULL;
	}
	if (handed && self->ipc_handoff_delivered) {
		ipc_port_release(port);
		spin_unlock_irqrestore(&ipc_lock, daif);
		return copyout_delivered(self, kmsg);
	}
	if (mr != MACH_MSG_SUCCESS) {
		ipc_port_release(port);
		spin_unlock_irqrestore(&ipc_lock, daif);
		return mr;
	}
	mach_msg_size_t needed = kmsg->size + rcv->trailer_size;
	if (!handed && needed > rcv->rcv_size) {
		if (!(option & MACH_RCV_LARGE)) {
			/* Received and thrown away: it still takes a sequence number. */
			port->seqno++;
			ipc_kmsg_destroy(ipc_port_dequeue(port));
		}
		ipc_port_release(port);
		spin_unlock_irqrestore(&ipc_lock, daif);
		/* With MACH_RCV_LARGE the message stays queued; msgh_size tells the room it needs.
		 */
		if ((option & MACH_RCV_LARGE) && rcv->rcv_size >= sizeof(mach_msg_header_t))
			copyout(&needed, rcv->msg + offsetof(mach_msg_header_t, msgh_size),
			        sizeof(needed));
		return MACH_RCV_TOO_LARGE;
	}
	uint32_t seqno;
	if (handed) {
		self->ipc_handoff = NULL;
		seqno = self->ipc_handoff_seqno;
	} else {
		ipc_port_dequeue(port);
		seqno = port->seqno++;
	}
	return deliver(task, rcv, port, rcv->rcv_name, kmsg, seqno, daif);
}

/* receive_waited_locked before any wait. */
static mach_msg_return_t receive_locked(struct task *task, const struct mach_msg_receive *rcv,
                                        struct ipc_port *port, uint64_t daif)
{
	return receive_waited_locked(task, rcv, port, false, WAIT_AWAKENED, daif);
}

/*
 * Receives from `pset` (a reference the caller gave up to this), waiting
 * until a member has a message or a sender hands one over (ipc_handoff). With
 * `waited`, the receive has waited already, the wait ending with `r` (mach_msg_receive_continue).
 * The message is reported under the member's own name. Called with ipc_lock
 * held (flags in daif); returns with it released.
 */
static mach_msg_return_t receive_set_waited_locked(struct task *task,
                                                   const struct mach_msg_receive *rcv,
                                                   struct ipc_pset *pset, bool waited,
                                                   enum wait_result r, uint64_t daif)
{
	mach_msg_option_t option = rcv->option;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct thread *self = current_thread();
	struct ipc_kmsg *kmsg = NULL;
	struct ipc_port *ready = NULL;

	for (;;) {
		if (waited) {
			/* Handed over: received, whatever woke us after. */
			if ((kmsg = self->ipc_handoff) != NULL)
				break;
			if (r == WAIT_TIMED_OUT && !ipc_pset_ready_member(pset)) {
				mr = MACH_RCV_TIMED_OUT;
				break;
			}
			if ((r == WAIT_INTERRUPTED && self->terminating) || r == WAIT_ABORTED) {
				mr = MACH_RCV_INTERRUPTED;
				break;
			}
		}
		if ((ready = ipc_pset_ready_member(pset)) != NULL)
			break;
		if (!pset->active) {
			mr = MACH_RCV_PORT_DIED;
			break;
		}
		if ((option & MACH_RCV_TIMEOUT) && rcv->timeout == 0) {
			mr = MACH_RCV_TIMED_OUT;
			break;
		}
		self->ipc_rcv_pset = pset;
		self->ipc_rcv_room = receive_room(rcv);
		r = ipc_port_wait(&pset->receivers, rcv->deadline, &daif);
		waited = true;
		self->ipc_rcv_pset = NULL;
	}
	ipc_pset_release(pset);
	if (kmsg && self->ipc_handoff_delivered) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return copyout_delivered(self, kmsg);
	}
	if (kmsg) {
		self->ipc_handoff = NULL;
		struct ipc_port *port = self->ipc_handoff_port;
		self->ipc_handoff_port = NULL;
		return deliver(task, rcv, port, port->receiver_name, kmsg, self->ipc_handoff_seqno,
		               daif);
	}
	if (mr != MACH_MSG_SUCCESS) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return mr;
	}
	/* The message is reported under the member's own name. */
	struct mach_msg_receive member = *rcv;
	member.rcv_name = ready->receiver_name;
	ipc_port_reference(ready);
	return receive_locked(task, &member, ready, daif);
}

/* receive_set_waited_locked before any wait, taking its own reference to `pset`. */
static mach_msg_return_t receive_set_locked(struct task *task, const struct mach_msg_receive *rcv,
                                            struct ipc_pset *pset, uint64_t daif)
{
	ipc_pset_reference(pset);
	return receive_set_waited_locked(task, rcv, pset, false, WAIT_AWAKENED, daif);
}

/* Where a receive_continue_locked wait that no sender ended resumes. */
static void mach_msg_receive_continue(struct trap_frame *tf)
{
	struct thread *self = current_thread();
	enum wait_result r = self->wait_result;

	spin_unlock(&sched_lock);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *port = self->ipc_rcv_port;
	struct ipc_pset *pset = self->ipc_rcv_pset;
	mach_msg_return_t mr;
	self->ipc_rcv_port = NULL;
	self->ipc_rcv_pset = NULL;
	if (pset) {
		ipc_port_unwait(&pset->receivers, self);
		mr = receive_set_waited_locked(self->task, &self->ipc_receive, pset, true, r, daif);
	} else {
		ipc_port_unwait(&port->receivers, self);
		mr = receive_waited_locked(self->task, &self->ipc_receive, port, true, r, daif);
	}
	tf->x[0] = (uint64_t)receive_result(mr);
	if (thread_ast_pending())
		thread_ast();
}

static mach_msg_return_t mach_msg_receive(struct task *task, const struct mach_msg_receive *rcv)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_entry *e = ipc_space_lookup(task->itk_space, rcv->rcv_name);
	if (e && (e->type & MACH_PORT_TYPE_PORT_SET))
		return receive_set_locked(task, rcv, e->pset, daif);
	if (!e || !(e->type & MACH_PORT_TYPE_RECEIVE)) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return MACH_RCV_INVALID_NAME;
	}
	if (e->port->pset) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return MACH_RCV_IN_SET;
	}
	ipc_port_reference(e->port);
	return receive_locked(task, rcv, e->port, daif);
}

/*
 * Whether a SEND|RCV's caller receives from something of its own with
 * nothing queued: a port not in a set (*port), or a set (*pset) none of whose
 * members has a message. The receive then certainly waits, and can run
 * another thread as it does (see mach_msg_fast). A client receives its reply
 * on the port it named for it in the header, which is looked up already
 * (re). ipc_lock held.
 */
static inline __attribute__((always_inline)) bool
idle_receive(struct ipc_space *space, mach_port_name_t rcv_name, const mach_msg_header_t *h,
             struct ipc_entry *re, struct ipc_port **port, struct ipc_pset **pset)
{
	struct ipc_entry *ce =
	    re && rcv_name == h->msgh_local_port ? re : ipc_space_entry(space, rcv_name);

	*port = NULL;
	*pset = NULL;
	if (!ce)
		return false;
	if (ce->type & MACH_PORT_TYPE_RECEIVE) {
		struct ipc_port *rport = ce->port;
		if (rport->pset || rport->queue_head || !rport->active || rport->receiver != space)
			return false;
		*port = rport;
		return true;
	}
	if (!(ce->type & MACH_PORT_TYPE_PORT_SET) || !ce->pset->active ||
	    ipc_pset_ready_member(ce->pset))
		return false;
	*pset = ce->pset;
	return true;
}

/* The name a message to `port` handed to `receiver` is reported under. */
static inline __attribute__((always_inline)) mach_port_name_t
handoff_local_name(const struct ipc_port *port, const struct thread *receiver)
{
	return receiver->ipc_rcv_pset ? port->receiver_name : receiver->ipc_receive.rcv_name;
}

/*
 * Hands `kmsg` (a message without descriptors sent to `port` by `sender`,
 * NULL for the kernel, in a buffer of the cache's size: no larger than
 * IPC_KMSG_CACHED_SIZE), its header already the one `receiver` sees, to
 * `receiver`, ipc_handoff_receiver's answer: takes it off its wait list,
 * traces the message, writes the trailer. The receiver then only copies it
 * out, once handoff_restart_locked has sent it there. ipc_lock held.
 */
static inline __attribute__((always_inline)) void handoff_give(struct thread *sender,
                                                               struct ipc_port *port,
                                                               struct thread *receiver,
                                                               struct ipc_kmsg *kmsg)
{
	struct ipc_pset *pset = receiver->ipc_rcv_pset;

	if (pset)
		pset->receivers = receiver->ipc_wait_next;
	else
		port->receivers = receiver->ipc_wait_next;
	receiver->ipc_wait_next = NULL;
	ipc_trace_handoff(sender, receiver, port->id, kmsg->header.msgh_id, kmsg->size);
	put_trailer(kmsg, receiver->ipc_receive.trailer_size, port->seqno++);
	receiver->ipc_handoff = kmsg;
	receiver->ipc_handoff_delivered = true;
}

/*
 * The end of a handoff_give to `receiver` on `port`: if it still waits, it
 * does so in mach_msg_receive_done, its kernel stack given up (its wait held
 * nothing but a reference to its port or set, released here); otherwise its
 * own receive finds the message delivered. ipc_lock and sched_lock held.
 */
static inline __attribute__((always_inline)) void handoff_restart_locked(struct ipc_port *port,
                                                                         struct thread *receiver)
{
	struct ipc_pset *pset = receiver->ipc_rcv_pset;

	if (!thread_restart_waiting_locked(receiver, mach_msg_receive_done))
		return;
	receiver->ipc_rcv_port = NULL;
	receiver->ipc_rcv_pset = NULL;
	if (pset)
		ipc_pset_release(pset);
	else
		ipc_port_release(port);
}

/*
 * The receive of the caller, `self`, from its idle port `port` or set `pset`
 * (idle_receive) after it handed a message to `next` (handoff_give, on
 * port `handed_to`, or the answer of a forwarded call when that is NULL): it
 * waits keeping nothing of its kernel stack (its arguments are in
 * thread->ipc_receive and ipc_rcv_room; the wait holds a reference to the
 * port or set) and the CPU goes straight to `next`. A sender that hands it a
 * message receives it for it (handoff_give); whatever else ends the wait
 * resumes the receive at mach_msg_receive_continue. Called with ipc_lock
 * held; does not return.
 */
static inline __attribute__((always_inline, noreturn)) void
receive_continue_locked(struct thread *self, struct ipc_port *port, struct ipc_pset *pset,
                        struct thread *next, struct ipc_port *handed_to)
{
	struct thread **waiters;

	if (pset) {
		ipc_pset_reference(pset);
		self->ipc_rcv_pset = pset;
		waiters = &pset->receivers;
	} else {
		ipc_port_reference(port);
		self->ipc_rcv_port = port;
		waiters = &port->receivers;
	}
	ipc_port_wait_enqueue(waiters, self);
	/* Hand ipc_lock over to sched_lock with interrupts still masked. */
	spin_lock(&sched_lock);
	if (handed_to)
		handoff_restart_locked(handed_to, next);
	spin_unlock(&ipc_lock);
	sched_block_handoff_continue(next, mach_msg_receive_continue);
}

void mach_msg_deliver_from_kernel(struct ipc_port *port, struct thread *receiver,
                                  struct ipc_kmsg *kmsg)
{
	deliver_header(receiver->task->itk_space, kmsg, handoff_local_name(port, receiver));
	handoff_give(NULL, port, receiver, kmsg);
	spin_lock(&sched_lock);
	handoff_restart_locked(port, receiver);
	spin_unlock(&sched_lock);
}

/*
 * The fast path of a plain send, an RPC's call or reply: an RPC-shaped
 * message (is_rpc_shaped) to a kernel object (a forwarded call's reply, say)
 * or to a port whose queue has room (or with a send-once right, which never
 * waits). Each name is looked up once and the header's rights are taken by
 * rpc_header_copyin's spelled-out cases; the trace record, queueing (or
 * handoff to a waiting receiver, see ipc_port_enqueue) and kernel-object
 * dispatch are the general path's. False, with nothing changed, when the
 * general path must send it.
 */
static bool mach_msg_fast(struct task *task, struct ipc_kmsg *kmsg)
{
	struct ipc_entry *de, *re;

	if (!is_rpc_shaped(&kmsg->header))
		return false;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = task->itk_space;
	struct ipc_port *port = rpc_header_lookup(space, &kmsg->header, &de, &re);
	if (!port) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return false;
	}
	bool to_kernel = port->kotype != IKOT_NONE && port->kobject;
	if (!to_kernel && port->msgcount >= port->qlimit &&
	    MACH_MSGH_BITS_REMOTE(kmsg->header.msgh_bits) == MACH_MSG_TYPE_COPY_SEND) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return false;
	}
	rpc_header_copyin(space, kmsg, de, re);
	trace_rpc_send(port, kmsg);
	if (to_kernel) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		ipc_kobject_server(kmsg);
		return true;
	}
	ipc_port_enqueue(port, kmsg);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return true;
}

/*
 * Whether a header is exactly an RPC's call (COPY_SEND or MOVE_SEND_ONCE,
 * and MAKE_SEND_ONCE on another name) or reply (either alone): is_rpc_shaped
 * with no other bits, which leaves vouchers and the like to the general path.
 */
static inline __attribute__((always_inline)) bool rpc_bits(const mach_msg_header_t *h)
{
	mach_msg_bits_t bits = h->msgh_bits;

	if (h->msgh_local_port == MACH_PORT_NULL)
		return bits == MACH_MSG_TYPE_COPY_SEND || bits == MACH_MSG_TYPE_MOVE_SEND_ONCE;
	return h->msgh_local_port != h->msgh_remote_port &&
	       (bits == MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) ||
	        bits == MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_MSG_TYPE_MAKE_SEND_ONCE));
}

/*
 * mach_msg_rpc's answer to a forwarded BSD call (the message's destination,
 * entry `de`, is the calling thread's IKOT_SYSCALL_REPLY port): ipc_kobject_server's
 * work for the reply, then the CPU goes straight to the caller as to a
 * receiver while the server waits on `rport` or `rpset`. Out of line, apart
 * from the RPC path proper. Called with ipc_lock held (flags in daif);
 * returns, with it released, only when the answer was none.
 */
static __attribute__((noinline)) mach_msg_return_t
answer_forwarded(struct task *task, struct ipc_kmsg *kmsg, struct ipc_entry *de,
                 struct thread *caller, struct ipc_port *rport, struct ipc_pset *rpset,
                 uint64_t daif)
{
	struct thread *self = current_thread();

	trace_rpc_send(de->port, kmsg);
	rpc_header_copyin(task->itk_space, kmsg, de, NULL);
	bool answered = syscall_forward_answer(caller, kmsg);
	/*
	 * The reply right is used up by an answer; one that was no answer goes
	 * as ipc_kobject_server lets it go (the call then ends with ENOSYS). The
	 * buffer is the one the caller's next call takes.
	 */
	if (answered)
		ipc_right_consume(kmsg->dest, kmsg->dest_type);
	else
		ipc_right_release(kmsg->dest, kmsg->dest_type);
	kmsg->dest = NULL;
	ipc_kmsg_free_to(kmsg, caller);
	if (answered)
		receive_continue_locked(self, rport, rpset, caller, NULL);
	if (rpset)
		return receive_result(receive_set_locked(task, &self->ipc_receive, rpset, daif));
	ipc_port_reference(rport);
	return receive_result(receive_locked(task, &self->ipc_receive, rport, daif));
}

bool mach_msg_rpc(struct trap_frame *tf)
{
	struct thread *self = current_thread();
	vaddr_t msg = tf->x[0];
	mach_msg_option_t option = (mach_msg_option_t)tf->x[1];
	mach_msg_size_t send_size = (mach_msg_size_t)tf->x[2];
	mach_msg_size_t rcv_size = (mach_msg_size_t)tf->x[3];
	mach_port_name_t rcv_name = (mach_port_name_t)tf->x[4];
	unsigned elements = GET_RCV_ELEMENTS(option);

	if ((option & (MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT)) !=
	        (MACH_SEND_MSG | MACH_RCV_MSG) ||
	    (option >> 28) != MACH_MSG_TRAILER_FORMAT_0 || elements > MACH_RCV_TRAILER_AUDIT ||
	    send_size < sizeof(mach_msg_header_t) || send_size > IPC_KMSG_CACHED_SIZE ||
	    (send_size & 3) || !self->ipc_kmsg_spare)
		return false;
	/* The thread's spare buffer: system calls run with interrupts masked (ipc_kmsg.c). */
	struct ipc_kmsg *kmsg = self->ipc_kmsg_spare;
	mach_msg_header_t *h = &kmsg->header;
	if (copyin(msg, h, send_size) != KERN_SUCCESS || !rpc_bits(h))
		return false;

	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct task *task = self->task;
	struct ipc_space *space = task->itk_space;
	struct ipc_entry *de, *re;
	struct ipc_port *rport;
	struct ipc_pset *rpset;
	struct ipc_port *port = rpc_header_lookup(space, h, &de, &re);
	struct thread *next = NULL;
	bool to_kernel = port && port->kotype != IKOT_NONE && port->kobject;
	if (port && !to_kernel)
		next = ipc_handoff_receiver(port, send_size);
	else if (to_kernel && port->kotype == IKOT_SYSCALL_REPLY && !re)
		next = port->kobject; /* the thread whose forwarded call this answers */
	if (!next || !idle_receive(space, rcv_name, h, re, &rport, &rpset)) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return false;
	}

	/*
	 * Taken: the buffer becomes the message, as mach_msg_copyin would make
	 * it; as a spare it records no link, rights or descriptors already.
	 */
	self->ipc_kmsg_spare = NULL;
	kmsg->size = send_size;
	kmsg->sender_id = (uint32_t)task->id;
	h->msgh_size = send_size;
	h->msgh_voucher_port = MACH_PORT_NULL;
	self->ipc_receive = (struct mach_msg_receive){
	    .msg = msg,
	    .option = option,
	    .rcv_size = rcv_size,
	    .rcv_name = rcv_name,
	    .trailer_size = trailer_sizes[elements],
	};
	self->ipc_rcv_room = receive_room(&self->ipc_receive); /* for its wait */
	if (!to_kernel) {
		rpc_header_hand_over(space, h, de, re, next->task->itk_space,
		                     handoff_local_name(port, next));
		handoff_give(self, port, next, kmsg);
		receive_continue_locked(self, rport, rpset, next, port);
	}
	tf->x[0] = (uint64_t)answer_forwarded(task, kmsg, de, next, rport, rpset, daif);
	if (thread_ast_pending())
		thread_ast();
	return true;
}

mach_msg_return_t mach_msg_trap(vaddr_t msg, mach_msg_option_t option, mach_msg_size_t send_size,
                                mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
                                mach_msg_timeout_t timeout, vaddr_t rcv_msg)
{
	if (!rcv_msg)
		rcv_msg = msg;
	struct thread *self = current_thread();
	struct task *task = self->task;
	/* In the thread: a receive may resume without this stack (mach_msg_receive_continue). */
	struct mach_msg_receive *rcv = &self->ipc_receive;
	mach_msg_return_t mr;

	/* Successes are traced where the port is known; failures here, without one. */
	if (option & MACH_SEND_MSG) {
		struct ipc_kmsg *kmsg;
		mr = mach_msg_copyin(task, msg, send_size, &kmsg);
		if (mr == MACH_MSG_SUCCESS && !mach_msg_fast(task, kmsg))
			mr = mach_msg_send(task, kmsg, option, timeout);
		if (mr != MACH_MSG_SUCCESS) {
			ipc_trace_record(IPC_TRACE_SEND, 0, 0, send_size, 0, mr);
			return mr;
		}
	}
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	mr = receive_args(rcv, rcv_msg, option, rcv_size, rcv_name, timeout);
	if (mr == MACH_MSG_SUCCESS)
		mr = mach_msg_receive(task, rcv);
	return receive_result(mr);
}
