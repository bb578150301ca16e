/*
 * Forwarding BSD system calls to the task's syscall port (the server side is
 * bsdserver). The message format is <mach/syscall_forward.h>.
 */
#ifndef KERN_SYSCALL_FORWARD_H
#define KERN_SYSCALL_FORWARD_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/trap.h"
#include "ipc/ipc_kmsg.h"
#include "kern/thread.h"
#include "mach/syscall_forward.h"

#define SYSCALL_FORWARD_PSTATE_C (1u << 29) /* the carry flag: an error's x0 is its errno */

/*
 * Sends the call in `tf` to the task's syscall port and waits for the answer,
 * which lands in `tf`. Returns false (nothing sent) if the task has no live
 * syscall port.
 */
bool syscall_forward(struct trap_frame *tf, int32_t number);

/* A reply arrived at thread `t`'s syscall reply port. ipc_lock held; consumes nothing. */
void syscall_forward_reply(struct thread *t, const struct ipc_kmsg *reply);

/* syscall_forward_answer's whole look at any reply, out of line (syscall_forward.c). */
bool syscall_forward_answer_other(struct thread *t, const struct ipc_kmsg *reply);

/*
 * syscall_forward_reply without the wakeup: true when the reply answered the
 * call (then `t` is to be woken, or switched to, by the caller); false when
 * it was not one `t` waits for. ipc_lock held; consumes nothing. Inline for
 * the answer of values, which the IPC fast path applies for every call.
 */
static inline bool syscall_forward_answer(struct thread *t, const struct ipc_kmsg *reply)
{
	const struct syscall_forward_reply *values = (const void *)&reply->header;

	if (!t->syscall_waiting || reply->size != sizeof(*values) ||
	    (reply->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    reply->header.msgh_id != SYSCALL_FORWARD_REPLY_ID ||
	    values->kind != SYSCALL_REPLY_VALUES)
		return syscall_forward_answer_other(t, reply);
	struct trap_frame *tf = thread_user_frame(t);
	tf->x[0] = values->rv[0];
	tf->x[1] = values->rv[1];
	tf->spsr = values->carry != 0 ? (tf->spsr | SYSCALL_FORWARD_PSTATE_C)
	                              : (tf->spsr & ~(uint64_t)SYSCALL_FORWARD_PSTATE_C);
	t->syscall_waiting = false;
	return true;
}

/* The reply right died unanswered (the server went away). ipc_lock held. */
void syscall_forward_abandoned(struct thread *t);

#endif
