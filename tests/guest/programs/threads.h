/*
 * Starting and ending threads and tasks in a test program: thread_create_running,
 * task_create, thread_terminate and task_terminate through the kernel-object
 * ports, as MIG requests built by hand with XNU's layouts.
 */
#ifndef TESTS_GUEST_PROGRAMS_THREADS_H
#define TESTS_GUEST_PROGRAMS_THREADS_H

#include "mach/message.h"
#include "user.h"

#define TASK_CREATE              3400
#define TASK_TERMINATE           3401
#define THREAD_CREATE_RUNNING    3412
#define THREAD_TERMINATE         3600
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

/* task_create(task, no ledgers, inherit_memory): the child's task port name, or 0. */
static inline uint32_t task_create_simple(uint32_t task, uint32_t reply, int inherit_memory)
{
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_ool_ports_descriptor64_t ledgers;
		uint32_t NDR[2];
		uint32_t ledgersCnt;
		int32_t inherit_memory;
	} req = {0};
	struct thread_create_reply out; /* the same layout: one port descriptor */

	req.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	                     MACH_MSGH_BITS_COMPLEX;
	req.Head.msgh_remote_port = task;
	req.Head.msgh_local_port = reply;
	req.Head.msgh_id = TASK_CREATE;
	req.body.msgh_descriptor_count = 1;
	req.ledgers.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	req.ledgers.disposition = MACH_MSG_TYPE_COPY_SEND;
	req.NDR[1] = 1;
	req.inherit_memory = inherit_memory;
	if (mach_msg(&req, MACH_SEND_MSG, sizeof(req), 0, 0, 0, 0) != MACH_MSG_SUCCESS ||
	    mach_msg(&out, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(out), reply, 1000, 0) !=
	        MACH_MSG_SUCCESS ||
	    !(out.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return 0;
	return out.thread.name;
}

/* Sends a routine with no arguments and no reply wanted (task_terminate, thread_terminate). */
static inline void kernel_request(uint32_t port, int id)
{
	mach_msg_header_t h = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
	                       .msgh_remote_port = port,
	                       .msgh_id = id};
	mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0, 0, 0, 0);
}

/* Ends the calling thread (or its whole task); the end comes on the way back to user mode. */
static inline void __attribute__((noreturn)) end_self(int whole_task)
{
	if (whole_task)
		kernel_request(task_self(), TASK_TERMINATE);
	else
		kernel_request(thread_self(), THREAD_TERMINATE);
	for (;;)
		thread_switch(0, 0, 0);
}

#endif
