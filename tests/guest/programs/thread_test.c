/*
 * Threads and kernel-object routines from user mode: thread_create_running
 * through the task port (a MIG request by hand, with XNU's layout), RPCs
 * between two threads over ports, FP state kept per thread across switches,
 * thread_terminate, and malformed requests to the kernel answered with MIG
 * errors. Returns 0 when every check passes, else the number of the first
 * failing check.
 */
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define THREAD_TERMINATE  3600
#define MIG_BAD_ARGUMENTS (-304)
#define RPC_COUNT         200
#define STOP_ID           999

struct small_msg {
	mach_msg_header_t header;
	uint64_t value;
	mach_msg_trailer_t trailer;
};

static unsigned char worker_stack[64 * 1024] __attribute__((aligned(16)));
static volatile double worker_fp_result;

/* The second thread: answers every request on `port` with value + 1, until told to stop. */
static void worker(uint32_t port)
{
	struct small_msg m;
	double acc = 0.5;

	for (;;) {
		if (mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0) != MACH_MSG_SUCCESS)
			break;
		acc = acc * 1.5 + 1.0; /* FP state that must survive the switches */
		uint32_t id = (uint32_t)m.header.msgh_id;
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		m.header.msgh_id = (int32_t)(id + 100);
		m.value += 1;
		mach_msg(&m, MACH_SEND_MSG, sizeof(mach_msg_header_t) + 8, 0, 0, 0, 0);
		if (id == STOP_ID)
			break;
	}
	worker_fp_result = acc;
	/* thread_terminate(thread_self()), with no reply wanted. */
	mach_msg_header_t t = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
	                       .msgh_remote_port = thread_self(),
	                       .msgh_id = THREAD_TERMINATE};
	mach_msg(&t, MACH_SEND_MSG, sizeof(t), 0, 0, 0, 0);
	for (;;)
		thread_switch(0, 0, 0); /* ends on the way back to user mode */
}

static uint32_t rpc(uint32_t port, uint32_t reply, int id, uint64_t value, uint64_t *answer)
{
	struct small_msg m = {0};

	m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.header.msgh_remote_port = port;
	m.header.msgh_local_port = reply;
	m.header.msgh_id = id;
	m.value = value;
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
	                  sizeof(mach_msg_header_t) + 8, sizeof(m), reply, 1000, 0);
	if (mr != MACH_MSG_SUCCESS || m.header.msgh_id != id + 100)
		return 0;
	*answer = m.value;
	return 1;
}

int main(void)
{
	uint32_t task = task_self(), port, reply = mach_reply_port();
	struct thread_create_request req = {0};
	struct thread_create_reply out;

	CHECK(1, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(1, mach_port_insert_right(task, port, port, MACH_MSG_TYPE_MAKE_SEND) == 0);

	/* 2-3: thread_create_running answers with a send right to the new thread's port. */
	req.NDR[1] = 1;
	req.flavor = ARM_THREAD_STATE64;
	req.new_stateCnt = ARM_THREAD_STATE64_COUNT;
	req.state.pc = (uint64_t)worker;
	req.state.sp = (uint64_t)(worker_stack + sizeof(worker_stack));
	req.state.x[0] = port;
	CHECK(2, thread_create_raw(task, reply, &req, sizeof(req), &out) == MACH_MSG_SUCCESS);
	CHECK(2, out.Head.msgh_id == THREAD_CREATE_RUNNING + 100 &&
	             (out.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	             out.body.msgh_descriptor_count == 1);
	uint32_t thread = out.thread.name;
	CHECK(3, MACH_PORT_VALID(thread) && thread != thread_self() &&
	             out.thread.disposition == MACH_MSG_TYPE_PORT_SEND);

	/* 4-5: RPCs to the other thread, with FP work on this side too. */
	double mine = 2.0;
	for (int i = 0; i < RPC_COUNT; i++) {
		uint64_t answer = 0;
		CHECK(4, rpc(port, reply, 10 + (i & 0xff), (uint64_t)i * 3, &answer));
		CHECK(4, answer == (uint64_t)i * 3 + 1);
		mine = mine * 0.5 + 1.0;
	}
	CHECK(5, mine > 1.9999 && mine < 2.0001);

	/* 6-7: told to stop, the worker terminates itself; its port dies, our right goes dead. */
	uint64_t answer;
	CHECK(6, rpc(port, reply, STOP_ID, 41, &answer) && answer == 42);
	int dead = 0;
	for (int i = 0; i < 1000 && !dead; i++) {
		mach_msg_header_t probe = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		                           .msgh_remote_port = thread,
		                           .msgh_id = 1};
		dead = mach_msg(&probe, MACH_SEND_MSG, sizeof(probe), 0, 0, 0, 0) ==
		       MACH_SEND_INVALID_DEST;
		thread_switch(0, 0, 0);
	}
	CHECK(7, dead);
	/* The worker's FP accumulator went through RPC_COUNT + 1 steps of x * 1.5 + 1. */
	CHECK(7, worker_fp_result > 1e30);

	/* 8-10: malformed requests get MIG errors, not a crash. */
	req.flavor = 99;
	CHECK(8, thread_create_raw(task, reply, &req, sizeof(req), &out) == MACH_MSG_SUCCESS);
	CHECK(8, ((mig_reply_error_t *)&out)->RetCode == KERN_INVALID_ARGUMENT);
	req.flavor = ARM_THREAD_STATE64;
	CHECK(9, thread_create_raw(task, reply, &req, sizeof(req) - 8, &out) == MACH_MSG_SUCCESS);
	CHECK(9, ((mig_reply_error_t *)&out)->RetCode == MIG_BAD_ARGUMENTS);
	req.new_stateCnt = 100000;
	CHECK(9, thread_create_raw(task, reply, &req, sizeof(req), &out) == MACH_MSG_SUCCESS);
	CHECK(9, ((mig_reply_error_t *)&out)->RetCode == MIG_BAD_ARGUMENTS);
	req.Head.msgh_id = 3499;
	req.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	req.Head.msgh_remote_port = task;
	req.Head.msgh_local_port = reply;
	CHECK(10, mach_msg(&req, MACH_SEND_MSG, sizeof(req), 0, 0, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(10, mach_msg(&out, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(out), reply, 1000, 0) ==
	              MACH_MSG_SUCCESS);
	CHECK(10, ((mig_reply_error_t *)&out)->RetCode == MIG_BAD_ID && out.Head.msgh_id == 3599);
	return 0;
}
