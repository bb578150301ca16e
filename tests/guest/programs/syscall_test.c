/*
 * BSD system call forwarding from user mode: this task makes one of its ports
 * its syscall port (task_set_special_port, TASK_SYSCALL_PORT) and a second
 * thread serves the calls the first one makes with `svc #0x80`, x16 > 0:
 * return values with and without the carry flag, a whole new register state,
 * a reply right dropped unanswered, a malformed reply, and the audit trailer
 * naming the caller; then the same answered by mach_msg(SEND|RCV), which
 * the kernel's fast path takes (the CPU goes straight back to the caller).
 * Returns 0 when every check passes.
 */
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "mach/syscall_forward.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define SYS_GETPID    20
#define SYS_WRITE     4
#define SYS_EXECVE    59
#define SYS_ABANDON   77 /* the server drops the reply right */
#define SYS_MALFORMED 78 /* the server answers with a wrong size */
#define ENOSYS        78
#define EBADF         9

static unsigned char server_stack[64 * 1024] __attribute__((aligned(16)));
static volatile uint64_t last_caller_pid, last_thread_id;
static volatile int combined; /* the server answers and waits in one mach_msg */

/* A BSD call: x16 = number; returns x0 and the carry flag. */
static uint64_t bsd_call(int64_t number, uint64_t a0, uint64_t a1, int *carry)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register int64_t x16 __asm__("x16") = number;
	uint64_t c;

	__asm__ volatile("svc #0x80\n\tcset %2, cs"
	                 : "+r"(x0), "+r"(x1), "=r"(c)
	                 : "r"(x16)
	                 : "memory", "cc", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
	                   "x11", "x12", "x13", "x14", "x15", "x17");
	*carry = (int)c;
	return x0;
}

/* In state_call.S: makes a call whose answer is a new register state that resumes it. */
extern uint64_t state_call(int64_t number);

union server_msg {
	struct {
		struct syscall_forward_request req;
		mach_msg_audit_trailer_t trailer;
	} in;
	struct syscall_forward_reply out;
	struct syscall_forward_state_reply state;
};

/* The second thread: serves BSD calls arriving on `port`. */
static void server(uint32_t port)
{
	union server_msg m;
	int received = 0; /* the last combined answer brought the next request */

	for (;;) {
		if (!received &&
		    mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT),
		             0, sizeof(m), port, 0, 0) != MACH_MSG_SUCCESS)
			continue;
		received = 0;
		struct syscall_forward_request req = m.in.req;
		last_caller_pid = m.in.trailer.msgh_audit.val[5];
		last_thread_id = req.thread_id;
		uint32_t reply = req.Head.msgh_remote_port;
		if (req.number == SYS_ABANDON) {
			mach_port_deallocate(task_self(), reply);
			continue;
		}
		m.out.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.out.Head.msgh_remote_port = reply;
		m.out.Head.msgh_local_port = MACH_PORT_NULL;
		m.out.Head.msgh_id = SYSCALL_FORWARD_REPLY_ID;
		uint32_t size = sizeof(m.out);
		if (req.number == SYS_EXECVE) {
			/* Resume at the address in x0, with x0 = 4321 and the caller's stack. */
			__builtin_memset(&m.state.x, 0, sizeof(m.state.x));
			m.state.kind = SYSCALL_REPLY_STATE;
			m.state.x[0] = 4321;
			m.state.pc = req.args[0];
			m.state.sp = req.sp;
			size = sizeof(m.state);
		} else {
			m.out.kind = SYSCALL_REPLY_VALUES;
			m.out.carry = req.number == SYS_WRITE;
			m.out.rv[0] = req.number == SYS_GETPID  ? 1000 + last_caller_pid
			              : req.number == SYS_WRITE ? EBADF
			                                        : req.args[0] + 1;
			m.out.rv[1] = req.args[1];
			if (req.number == SYS_MALFORMED)
				size -= 8;
		}
		if (combined)
			received = mach_msg(&m,
			                    MACH_SEND_MSG | MACH_RCV_MSG |
			                        MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT),
			                    size, sizeof(m), port, 0, 0) == MACH_MSG_SUCCESS;
		else
			mach_msg(&m, MACH_SEND_MSG, size, 0, 0, 0, 0);
	}
}

int main(void)
{
	uint32_t task = task_self(), reply = mach_reply_port(), port;
	int carry;

	CHECK(1, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(1, thread_start_simple(task, reply, server, port,
	                             server_stack + sizeof(server_stack)) != 0);
	CHECK(2, task_set_special_port(task, reply, TASK_SYSCALL_PORT, port,
	                               MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);

	/* 3: a plain call, answered from the server with the caller's id from the trailer. */
	uint64_t pid = bsd_call(SYS_GETPID, 0, 0, &carry);
	CHECK(3, !carry && pid == 1000 + last_caller_pid && last_caller_pid == 1);
	/* 4: arguments travel; x1 comes back too. */
	CHECK(4, bsd_call(200, 41, 7, &carry) == 42 && !carry);
	/* 5: an error sets the carry flag, with the errno in x0. */
	CHECK(5, bsd_call(SYS_WRITE, 1, 0, &carry) == EBADF && carry);
	/* 6: a new register state resumes the caller where the server says. */
	CHECK(6, state_call(SYS_EXECVE) == 4321);
	/* 7: a reply right dropped unanswered ends the call with ENOSYS, no hang. */
	CHECK(7, bsd_call(SYS_ABANDON, 0, 0, &carry) == ENOSYS && carry);
	/* 8: so does a malformed reply. */
	CHECK(8, bsd_call(SYS_MALFORMED, 0, 0, &carry) == ENOSYS && carry);
	/* 9: many calls in a row. */
	for (uint64_t i = 0; i < 300; i++)
		CHECK(9, bsd_call(300, i, 0, &carry) == i + 1 && !carry);
	/* 12-16: the same with answers sent by SEND|RCV. */
	combined = 1;
	pid = bsd_call(SYS_GETPID, 0, 0, &carry);
	CHECK(12, !carry && pid == 1000 + last_caller_pid && last_caller_pid == 1);
	CHECK(13, bsd_call(SYS_WRITE, 1, 0, &carry) == EBADF && carry);
	CHECK(14, state_call(SYS_EXECVE) == 4321);
	CHECK(15, bsd_call(SYS_MALFORMED, 0, 0, &carry) == ENOSYS && carry);
	for (uint64_t i = 0; i < 300; i++)
		CHECK(16, bsd_call(300, i, 7, &carry) == i + 1 && !carry);
	/* 10: a bad right for the special port is refused. */
	CHECK(10, task_set_special_port(task, reply, TASK_SYSCALL_PORT, 0x5151500u,
	                                MACH_MSG_TYPE_COPY_SEND) == MACH_SEND_INVALID_RIGHT);
	/* 17: so is a kernel object's port, which would never answer a call. */
	CHECK(17, task_set_special_port(task, reply, TASK_SYSCALL_PORT, task,
	                                MACH_MSG_TYPE_COPY_SEND) == KERN_INVALID_ARGUMENT);
	CHECK(17, task_set_special_port(task, reply, TASK_SYSCALL_PORT, thread_self(),
	                                MACH_MSG_TYPE_MOVE_SEND) == KERN_INVALID_ARGUMENT);
	/* 11: with the port cleared, BSD calls are exceptions again (so exit reports 0). */
	CHECK(11, task_set_special_port(task, reply, TASK_SYSCALL_PORT, MACH_PORT_NULL,
	                                MACH_MSG_TYPE_COPY_SEND) == KERN_SUCCESS);
	return 0;
}
