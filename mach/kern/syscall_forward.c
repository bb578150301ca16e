#include "kern/syscall_forward.h"

#include <string.h>

#include "ipc/ipc_handoff.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_trace.h"
#include "ipc/mach_msg.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "mach/syscall_forward.h"

#define EINTR  4  /* what an aborted call gets (thread_abort) */
#define ENOSYS 78 /* what a call gets when its server went away unanswered */

/* Sets x0, x1 and the carry flag of a waiting thread's saved user state. */
static void set_result(struct thread *t, uint64_t x0, uint64_t x1, bool carry)
{
	struct trap_frame *tf = thread_user_frame(t);

	tf->x[0] = x0;
	tf->x[1] = x1;
	tf->spsr = carry ? (tf->spsr | SYSCALL_FORWARD_PSTATE_C)
	                 : (tf->spsr & ~(uint64_t)SYSCALL_FORWARD_PSTATE_C);
}

static void wake(struct thread *t)
{
	spin_lock(&sched_lock);
	sched_wakeup_locked(t, WAIT_AWAKENED);
	spin_unlock(&sched_lock);
}

bool syscall_forward_answer_other(struct thread *t, const struct ipc_kmsg *reply)
{
	const struct syscall_forward_reply *values = (const void *)&reply->header;
	const struct syscall_forward_state_reply *state = (const void *)&reply->header;

	if (!t->syscall_waiting || (reply->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    reply->header.msgh_id != SYSCALL_FORWARD_REPLY_ID)
		return false;
	if (reply->size == sizeof(*values) && values->kind == SYSCALL_REPLY_VALUES) {
		set_result(t, values->rv[0], values->rv[1], values->carry != 0);
	} else if (reply->size == sizeof(*state) && state->kind == SYSCALL_REPLY_STATE) {
		struct trap_frame *tf = thread_user_frame(t);
		memcpy(tf->x, state->x, sizeof(state->x));
		tf->x[29] = state->fp;
		tf->x[30] = state->lr;
		tf->sp_el0 = state->sp;
		tf->elr = state->pc;
		tf->spsr = state->cpsr & 0xf0000000u; /* flags only: EL0, interrupts on */
	} else {
		return false; /* malformed: keep waiting for a proper answer */
	}
	t->syscall_waiting = false;
	return true;
}

void syscall_forward_reply(struct thread *t, const struct ipc_kmsg *reply)
{
	if (syscall_forward_answer(t, reply))
		wake(t);
}

void syscall_forward_abandoned(struct thread *t)
{
	if (!t->syscall_waiting)
		return;
	set_result(t, ENOSYS, 0, true);
	t->syscall_waiting = false;
	wake(t);
}

bool syscall_forward(struct trap_frame *tf, int32_t number)
{
	struct thread *t = current_thread();
	struct task *task = t->task;
	_Static_assert(sizeof(struct syscall_forward_request) <= IPC_KMSG_CACHED_SIZE,
	               "a forwarded call fits the buffer mach_msg_deliver_from_kernel hands over");
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc_uncleared(sizeof(struct syscall_forward_request));

	if (!kmsg)
		return false;
	/* Every byte is written here (the buffer is not cleared). */
	struct syscall_forward_request *req = (void *)&kmsg->header;
	req->Head.msgh_bits = 0;
	req->Head.msgh_size = sizeof(*req);
	req->Head.msgh_remote_port = MACH_PORT_NULL;
	req->Head.msgh_local_port = MACH_PORT_NULL;
	req->Head.msgh_voucher_port = MACH_PORT_NULL;
	req->Head.msgh_id = SYSCALL_FORWARD_REQUEST_ID;
	req->number = (uint32_t)number;
	req->flags = 0;
	req->thread_id = t->id;
	/* The builtin, expanded in place: the freestanding memcpy is a call and a loop. */
	__builtin_memcpy(req->args, tf->x, sizeof(req->args));
	req->pc = tf->elr;
	req->sp = tf->sp_el0;
	kmsg->sender_id = (uint32_t)task->id;

	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *dest = task->syscall_port;
	if (!dest || !dest->active) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		ipc_kmsg_free(kmsg);
		return false;
	}
	if (!t->syscall_reply)
		t->syscall_reply = ipc_kobject_port_alloc(IKOT_SYSCALL_REPLY, t);
	if (!t->syscall_reply) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		ipc_kmsg_free(kmsg);
		return false;
	}
	t->syscall_reply->sorights++;
	ipc_port_reference(t->syscall_reply);
	kmsg->reply = t->syscall_reply;
	kmsg->reply_type = MACH_MSG_TYPE_PORT_SEND_ONCE;
	kmsg->dest_type = MACH_MSG_TYPE_PORT_SEND;
	t->syscall_waiting = true;
	/*
	 * A server thread waiting for it gets it at once, received for it
	 * already, and the CPU with it; the send right it is sent with is only
	 * lent. Like a reply, a forwarded call is never held back by the queue
	 * limit.
	 */
	struct thread *server = ipc_handoff_receiver(dest, kmsg->size);
	if (server) {
		mach_msg_deliver_from_kernel(dest, server, kmsg);
	} else {
		dest->srights++;
		ipc_port_reference(dest);
		kmsg->dest = dest;
		ipc_trace_record(IPC_TRACE_KERNEL, dest->id, SYSCALL_FORWARD_REQUEST_ID, kmsg->size,
		                 0, MACH_MSG_SUCCESS);
		ipc_port_enqueue(dest, kmsg);
	}
	while (t->syscall_waiting) {
		spin_lock(&sched_lock);
		spin_unlock(&ipc_lock);
		enum wait_result r =
		    server ? sched_block_handoff(server, 0, daif) : sched_block(0, daif);
		server = NULL;
		/*
		 * Answered: the answer cleared syscall_waiting under ipc_lock before
		 * the wakeup (sched_lock orders the two), and nothing sets it again
		 * but this thread, so there is nothing to look at under the lock.
		 */
		if (r == WAIT_AWAKENED && !t->syscall_waiting)
			return true;
		daif = spin_lock_irqsave(&ipc_lock);
		if (r == WAIT_INTERRUPTED && t->terminating)
			t->syscall_waiting = false;
		if (r == WAIT_ABORTED && t->syscall_waiting) {
			/* The reply port goes, so a late answer cannot land on the next call. */
			t->syscall_waiting = false;
			ipc_kobject_port_destroy(t->syscall_reply);
			t->syscall_reply = NULL;
			set_result(t, EINTR, 0, true);
		}
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	return true;
}
