/*
 * Starting and ending threads and tasks in a test program: thread_create_running,
 * task_create, thread_terminate and task_terminate through the kernel-object
 * ports, as MIG requests built by hand with XNU's layouts.
 */
#ifndef TESTS_GUEST_PROGRAMS_THREADS_H
#define TESTS_GUEST_PROGRAMS_THREADS_H

#include "mach/kern_return.h"
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

#define TASK_GET_SPECIAL_PORT 3409
#define TASK_SET_SPECIAL_PORT 3410

/* task_set_special_port(task, which, port with `disposition`): the RetCode or a send error. */
static inline int task_set_special_port(uint32_t task, uint32_t reply, int which, uint32_t port,
                                        uint32_t disposition)
{
	struct {
		struct {
			mach_msg_header_t Head;
			mach_msg_body_t msgh_body;
			mach_msg_port_descriptor_t port;
			uint32_t NDR[2];
			int32_t which;
		} req;
		mig_reply_error_t rep;
		mach_msg_trailer_t trailer;
	} m = {0};

	m.req.Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) |
	    MACH_MSGH_BITS_COMPLEX;
	m.req.Head.msgh_remote_port = task;
	m.req.Head.msgh_local_port = reply;
	m.req.Head.msgh_id = TASK_SET_SPECIAL_PORT;
	m.req.msgh_body.msgh_descriptor_count = 1;
	m.req.port.name = port;
	m.req.port.disposition = (uint8_t)disposition;
	m.req.port.type = MACH_MSG_PORT_DESCRIPTOR;
	m.req.NDR[1] = 1;
	m.req.which = which;
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m.req),
	                  sizeof(m), reply, 1000, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return ((mig_reply_error_t *)&m)->RetCode;
}

/*
 * A port-returning routine whose request is {Head, NDR, words...}, or {Head} with no words
 * (thread_create, task_get_special_port,
 * host_get_special_port, ...) sent to `target`: the RetCode, and the port's name in *port.
 */
static inline int port_routine(uint32_t target, uint32_t reply, int id, const int32_t *words,
                               int nwords, uint32_t *port)
{
	union {
		struct {
			mach_msg_header_t Head;
			uint32_t NDR[2];
			int32_t w[4];
		} req;
		struct thread_create_reply port;
		mig_reply_error_t error;
	} m = {0};

	m.req.Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.req.Head.msgh_remote_port = target;
	m.req.Head.msgh_local_port = reply;
	m.req.Head.msgh_id = id;
	m.req.NDR[1] = 1;
	for (int i = 0; i < nwords; i++)
		m.req.w[i] = words[i];
	/* As MIG lays it out: a request with no arguments is the header alone. */
	uint32_t size = sizeof(mach_msg_header_t) + (nwords ? 8 + 4 * (uint32_t)nwords : 0);
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, size, sizeof(m),
	                  reply, 1000, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (!(m.port.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return m.error.RetCode;
	*port = m.port.thread.name;
	return KERN_SUCCESS;
}

/* A routine with no arguments (task_suspend, thread_resume, ...): its RetCode. */
static inline int no_argument_call(uint32_t target, uint32_t reply, int id)
{
	union {
		mach_msg_header_t req;
		struct {
			mig_reply_error_t rep;
			mach_msg_trailer_t trailer;
		} rep;
	} m = {.req = {.msgh_bits =
	                   MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
	               .msgh_remote_port = target,
	               .msgh_local_port = reply,
	               .msgh_id = id}};
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m.req),
	                  sizeof(m), reply, 1000, 0);
	return mr != MACH_MSG_SUCCESS ? mr : m.rep.rep.RetCode;
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
