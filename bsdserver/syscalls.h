/*
 * BSD system calls as they reach bsdserver: a forwarded request
 * (mach/syscall_forward.h) on a process's syscall port becomes a struct
 * sys_call, which the table (syscalls.c, by XNU number) hands to its
 * handler. A handler returns 0 with its results in rv, or an errno; or it
 * keeps the call's reply right (setting call->reply to MACH_PORT_NULL) and
 * returns SYS_DEFERRED, answering later with syscall_reply (or never, if
 * the process goes first). Numbers without
 * a handler answer ENOSYS, and each is logged once, by name.
 */
#ifndef BSDSERVER_SYSCALLS_H
#define BSDSERVER_SYSCALLS_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/mach.h>
#include <mach/syscall_forward.h>

#include "bsdserver/proc.h"

#define SYS_DEFERRED (-1)

struct sys_call {
	struct proc *p;
	uint32_t number;
	const uint64_t *args; /* x0..x7: the request's, valid until the handler returns */
	uint64_t rv[2];       /* x0, x1 on success; zero to start with */
	mach_port_t reply;    /* send-once right to the waiting thread */
};

#define SYSCALL_MAX 560 /* numbers above XNU's highest are unknown */

typedef int (*sys_handler_t)(struct sys_call *call);

/* The handlers by XNU number (syscalls.c); NULL: not written. */
extern const sys_handler_t syscall_handlers[SYSCALL_MAX];

/* A call without a handler: logs its number (once) and returns ENOSYS. */
int syscall_unwritten(const struct sys_call *call);

/*
 * The answer to a call through its send-once reply right (moved by the
 * send): error 0 sets x0 = rv0 and x1 = rv1 with the carry clear, else
 * x0 = error with the carry set.
 */
static inline void syscall_reply_build(struct syscall_forward_reply *m, mach_port_t reply,
                                       int error, uint64_t rv0, uint64_t rv1)
{
	/* Every field written, no memset: each forwarded call builds one. */
	_Static_assert(sizeof(*m) == sizeof(m->Head) + 24, "a field not written below");
	m->Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	m->Head.msgh_size = sizeof(*m);
	m->Head.msgh_remote_port = reply;
	m->Head.msgh_local_port = MACH_PORT_NULL;
	m->Head.msgh_voucher_port = MACH_PORT_NULL;
	m->Head.msgh_id = SYSCALL_FORWARD_REPLY_ID;
	m->kind = SYSCALL_REPLY_VALUES;
	/* The success values, overwritten on error: plain stores, where selecting
	 * between the two cases compiles to vector code twice as long. */
	m->carry = 0;
	m->rv[0] = rv0;
	m->rv[1] = rv1;
	if (error != 0) {
		m->carry = 1;
		m->rv[0] = (uint64_t)error;
		m->rv[1] = 0;
	}
}

/*
 * Runs the call's handler. Returns true with the answer built in *reply,
 * for the caller to send (the receive loop sends it with its next receive,
 * one mach_msg for both); false when the handler kept the call. Inline: the
 * receive loop runs it for every call.
 */
static inline bool syscall_dispatch(struct sys_call *call, struct syscall_forward_reply *reply)
{
	sys_handler_t handler = call->number < SYSCALL_MAX ? syscall_handlers[call->number] : NULL;
	int error = handler != NULL ? handler(call) : syscall_unwritten(call);

	if (error == SYS_DEFERRED || !MACH_PORT_VALID(call->reply))
		return false;
	syscall_reply_build(reply, call->reply, error, call->rv[0], call->rv[1]);
	return true;
}

/* After sending an answer failed with mr: releases the reply right if the send left it. */
void syscall_reply_failed(mach_port_t reply, mach_msg_return_t mr);

/*
 * Whether a kept reply right still has a caller behind it: false, and the
 * dead name released, when the thread went away or its call was aborted
 * (thread_abort gives it EINTR and destroys its reply port). Checked before
 * a deferred call takes input or reaps a child on behalf of nobody.
 */
bool syscall_reply_alive(mach_port_t reply);

/* Builds and sends an answer at once (a call answered later); a dead reply right is released. */
void syscall_reply(mach_port_t reply, int error, uint64_t rv0, uint64_t rv1);

/* The call's name from XNU's syscalls.master, or NULL for a number not listed. */
const char *syscall_name(uint32_t number);

/* Handlers, by area (sys_proc.c, sys_spawn.c, sys_file.c, sys_entropy.c, sys_time.c). */
int sys_exit(struct sys_call *call);
int sys_wait4(struct sys_call *call);
int sys_getpid(struct sys_call *call);
int sys_getppid(struct sys_call *call);
int sys_getuid(struct sys_call *call);
int sys_geteuid(struct sys_call *call);
int sys_getgid(struct sys_call *call);
int sys_getegid(struct sys_call *call);
int sys_issetugid(struct sys_call *call);
int sys_posix_spawn(struct sys_call *call);
int sys_read(struct sys_call *call);
int sys_write(struct sys_call *call);
int sys_readv(struct sys_call *call);
int sys_writev(struct sys_call *call);
int sys_pread(struct sys_call *call);
int sys_open(struct sys_call *call);
int sys_close(struct sys_call *call);
int sys_lseek(struct sys_call *call);
int sys_fstat64(struct sys_call *call);
int sys_dup(struct sys_call *call);
int sys_dup2(struct sys_call *call);
int sys_fcntl(struct sys_call *call);
int sys_ioctl(struct sys_call *call);
int sys_getentropy(struct sys_call *call);
int sys_gettimeofday(struct sys_call *call);
int sys_settimeofday(struct sys_call *call);

/*
 * Answers the wait4 calls of `parent` that a child's end now satisfies
 * (sys_proc.c); called when a child of parent becomes a zombie.
 */
void sys_wait_wake(struct proc *parent);

#endif
