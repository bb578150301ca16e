/*
 * Forwarding BSD system calls to the task's syscall port (the server side is
 * bsdserver). The message format is <mach/syscall_forward.h>.
 */
#ifndef KERN_SYSCALL_FORWARD_H
#define KERN_SYSCALL_FORWARD_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/trap.h"

struct ipc_kmsg;
struct thread;

/*
 * Sends the call in `tf` to the task's syscall port and waits for the answer,
 * which lands in `tf`. Returns false (nothing sent) if the task has no live
 * syscall port.
 */
bool syscall_forward(struct trap_frame *tf, int32_t number);

/* A reply arrived at thread `t`'s syscall reply port. ipc_lock held; consumes nothing. */
void syscall_forward_reply(struct thread *t, const struct ipc_kmsg *reply);

/*
 * syscall_forward_reply without the wakeup: true when the reply answered the
 * call (then `t` is to be woken, or switched to, by the caller); false when
 * it was not one `t` waits for. ipc_lock held; consumes nothing.
 */
bool syscall_forward_answer(struct thread *t, const struct ipc_kmsg *reply);

/* The reply right died unanswered (the server went away). ipc_lock held. */
void syscall_forward_abandoned(struct thread *t);

#endif
