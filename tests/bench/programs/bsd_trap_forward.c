/*
 * Benchmark, run as the boot task under `-icount shift=0`: a forwarded BSD
 * system call round trip — `svc #0x80` with x16 = 20 (getpid) sent by the
 * kernel to the task's syscall port, answered by a trivial server thread with
 * a values reply. The exit status is instructions per call.
 */
#include "mach/message.h"
#include "mach/syscall_forward.h"
#include "tests/guest/programs/threads.h"
#include "tests/guest/programs/user.h"

#define WARMUP                100
#define RUNS                  2000
#define TASK_SET_SPECIAL_PORT 3410

static unsigned char server_stack[32 * 1024] __attribute__((aligned(16)));

union server_msg {
	struct {
		struct syscall_forward_request req;
		mach_msg_trailer_t trailer;
	} in;
	struct syscall_forward_reply out;
};

static void server(uint32_t port)
{
	union server_msg m;

	if (mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0) != MACH_MSG_SUCCESS)
		return;
	for (;;) {
		uint32_t reply = m.in.req.Head.msgh_remote_port;
		m.out.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.out.Head.msgh_remote_port = reply;
		m.out.Head.msgh_local_port = MACH_PORT_NULL;
		m.out.Head.msgh_id = SYSCALL_FORWARD_REPLY_ID;
		m.out.kind = SYSCALL_REPLY_VALUES;
		m.out.carry = 0;
		m.out.rv[0] = 1;
		m.out.rv[1] = 0;
		mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.out), sizeof(m), port, 0, 0);
	}
}

static uint64_t getpid_call(void)
{
	register uint64_t x0 __asm__("x0") = 0;
	register int64_t x16 __asm__("x16") = 20;

	__asm__ volatile("svc #0x80"
	                 : "+r"(x0)
	                 : "r"(x16)
	                 : "memory", "cc", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
	                   "x10", "x11", "x12", "x13", "x14", "x15", "x17");
	return x0;
}

static int set_syscall_port(uint32_t task, uint32_t reply, uint32_t port, uint32_t disposition)
{
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
		uint32_t NDR[2];
		int32_t which;
		uint8_t room[64];
	} m = {0};

	m.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	                   MACH_MSGH_BITS_COMPLEX;
	m.Head.msgh_remote_port = task;
	m.Head.msgh_local_port = reply;
	m.Head.msgh_id = TASK_SET_SPECIAL_PORT;
	m.body.msgh_descriptor_count = 1;
	m.port.name = port;
	m.port.disposition = (uint8_t)disposition;
	m.port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.NDR[1] = 1;
	m.which = TASK_SYSCALL_PORT;
	if (mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, 52, sizeof(m), reply, 0, 0) != 0)
		return -1;
	return ((mig_reply_error_t *)&m)->RetCode;
}

int main(void)
{
	struct mach_timebase_info tb;
	uint32_t task = task_self(), reply = mach_reply_port(), port;

	if (mach_timebase_info(&tb) != 0 ||
	    mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) != 0 ||
	    !thread_start_simple(task, reply, server, port, server_stack + sizeof(server_stack)) ||
	    set_syscall_port(task, reply, port, MACH_MSG_TYPE_MAKE_SEND) != 0)
		return -1;
	for (int i = 0; i < WARMUP; i++)
		if (getpid_call() != 1)
			return -1;
	uint64_t start = absolute_time();
	for (int i = 0; i < RUNS; i++)
		getpid_call();
	uint64_t ticks = absolute_time() - start;
	/* Stop forwarding so that exit reports the result (BSD exit has no server then). */
	if (set_syscall_port(task, reply, MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND) != 0)
		return -1;
	return (int)(ticks * tb.numer / tb.denom / RUNS);
}
