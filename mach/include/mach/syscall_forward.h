/*
 * How the kernel forwards a BSD system call (svc #0x80 with x16 > 0) to the
 * task's syscall port, and how the server answers. This is Tessera's own
 * kernel-to-bsdserver ABI, not XNU's.
 *
 * The request goes to the task's special port TASK_SYSCALL_PORT (set with
 * task_set_special_port) with a send-once reply right that the kernel itself
 * receives. The caller's identity is the message's audit trailer (ask for
 * MACH_RCV_TRAILER_AUDIT): val[5] is the kernel's task id. The calling thread
 * waits until the reply comes, or until it is terminated.
 *
 * The reply sets x0, x1 and the carry flag (set: x0 is a positive errno), or,
 * with SYSCALL_REPLY_STATE, replaces the thread's whole register state (execve,
 * signal delivery, sigreturn). The kernel checks the reply's id, size and
 * kind. A malformed reply, or a reply right destroyed unanswered (the server
 * died), ends the call with ENOSYS (carry set) rather than leaving the thread
 * waiting.
 */
#ifndef _MACH_SYSCALL_FORWARD_H_
#define _MACH_SYSCALL_FORWARD_H_

#include <stdint.h>

#include "mach/message.h"

#define TASK_SYSCALL_PORT 64 /* task_set_special_port slot (beyond XNU's) */

#define SYSCALL_FORWARD_REQUEST_ID 7000
#define SYSCALL_FORWARD_REPLY_ID   7100

struct syscall_forward_request {
	mach_msg_header_t Head;
	uint32_t number;    /* x16: the BSD system call number */
	uint32_t flags;     /* 0 */
	uint64_t thread_id; /* the kernel's id of the calling thread */
	uint64_t args[8];   /* x0..x7 */
	uint64_t pc;        /* the instruction after the svc */
	uint64_t sp;        /* the caller's stack pointer */
};

#define SYSCALL_REPLY_VALUES 0 /* rv[0], rv[1] into x0, x1; carry into PSTATE.C */
#define SYSCALL_REPLY_STATE  1 /* a whole new arm_thread_state64_t */

struct syscall_forward_reply {
	mach_msg_header_t Head;
	uint32_t kind;  /* SYSCALL_REPLY_VALUES */
	uint32_t carry; /* 1: error, x0 is the errno */
	uint64_t rv[2];
};

struct syscall_forward_state_reply {
	mach_msg_header_t Head;
	uint32_t kind; /* SYSCALL_REPLY_STATE */
	uint32_t pad;
	uint64_t x[29];
	uint64_t fp, lr, sp, pc;
	uint32_t cpsr; /* only the NZCV flags are taken */
	uint32_t flags;
};

#endif
