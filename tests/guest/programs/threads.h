/*
 * Starting a second thread in a test program: thread_create_running through
 * the task port, as a MIG request built by hand with XNU's layout.
 */
#ifndef TESTS_GUEST_PROGRAMS_THREADS_H
#define TESTS_GUEST_PROGRAMS_THREADS_H

#include "mach/message.h"
#include "user.h"

#define THREAD_CREATE_RUNNING    3412
#define ARM_THREAD_STATE64       6
#define ARM_THREAD_STATE64_COUNT 68

struct arm_thread_state64 {
	uint64_t x[29];
	uint64_t fp, lr, sp, pc;
	uint32_t cpsr;
	uint32_t flags;
};

struct thread_create_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t flavor;
	uint32_t new_stateCnt;
	struct arm_thread_state64 state;
};

struct thread_create_reply {
	mach_msg_header_t Head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t thread;
	mach_msg_trailer_t trailer;
};

/* Sends `req` (size bytes) to `task` and waits for the answer on `reply`. */
static inline int thread_create_raw(uint32_t task, uint32_t reply,
                                    struct thread_create_request *req, uint32_t size,
                                    struct thread_create_reply *out)
{
	req->Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	req->Head.msgh_remote_port = task;
	req->Head.msgh_local_port = reply;
	req->Head.msgh_id = THREAD_CREATE_RUNNING;
	int mr = mach_msg(req, MACH_SEND_MSG, size, 0, 0, 0, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return mach_msg(out, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*out), reply, 1000, 0);
}

/* Starts fn(arg) on `stack`; returns the new thread's port name, or 0. */
static inline uint32_t thread_start_simple(uint32_t task, uint32_t reply, void (*fn)(uint32_t),
                                           uint32_t arg, void *stack_top)
{
	struct thread_create_request req = {0};
	struct thread_create_reply out;

	req.NDR[1] = 1;
	req.flavor = ARM_THREAD_STATE64;
	req.new_stateCnt = ARM_THREAD_STATE64_COUNT;
	req.state.pc = (uint64_t)fn;
	req.state.sp = (uint64_t)stack_top;
	req.state.x[0] = arg;
	if (thread_create_raw(task, reply, &req, sizeof(req), &out) != MACH_MSG_SUCCESS ||
	    !(out.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return 0;
	return out.thread.name;
}

#endif
