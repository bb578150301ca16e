/*
 * Threads and kernel-object routines from user mode: thread_create_running
 * through the task port (a MIG request by hand, with XNU's layout), RPCs
 * between two threads over ports, FP state kept per thread across switches,
 * thread_terminate, suspend/resume and thread state, thread_create (started
 * by resume), thread_abort of each interruptible wait, task_info and
 * thread_info, RPCs handed straight to a waiting receiver (on a port or a
 * port set), thread_switch (handoff, depression, waits), swtch, swtch_pri
 * and thread_depress_abort, and malformed requests to the kernel answered
 * with MIG errors. Returns 0 when every check passes, else the number of the
 * first failing check.
 */
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/notify.h"
#include "mach/port.h"
#include "mach/syscall_forward.h"
#include "mach/task_special_ports.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

/* Few enough that the IPC trace test still finds this program's first messages in the ring. */
#define RPC_COUNT 150
#define STOP_ID   999

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
	end_self(0);
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

/* thread_get_state / thread_set_state / thread_suspend / thread_resume on another thread. */
#define THREAD_GET_STATE   3603
#define THREAD_SET_STATE   3604
#define THREAD_SUSPEND     3605
#define THREAD_RESUME      3606
#define ARM_NEON_STATE64   17
#define FPCR_ROUND_TO_ZERO (3u << 22) /* FPCR.RMode = RZ */
#define THREAD_ABORT       3607
#define THREAD_CREATE      3411
#define THREAD_INFO        3612
#define TASK_INFO          3405
#define TASK_SUSPEND       3407
#define TASK_RESUME        3408

#define THREAD_BASIC_INFO      3
#define THREAD_IDENTIFIER_INFO 4
#define TASK_BASIC_INFO_64     5
#define MACH_TASK_BASIC_INFO   20

static unsigned char spinner_stack[16 * 1024] __attribute__((aligned(16)));
static volatile uint64_t spins, landed;

static void spinner(uint32_t unused)
{
	for (;;) {
		spins++;
		thread_switch(0, 0, 0);
	}
}

/* What the spinner found in v31 and FPCR when its new state sent it to landing. */
static volatile uint64_t landed_v31[2], landed_fpcr;

/* Where the spinner's new state sends it: record x0, v31 and FPCR, then end the thread. */
static void landing(uint32_t value)
{
	uint64_t lo, hi, fpcr;

	__asm__ volatile("mov %0, v31.d[0]\n\tmov %1, v31.d[1]\n\tmrs %2, fpcr"
	                 : "=r"(lo), "=r"(hi), "=r"(fpcr));
	landed_v31[0] = lo;
	landed_v31[1] = hi;
	landed_fpcr = fpcr;
	landed = value;
	end_self(0);
}

union state_msg {
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		int32_t flavor;
		uint32_t count;
		uint32_t state[130];
	} req;
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		int32_t RetCode;
		uint32_t count;
		uint32_t state[130];
		mach_msg_trailer_t trailer;
	} rep;
};

/* Sends a thread routine with `size` bytes of request; returns the reply's RetCode. */
static int thread_call(uint32_t thread, uint32_t reply, int id, union state_msg *m, uint32_t size)
{
	m->req.Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->req.Head.msgh_remote_port = thread;
	m->req.Head.msgh_local_port = reply;
	m->req.Head.msgh_id = id;
	m->req.NDR[1] = 1;
	if (mach_msg(m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, size, sizeof(*m), reply,
	             1000, 0) != MACH_MSG_SUCCESS)
		return -1;
	return m->rep.RetCode;
}

/* One stack per thread started below: a thread may still be on its way out when the next starts. */
static unsigned char waiter_stacks[4][16 * 1024] __attribute__((aligned(16)));
static unsigned waiters_started;
static volatile int64_t waited = -1; /* what the waiter's call returned */
static volatile uint64_t waited_carry;

/* Waits in mach_msg for a message that never comes. */
static void wait_receive(uint32_t port)
{
	mach_msg_header_t h;
	waited = mach_msg(&h, MACH_RCV_MSG, 0, sizeof(h), port, 0, 0);
	end_self(0);
}

/* Waits in mach_wait_until for ten seconds. */
static void wait_until(uint32_t unused)
{
	waited = mach_wait_until(absolute_time() + 625000000ull);
	end_self(0);
}

/* A BSD call (getpid) forwarded to a syscall port nobody answers. */
static void wait_bsd_call(uint32_t unused)
{
	register uint64_t x0 __asm__("x0") = 0;
	register uint64_t x16 __asm__("x16") = 20;
	uint64_t nzcv;
	__asm__ volatile("svc #0x80\n\tmrs %1, nzcv"
	                 : "+r"(x0), "=r"(nzcv)
	                 : "r"(x16)
	                 : "x1", "memory");
	waited_carry = (nzcv >> 29) & 1;
	waited = (int64_t)x0;
	end_self(0);
}

/* Starts fn in a new thread, lets it block, aborts it: what its call returned. */
static int64_t aborted_call(uint32_t task, uint32_t reply, void (*fn)(uint32_t), uint32_t arg)
{
	union state_msg m;

	unsigned char *stack = waiter_stacks[++waiters_started];
	waited = -1;
	uint32_t t = thread_start_simple(task, reply, fn, arg, stack + sizeof(waiter_stacks[0]));
	if (!t)
		return -2;
	for (int i = 0; i < 50; i++)
		thread_switch(0, 0, 0);
	if (waited != -1 || thread_call(t, reply, THREAD_ABORT, &m, sizeof(m.req.Head)) != 0)
		return -3;
	for (int i = 0; i < 1000 && waited == -1; i++)
		thread_switch(0, 0, 0);
	mach_port_deallocate(task_self(), t);
	return waited;
}

static volatile uint64_t created_ran;

static void created_entry(uint32_t value)
{
	created_ran = value;
	end_self(0);
}

/*
 * 25-26: RPCs of the fast path's shape, mach_msg(SEND|RCV) without timeouts
 * on both sides, so that each message is handed to a thread already waiting
 * for it: the server sees sequence numbers one by one, the audit trailer and
 * a send-once reply right, which it answers with; the client gets each answer.
 */
#define HANDOFF_RPCS 16 /* few: the IPC trace test wants the early records still in the ring */

struct audit_msg {
	mach_msg_header_t header;
	uint64_t value;
	mach_msg_audit_trailer_t trailer;
};

static unsigned char handoff_stack[16 * 1024] __attribute__((aligned(16)));
static volatile int handoff_failed; /* set by the server when a message is not as sent */

static void handoff_server(uint32_t port)
{
	const mach_msg_option_t audit = MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
	                                MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT);
	struct audit_msg m;
	uint32_t sender = 0;

	int mr = mach_msg(&m, MACH_RCV_MSG | audit, 0, sizeof(m), port, 0, 0);
	for (uint32_t seqno = 0; mr == MACH_MSG_SUCCESS; seqno++) {
		if (m.trailer.msgh_seqno != seqno ||
		    m.trailer.msgh_trailer_size != sizeof(m.trailer) ||
		    m.header.msgh_bits !=
		        MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, MACH_MSG_TYPE_PORT_SEND) ||
		    m.header.msgh_size != sizeof(m.header) + 8 ||
		    m.header.msgh_local_port != port ||
		    !MACH_PORT_VALID(m.header.msgh_remote_port) ||
		    m.trailer.msgh_audit.val[5] == 0 ||
		    (sender && m.trailer.msgh_audit.val[5] != sender))
			handoff_failed = 1;
		sender = m.trailer.msgh_audit.val[5];
		int id = m.header.msgh_id;
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		m.value += 1;
		if (id == STOP_ID) {
			mach_msg(&m, MACH_SEND_MSG, sizeof(m.header) + 8, 0, 0, 0, 0);
			break;
		}
		mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | audit, sizeof(m.header) + 8,
		              sizeof(m), port, 0, 0);
	}
	end_self(0);
}

/*
 * 30: a call whose send itself queues a message for the caller: the
 * destination is a send-once right with a dead-name request whose
 * notifications go to the caller's reply port, so moving the right out sends
 * a port-deleted notification there. The call is handed to the waiting
 * server all the same; the caller's receive gets the notification at once
 * and then the server's answer (the server must not be left waiting).
 */
static unsigned char deleted_stack[16 * 1024] __attribute__((aligned(16)));

static void deleted_server(uint32_t port)
{
	struct small_msg m;

	if (mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0) == MACH_MSG_SUCCESS) {
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		m.value += 1;
		mach_msg(&m, MACH_SEND_MSG, sizeof(m.header) + 8, 0, 0, 0, 0);
	}
	end_self(0);
}

/* mach_port_request_notification (MIG 3213) for a dead-name request on `name`. */
static int request_dead_name(uint32_t task, uint32_t reply, uint32_t name, uint32_t notify)
{
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t notify;
		uint32_t NDR[2];
		uint32_t name;
		int32_t msgid;
		uint32_t sync;
	} req = {0};
	union {
		mig_reply_error_t error;
		unsigned char room[128];
	} out;

	req.Head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
	                     MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	req.Head.msgh_remote_port = task;
	req.Head.msgh_local_port = reply;
	req.Head.msgh_id = 3213;
	req.body.msgh_descriptor_count = 1;
	req.notify.name = notify;
	req.notify.disposition = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	req.notify.type = MACH_MSG_PORT_DESCRIPTOR;
	req.NDR[1] = 1;
	req.name = name;
	req.msgid = MACH_NOTIFY_DEAD_NAME;
	if (mach_msg(&req, MACH_SEND_MSG, sizeof(req), 0, 0, 0, 0) != MACH_MSG_SUCCESS ||
	    mach_msg(&out, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(out), reply, 1000, 0) !=
	        MACH_MSG_SUCCESS)
		return -1;
	/* Success is the complex reply with the previous notify right (none). */
	return (out.error.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ? 0 : out.error.RetCode;
}

static int deleted_test(uint32_t task, uint32_t reply)
{
	const uint32_t so = (61u << 8) | 1; /* a name we choose for the send-once right */
	uint32_t port, rcv;
	union {
		struct small_msg small;
		mach_msg_header_t header;
		unsigned char room[128];
	} m;

	CHECK(38, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(38, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &rcv) == KERN_SUCCESS);
	CHECK(38,
	      mach_port_insert_right(task, so, port, MACH_MSG_TYPE_MAKE_SEND_ONCE) == KERN_SUCCESS);
	CHECK(38, request_dead_name(task, reply, so, rcv) == 0);
	uint32_t server = thread_start_simple(task, reply, deleted_server, port,
	                                      deleted_stack + sizeof(deleted_stack));
	CHECK(38, server != 0);
	for (int i = 0; i < 50; i++)
		thread_switch(0, 0, 0);
	__builtin_memset(&m, 0, sizeof(m));
	m.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.header.msgh_remote_port = so;
	m.header.msgh_local_port = rcv;
	m.header.msgh_id = 30;
	m.small.value = 30;
	CHECK(38, mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header) + 8, sizeof(m), rcv,
	                   0, 0) == MACH_MSG_SUCCESS);
	CHECK(38, m.header.msgh_id == MACH_NOTIFY_PORT_DELETED);
	CHECK(38, mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), rcv, 1000, 0) ==
	              MACH_MSG_SUCCESS);
	CHECK(38, m.header.msgh_id == 30 && m.small.value == 31);
	mach_port_deallocate(task, server);
	mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_mod_refs(task, rcv, MACH_PORT_RIGHT_RECEIVE, -1);
	return 0;
}

/*
 * 27-29: the same through a port set of two members, A and B. The server
 * waits on the set: first with a timeout that runs out (27), then until
 * thread_abort ends the wait (28); then (29) it serves RPCs on A, answering
 * by mach_msg(SEND|RCV) on the set, while one-way messages come to B, some
 * handed over, some queued when the server is busy. Each message is reported
 * under its member's name, with that member's sequence numbers one by one
 * and the audit trailer; B's come in the order sent.
 */
#define SET_RPCS 6

static unsigned char set_stack[16 * 1024] __attribute__((aligned(16)));
static uint32_t set_a, set_b;
static volatile int set_stage;  /* how far set_server has got */
static volatile int set_failed; /* the first thing set_server found wrong */

static void set_server(uint32_t set)
{
	const mach_msg_option_t audit = MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
	                                MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT);
	struct audit_msg m;
	uint32_t next_a = 0, next_b = 0;

	if (mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT | audit, 0, sizeof(m), set, 10, 0) !=
	    MACH_RCV_TIMED_OUT)
		set_failed = 27;
	set_stage = 1;
	if (mach_msg(&m, MACH_RCV_MSG | audit, 0, sizeof(m), set, 0, 0) != MACH_RCV_INTERRUPTED &&
	    !set_failed)
		set_failed = 28;
	set_stage = 2;
	int mr = mach_msg(&m, MACH_RCV_MSG | audit, 0, sizeof(m), set, 0, 0);
	while (mr == MACH_MSG_SUCCESS && !set_failed) {
		uint32_t local = m.header.msgh_local_port;
		int ok = m.trailer.msgh_trailer_size == sizeof(m.trailer) &&
		         m.header.msgh_size == sizeof(m.header) + 8 &&
		         m.trailer.msgh_audit.val[5] != 0;
		if (local == set_b) {
			ok = ok && m.trailer.msgh_seqno == next_b && m.value == next_b &&
			     m.header.msgh_bits == MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND);
			next_b++;
			if (!ok)
				set_failed = 29;
			mr = mach_msg(&m, MACH_RCV_MSG | audit, 0, sizeof(m), set, 0, 0);
			continue;
		}
		ok = ok && local == set_a && m.trailer.msgh_seqno == next_a &&
		     m.header.msgh_bits ==
		         MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, MACH_MSG_TYPE_PORT_SEND) &&
		     MACH_PORT_VALID(m.header.msgh_remote_port);
		next_a++;
		if (!ok)
			set_failed = 29;
		int id = m.header.msgh_id;
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		m.value += 1;
		if (id == STOP_ID) {
			/* Everything sent to B came before the last call. */
			if (next_b != SET_RPCS)
				set_failed = 29;
			mach_msg(&m, MACH_SEND_MSG, sizeof(m.header) + 8, 0, 0, 0, 0);
			break;
		}
		mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | audit, sizeof(m.header) + 8,
		              sizeof(m), set, 0, 0);
	}
	if (mr != MACH_MSG_SUCCESS && !set_failed)
		set_failed = 29;
	set_stage = 3;
	end_self(0);
}

static int set_handoff_test(uint32_t task, uint32_t reply)
{
	union state_msg sm;
	uint32_t set;

	CHECK(35, mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set) == KERN_SUCCESS);
	CHECK(35, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &set_a) == KERN_SUCCESS);
	CHECK(35, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &set_b) == KERN_SUCCESS);
	CHECK(35, mach_port_insert_right(task, set_a, set_a, MACH_MSG_TYPE_MAKE_SEND) == 0);
	CHECK(35, mach_port_insert_right(task, set_b, set_b, MACH_MSG_TYPE_MAKE_SEND) == 0);
	CHECK(35, mach_port_move_member(task, set_a, set) == KERN_SUCCESS);
	CHECK(35, mach_port_move_member(task, set_b, set) == KERN_SUCCESS);
	uint32_t server =
	    thread_start_simple(task, reply, set_server, set, set_stack + sizeof(set_stack));
	CHECK(35, server != 0);
	/* 27: nothing is sent until its timeout has run out. */
	for (int i = 0; i < 100000 && set_stage < 1; i++)
		thread_switch(0, 0, 0);
	CHECK(35, set_stage == 1 && set_failed == 0);
	/* 28: then it waits again, and is aborted. */
	for (int i = 0; i < 50; i++)
		thread_switch(0, 0, 0);
	CHECK(36, set_stage == 1);
	CHECK(36, thread_call(server, reply, THREAD_ABORT, &sm, sizeof(sm.req.Head)) == 0);
	for (int i = 0; i < 1000 && set_stage < 2; i++)
		thread_switch(0, 0, 0);
	CHECK(36, set_stage == 2 && set_failed == 0);
	/* 29: a one-way message to B before each call on A. */
	for (int i = 0; i <= SET_RPCS; i++) {
		struct small_msg m = {0};
		if (i < SET_RPCS) {
			m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
			m.header.msgh_remote_port = set_b;
			m.header.msgh_id = 7;
			m.value = (uint64_t)i;
			CHECK(37, mach_msg(&m, MACH_SEND_MSG, sizeof(m.header) + 8, 0, 0, 0, 0) ==
			              MACH_MSG_SUCCESS);
		}
		m.header.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.header.msgh_remote_port = set_a;
		m.header.msgh_local_port = reply;
		m.header.msgh_id = i == SET_RPCS ? STOP_ID : i;
		m.value = (uint64_t)i;
		CHECK(37, mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header) + 8,
		                   sizeof(m), reply, 0, 0) == MACH_MSG_SUCCESS);
		CHECK(37, m.value == (uint64_t)i + 1 && m.header.msgh_local_port == reply);
	}
	for (int i = 0; i < 1000 && set_stage < 3; i++)
		thread_switch(0, 0, 0);
	CHECK(37, set_stage == 3 && set_failed == 0);
	mach_port_deallocate(task, server);
	mach_port_mod_refs(task, set_a, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_mod_refs(task, set_b, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_mod_refs(task, set, MACH_PORT_RIGHT_PORT_SET, -1);
	mach_port_deallocate(task, set_a);
	mach_port_deallocate(task, set_b);
	return deleted_test(task, reply);
}

static int handoff_test(uint32_t task, uint32_t reply)
{
	uint32_t port;

	CHECK(25, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(25, mach_port_insert_right(task, port, port, MACH_MSG_TYPE_MAKE_SEND) == 0);
	uint32_t server = thread_start_simple(task, reply, handoff_server, port,
	                                      handoff_stack + sizeof(handoff_stack));
	CHECK(25, server != 0);
	for (int i = 0; i <= HANDOFF_RPCS; i++) {
		struct small_msg m = {0};
		m.header.msgh_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.header.msgh_remote_port = port;
		m.header.msgh_local_port = reply;
		m.header.msgh_id = i == HANDOFF_RPCS ? STOP_ID : i;
		m.value = (uint64_t)i;
		CHECK(26, mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header) + 8,
		                   sizeof(m), reply, 0, 0) == MACH_MSG_SUCCESS);
		CHECK(26,
		      m.value == (uint64_t)i + 1 && m.header.msgh_local_port == reply &&
		          m.header.msgh_bits == MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	}
	CHECK(25, handoff_failed == 0);
	mach_port_deallocate(task, server);
	mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(task, port);
	return set_handoff_test(task, reply);
}

/* task_info or thread_info with `flavor`, room for 130 words: the RetCode; the words in m. */
static int info_call(uint32_t target, uint32_t reply, int id, int flavor, union state_msg *m)
{
	m->req.flavor = flavor;
	m->req.count = 130;
	return thread_call(target, reply, id, m, sizeof(mach_msg_header_t) + 16);
}

/*
 * 27-34: thread_switch, swtch and swtch_pri as XNU has them. Threads of one
 * priority take turns in order, so what a call does shows in who runs next
 * and in how often a thread that yields on every turn gets to run meanwhile.
 */
#define TRAP_SWTCH_PRI               (-59)
#define TRAP_SWTCH                   (-60)
#define SWITCH_OPTION_NONE           0
#define SWITCH_OPTION_DEPRESS        1
#define SWITCH_OPTION_WAIT           2
#define SWITCH_OPTION_OSLOCK_DEPRESS 4
#define SWITCH_OPTION_OSLOCK_WAIT    5
#define THREAD_DEPRESS_ABORT         3609
#define THREAD_SCHED_TIMESHARE_INFO  10

static unsigned char switch_stacks[5][16 * 1024] __attribute__((aligned(16)));
static volatile uint64_t yields; /* turns the yielder has had */
/* In a page a child task shares (VM_INHERIT_SHARE), so that a logger may run there too. */
static struct {
	volatile int stop;      /* ends the threads below */
	volatile int round;     /* the handoff round under way; 0: none */
	volatile int first[16]; /* which logger ran first in each round */
} * shared;
static volatile int depress_step; /* the depressed thread: odd while it is depressed */
static volatile int64_t depress_kr;
static volatile uint64_t spin_until; /* then the threads above sleep: a stuck test still ends */

/* One turn: a yield, or a sleep once spin_until has passed. */
static void take_turn(void)
{
	thread_switch(0, absolute_time() < spin_until ? SWITCH_OPTION_NONE : SWITCH_OPTION_WAIT,
	              10);
}

/* Yields on every turn, counting them. */
static void yielder(uint32_t unused)
{
	while (!shared->stop) {
		yields++;
		take_turn();
	}
	end_self(0);
}

/* Notes whether it is the first to run in a round, then yields. */
static void logger(uint32_t id)
{
	while (!shared->stop) {
		int round = shared->round;
		if (round && !shared->first[round])
			shared->first[round] = (int)id;
		take_turn();
	}
	end_self(0);
}

/* Depresses itself with no time limit, three times, for the main thread to end each. */
static void depressed(uint32_t unused)
{
	for (int i = 1; i <= 3; i++) {
		depress_step = 2 * i - 1;
		depress_kr = thread_switch(0, SWITCH_OPTION_DEPRESS, 0);
		depress_step = 2 * i;
	}
	end_self(0);
}

static uint64_t ms_to_ticks(uint64_t ms)
{
	struct mach_timebase_info tb;

	mach_timebase_info(&tb);
	return ms * 1000000ull * tb.denom / tb.numer;
}

/* thread_switch(name, option, ms): the yielder's turns and the time it took, in *turns, *ticks. */
static kern_return_t timed_switch(uint32_t name, int option, uint32_t ms, uint64_t *turns,
                                  uint64_t *ticks)
{
	uint64_t y = yields, t = absolute_time();
	kern_return_t kr = thread_switch(name, option, ms);
	*ticks = absolute_time() - t;
	*turns = yields - y;
	return kr;
}

/* Round `round`: thread_switch(name, option, ms), then which logger ran first; 0 on an error. */
static int round_first(int round, uint32_t name, int option, uint32_t ms)
{
	shared->round = round;
	kern_return_t kr = thread_switch(name, option, ms);
	shared->round = 0;
	return kr == KERN_SUCCESS ? shared->first[round] : 0;
}

#define MACH_VM_INHERIT 4803

/* mach_vm_inherit(task, address, size, VM_INHERIT_SHARE): the RetCode. */
static int share_with_children(uint32_t task, uint32_t reply, uint64_t address, uint64_t size)
{
	union state_msg m;
	char *arguments = (char *)&m.req.flavor; /* address, size, inheritance after the NDR */
	int32_t inheritance = VM_INHERIT_SHARE;

	__builtin_memcpy(arguments, &address, 8);
	__builtin_memcpy(arguments + 8, &size, 8);
	__builtin_memcpy(arguments + 16, &inheritance, 4);
	return thread_call(task, reply, MACH_VM_INHERIT, &m, sizeof(mach_msg_header_t) + 28);
}

static volatile int busy_stop;
static volatile uint64_t busy_count;
static unsigned char busy_stack[16 * 1024] __attribute__((aligned(16)));

/* Counts without ever entering the kernel: only preemption takes the CPU from it. */
static void busy(uint32_t unused)
{
	while (!busy_stop)
		busy_count++;
	end_self(0);
}

/*
 * 39: preemption and time slices: a thread that never enters the kernel
 * neither keeps a sleeper from waking nor keeps the CPU from a thread of its
 * priority that also never yields (this one, spinning in turn).
 */
static int preempt_test(uint32_t task, uint32_t reply)
{
	struct mach_timebase_info tb;
	uint32_t t = thread_start_simple(task, reply, busy, 0, busy_stack + sizeof(busy_stack));

	CHECK(39, t != 0 && mach_timebase_info(&tb) == KERN_SUCCESS);
	uint64_t ticks_per_ms = 1000000ull * tb.denom / tb.numer;
	/* The sleeper wakes on time though the other thread never yields. */
	uint64_t deadline = absolute_time() + 20 * ticks_per_ms;
	CHECK(39, mach_wait_until(deadline) == KERN_SUCCESS);
	CHECK(39, absolute_time() < deadline + 200 * ticks_per_ms && busy_count > 0);
	/* Both spinning: time slices (50 ms) let the other run meanwhile, turn after turn. */
	uint64_t before = busy_count, switches = 0, last = before;
	for (uint64_t end = absolute_time() + 400 * ticks_per_ms; absolute_time() < end;)
		if (busy_count != last) {
			last = busy_count;
			switches++;
		}
	CHECK(39, busy_count > before && switches >= 2);
	busy_stop = 1;
	mach_port_deallocate(task, t);
	return 0;
}

static int switch_test(uint32_t task, uint32_t reply)
{
	union state_msg m;
	uint64_t turns, ticks;
	uint32_t threads[5];

	/* 27: with nobody else ready, swtch and swtch_pri say so at once. */
	for (int i = 0; i < 20; i++)
		thread_switch(0, SWITCH_OPTION_NONE, 0);
	CHECK(27, trap6(TRAP_SWTCH, 0, 0, 0, 0, 0, 0) == 0);
	CHECK(27, trap6(TRAP_SWTCH_PRI, 0, 0, 0, 0, 0, 0) == 0);
	uint64_t t0 = absolute_time();
	CHECK(27, timed_switch(0, SWITCH_OPTION_DEPRESS, 1000, &turns, &ticks) == 0);
	CHECK(27, absolute_time() - t0 < ms_to_ticks(500));

	/* The yielder first, then the two loggers: turns go yielder, logger 1, logger 2, us. */
	spin_until = absolute_time() + ms_to_ticks(10000);
	uint64_t page = 0;
	CHECK(27, mach_vm_allocate(task, &page, 4096, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	CHECK(27, share_with_children(task, reply, page, 4096) == KERN_SUCCESS);
	shared = (void *)page;
	threads[0] = thread_start_simple(task, reply, yielder, 0, switch_stacks[0] + 16 * 1024);
	threads[1] = thread_start_simple(task, reply, logger, 1, switch_stacks[1] + 16 * 1024);
	threads[2] = thread_start_simple(task, reply, logger, 2, switch_stacks[2] + 16 * 1024);
	CHECK(27, threads[0] && threads[1] && threads[2]);
	for (int i = 0; i < 5; i++)
		thread_switch(0, SWITCH_OPTION_NONE, 0);

	/* 27: swtch yields for one turn; swtch_pri stays out of the way for a time slice. */
	uint64_t y = yields;
	CHECK(27, trap6(TRAP_SWTCH, 0, 0, 0, 0, 0, 0) == 1 && yields - y <= 2);
	y = yields;
	t0 = absolute_time();
	CHECK(27, trap6(TRAP_SWTCH_PRI, 0, 0, 0, 0, 0, 0) == 1);
	CHECK(27, yields - y > 50 && absolute_time() - t0 >= ms_to_ticks(50));

	/* 28: DEPRESS: the others run alone until the deadline, then it returns undepressed. */
	CHECK(28, timed_switch(0, SWITCH_OPTION_NONE, 30, &turns, &ticks) == 0 && turns <= 2);
	CHECK(28, timed_switch(0, SWITCH_OPTION_DEPRESS, 30, &turns, &ticks) == 0);
	CHECK(28, turns > 50 && ticks >= ms_to_ticks(30) && ticks < ms_to_ticks(5000));
	CHECK(28,
	      info_call(thread_self(), reply, THREAD_INFO, THREAD_SCHED_TIMESHARE_INFO, &m) == 0);
	CHECK(28, m.rep.count == 5 && m.rep.state[0] == 31 && m.rep.state[1] == 31 &&
	              m.rep.state[2] == 31 && m.rep.state[3] == 0 && (int32_t)m.rep.state[4] == -1);

	/* 29: depressed with no limit, a thread waits while others are ready, and says so. */
	threads[3] = thread_start_simple(task, reply, depressed, 0, switch_stacks[3] + 16 * 1024);
	CHECK(29, threads[3] != 0);
	for (int i = 0; i < 1000 && depress_step != 1; i++)
		thread_switch(0, SWITCH_OPTION_NONE, 0);
	for (int i = 0; i < 50; i++)
		thread_switch(0, SWITCH_OPTION_NONE, 0);
	CHECK(29, depress_step == 1);
	CHECK(29, info_call(threads[3], reply, THREAD_INFO, THREAD_SCHED_TIMESHARE_INFO, &m) == 0);
	CHECK(29, m.rep.count == 5 && m.rep.state[0] == 31 && m.rep.state[1] == 0 &&
	              m.rep.state[2] == 0 && m.rep.state[3] == 1 && m.rep.state[4] == 31);
	m.req.flavor = THREAD_SCHED_TIMESHARE_INFO;
	m.req.count = 4;
	CHECK(29, thread_call(threads[3], reply, THREAD_INFO, &m, sizeof(mach_msg_header_t) + 16) ==
	              KERN_INVALID_ARGUMENT);

	/* 30: thread_depress_abort ends it; a thread not depressed gets KERN_NOT_DEPRESSED. */
	CHECK(30,
	      thread_call(threads[3], reply, THREAD_DEPRESS_ABORT, &m, sizeof(m.req.Head)) == 0);
	for (int i = 0; i < 10 && depress_step == 1; i++)
		thread_switch(0, SWITCH_OPTION_NONE, 0);
	CHECK(30, depress_step >= 2 && depress_kr == KERN_SUCCESS);
	CHECK(30, thread_call(thread_self(), reply, THREAD_DEPRESS_ABORT, &m, sizeof(m.req.Head)) ==
	              KERN_NOT_DEPRESSED);
	CHECK(30, thread_call(thread_self(), reply, THREAD_DEPRESS_ABORT, &m,
	                      sizeof(m.req.Head) + 8) == MIG_BAD_ARGUMENTS);

	/* 31: so does thread_abort. */
	for (int i = 0; i < 1000 && depress_step != 3; i++)
		thread_switch(0, SWITCH_OPTION_NONE, 0);
	for (int i = 0; i < 20; i++)
		thread_switch(0, SWITCH_OPTION_NONE, 0);
	CHECK(31, depress_step == 3);
	CHECK(31, thread_call(threads[3], reply, THREAD_ABORT, &m, sizeof(m.req.Head)) == 0);
	for (int i = 0; i < 10 && depress_step == 3; i++)
		thread_switch(0, SWITCH_OPTION_NONE, 0);
	CHECK(31, depress_step >= 4 && depress_kr == KERN_SUCCESS);
	/* ... and so does thread_terminate: the thread gets to run, to its end. */
	for (int i = 0; i < 10 && depress_step != 5; i++)
		thread_switch(0, SWITCH_OPTION_NONE, 0);
	CHECK(31, depress_step == 5);
	kernel_request(threads[3], THREAD_TERMINATE);
	int ended = 0;
	for (int i = 0; i < 10 && !ended; i++) {
		thread_switch(0, SWITCH_OPTION_NONE, 0);
		mach_msg_header_t probe = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		                           .msgh_remote_port = threads[3],
		                           .msgh_id = 1};
		ended = mach_msg(&probe, MACH_SEND_MSG, sizeof(probe), 0, 0, 0, 0) ==
		        MACH_SEND_INVALID_DEST;
	}
	CHECK(31, ended && depress_step == 5);

	/*
	 * 32: a named thread that is ready runs next, ahead of its turn: a plain
	 * yield shows which logger comes first, then the other one is named. With
	 * NONE; with WAIT, which then sleeps; with OSLOCK_DEPRESS (a thread of
	 * this task), after which the others run alone until the deadline.
	 */
	const int options[] = {SWITCH_OPTION_NONE, SWITCH_OPTION_WAIT,
	                       SWITCH_OPTION_OSLOCK_DEPRESS};
	for (int i = 0; i < 3; i++) {
		int first = round_first(2 * i + 1, 0, SWITCH_OPTION_NONE, 0);
		CHECK(32, first == 1 || first == 2);
		y = yields;
		t0 = absolute_time();
		CHECK(32, round_first(2 * i + 2, threads[3 - first], options[i], 20) == 3 - first);
		CHECK(32,
		      options[i] == SWITCH_OPTION_NONE || absolute_time() - t0 >= ms_to_ticks(20));
		CHECK(32, options[i] != SWITCH_OPTION_OSLOCK_DEPRESS || yields - y > 20);
	}

	/*
	 * 34: a thread of another task is handed off to as well, except with the
	 * OSLOCK options: logger 3 runs in a child sharing the page. Naming logger
	 * 1 first makes it the one whose turn comes next.
	 */
	uint32_t child = task_create_simple(task, reply, 1);
	CHECK(34, MACH_PORT_VALID(child));
	threads[4] = thread_start_simple(child, reply, logger, 3, switch_stacks[4] + 16 * 1024);
	CHECK(34, threads[4] != 0);
	CHECK(34, round_first(7, threads[1], SWITCH_OPTION_NONE, 0) == 1);
	CHECK(34, round_first(8, threads[4], SWITCH_OPTION_OSLOCK_WAIT, 10) == 1);
	CHECK(34, round_first(9, threads[1], SWITCH_OPTION_NONE, 0) == 1);
	CHECK(34, round_first(10, threads[4], SWITCH_OPTION_NONE, 0) == 3);

	/* 33: names that are no ready thread are ignored, as XNU does; bad options are refused. */
	uint32_t receive_only;
	CHECK(33, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &receive_only) == 0);
	const uint32_t names[] = {0x12345678, MACH_PORT_DEAD, thread_self(), task, receive_only};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		CHECK(33, thread_switch(names[i], SWITCH_OPTION_NONE, 0) == KERN_SUCCESS);
	CHECK(33, thread_switch(0, 6, 0) == KERN_INVALID_ARGUMENT);
	CHECK(33, thread_switch(threads[1], -1, 0) == KERN_INVALID_ARGUMENT);
	mach_port_mod_refs(task, receive_only, MACH_PORT_RIGHT_RECEIVE, -1);

	shared->stop = 1;
	for (int i = 0; i < 5; i++)
		mach_port_deallocate(task, threads[i]);
	kernel_request(child, TASK_TERMINATE);
	mach_port_deallocate(task, child);
	return preempt_test(task, reply);
}

/* 21-24: task_info and thread_info. */
static int info_test(uint32_t task, uint32_t reply)
{
	union state_msg m;
	uint64_t v[3];

	/* Some CPU time of our own first: the statistical clock needs ticks to land here. */
	for (volatile uint64_t i = 0; i < 20000000; i++)
		;

	/* 21: the task: its mapped and resident sizes, and the user time just spent. */
	CHECK(21, info_call(task, reply, TASK_INFO, MACH_TASK_BASIC_INFO, &m) == 0);
	CHECK(21, m.rep.count == 12);
	__builtin_memcpy(v, m.rep.state, sizeof(v));
	CHECK(21, v[0] > 0 && v[0] % 4096 == 0 && v[1] > 0 && v[1] <= v[0] && v[2] >= v[1]);
	CHECK(21, m.rep.state[6] > 0 || m.rep.state[7] > 0); /* user_time */
	CHECK(21, m.rep.state[10] == 1 /* POLICY_TIMESHARE */ && m.rep.state[11] == 0);
	CHECK(21,
	      info_call(task, reply, TASK_INFO, TASK_BASIC_INFO_64, &m) == 0 && m.rep.count == 10);
	CHECK(21, info_call(task, reply, TASK_INFO, 99, &m) == KERN_INVALID_ARGUMENT);

	/* 22: a task's suspend count, and resuming one that is not suspended fails. */
	uint32_t child = task_create_simple(task, reply, 0);
	CHECK(22, MACH_PORT_VALID(child));
	CHECK(22, thread_call(child, reply, TASK_SUSPEND, &m, sizeof(m.req.Head)) == 0);
	CHECK(22, info_call(child, reply, TASK_INFO, TASK_BASIC_INFO_64, &m) == 0 &&
	              m.rep.state[0] == 1);
	CHECK(22, thread_call(child, reply, TASK_RESUME, &m, sizeof(m.req.Head)) == 0);
	CHECK(22, thread_call(child, reply, TASK_RESUME, &m, sizeof(m.req.Head)) == KERN_FAILURE);
	kernel_request(child, TASK_TERMINATE);
	mach_port_deallocate(task, child);

	/* 23: this thread: running, user time spent; a suspended thread is stopped. */
	CHECK(23, info_call(thread_self(), reply, THREAD_INFO, THREAD_BASIC_INFO, &m) == 0);
	CHECK(23, m.rep.count == 10 && m.rep.state[6] == 1 /* running */ &&
	              (m.rep.state[0] > 0 || m.rep.state[1] > 0));
	uint32_t created = 0;
	CHECK(23, port_routine(task, reply, THREAD_CREATE, 0, 0, &created) == KERN_SUCCESS);
	CHECK(23, info_call(created, reply, THREAD_INFO, THREAD_BASIC_INFO, &m) == 0);
	CHECK(23, m.rep.state[6] == 2 /* stopped */ && m.rep.state[8] == 1);

	/* 24: identifiers: distinct ids; the handle is the TSD base this thread set. */
	platform_call(PLATFORM_SET_CTHREAD, 0x7000);
	CHECK(24, info_call(thread_self(), reply, THREAD_INFO, THREAD_IDENTIFIER_INFO, &m) == 0);
	CHECK(24, m.rep.count == 6 && m.rep.state[2] == 0x7000 && m.rep.state[3] == 0);
	uint32_t my_id = m.rep.state[0];
	CHECK(24, info_call(created, reply, THREAD_INFO, THREAD_IDENTIFIER_INFO, &m) == 0);
	CHECK(24, m.rep.state[0] != my_id && m.rep.state[0] != 0);
	CHECK(24, info_call(created, reply, THREAD_INFO, 3, &m) == 0);
	m.req.flavor = THREAD_BASIC_INFO;
	m.req.count = 4;
	CHECK(24, thread_call(created, reply, THREAD_INFO, &m, sizeof(mach_msg_header_t) + 16) ==
	              KERN_INVALID_ARGUMENT);
	/* Never resumed, it still ends: terminating a suspended thread runs it to its exit. */
	kernel_request(created, THREAD_TERMINATE);
	mach_port_deallocate(task, created);
	platform_call(PLATFORM_SET_CTHREAD, 0);
	int failed = handoff_test(task, reply);
	return failed ? failed : switch_test(task, reply);
}

/* 16-20: thread_create (suspended until resumed) and thread_abort. */
static int abort_test(uint32_t task, uint32_t reply)
{
	union state_msg m;
	uint32_t port, created = 0;

	/* 16: thread_create: a thread that runs only once given a state and resumed. */
	CHECK(16, port_routine(task, reply, THREAD_CREATE, 0, 0, &created) == KERN_SUCCESS);
	CHECK(16, MACH_PORT_VALID(created));
	struct arm_thread_state64 st = {
	    .pc = (uint64_t)created_entry,
	    .sp = (uint64_t)(waiter_stacks[0] + sizeof(waiter_stacks[0]))};
	st.x[0] = 66;
	m.req.flavor = ARM_THREAD_STATE64;
	m.req.count = ARM_THREAD_STATE64_COUNT;
	__builtin_memcpy(m.req.state, &st, sizeof(st));
	CHECK(16, thread_call(created, reply, THREAD_SET_STATE, &m,
	                      sizeof(mach_msg_header_t) + 16 + sizeof(st)) == 0);
	for (int i = 0; i < 20; i++)
		thread_switch(0, 0, 0);
	CHECK(16, created_ran == 0);
	CHECK(16, thread_call(created, reply, THREAD_RESUME, &m, sizeof(m.req.Head)) == 0);
	for (int i = 0; i < 1000 && created_ran != 66; i++)
		thread_switch(0, 0, 0);
	CHECK(16, created_ran == 66);
	mach_port_deallocate(task, created);

	/* 17: an aborted receive returns MACH_RCV_INTERRUPTED. */
	CHECK(17, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(17, aborted_call(task, reply, wait_receive, port) == MACH_RCV_INTERRUPTED);

	/* 18: an aborted mach_wait_until returns KERN_ABORTED, long before its deadline. */
	CHECK(18, aborted_call(task, reply, wait_until, 0) == KERN_ABORTED);

	/* 19: an aborted forwarded BSD call returns EINTR; the late answer finds no one. */
	CHECK(19, mach_port_insert_right(task, port, port, MACH_MSG_TYPE_MAKE_SEND) == 0);
	CHECK(19, task_set_special_port(task, reply, TASK_SYSCALL_PORT, port,
	                                MACH_MSG_TYPE_COPY_SEND) == KERN_SUCCESS);
	CHECK(19, aborted_call(task, reply, wait_bsd_call, 0) == 4 /* EINTR */ && waited_carry);
	struct {
		struct syscall_forward_request req;
		mach_msg_trailer_t trailer;
	} fwd;
	CHECK(19, mach_msg(&fwd, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(fwd), port, 0, 0) ==
	              MACH_MSG_SUCCESS);
	CHECK(19, fwd.req.number == 20);
	struct syscall_forward_reply late = {
	    .Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
	             .msgh_remote_port = fwd.req.Head.msgh_remote_port,
	             .msgh_id = SYSCALL_FORWARD_REPLY_ID}};
	CHECK(19,
	      mach_msg(&late, MACH_SEND_MSG, sizeof(late), 0, 0, 0, 0) == MACH_SEND_INVALID_DEST);
	mach_port_deallocate(task, fwd.req.Head.msgh_remote_port);
	/* The program's own exit must not go to this port. */
	CHECK(19, task_set_special_port(task, reply, TASK_SYSCALL_PORT, MACH_PORT_NULL,
	                                MACH_MSG_TYPE_COPY_SEND) == KERN_SUCCESS);

	/* 20: aborting a thread that does not wait changes nothing; a long request is refused. */
	CHECK(20, thread_call(thread_self(), reply, THREAD_ABORT, &m, sizeof(m.req.Head)) == 0);
	CHECK(20, thread_call(thread_self(), reply, THREAD_ABORT, &m, sizeof(m.req.Head) + 8) ==
	              MIG_BAD_ARGUMENTS);
	mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(task, port);
	return info_test(task, reply);
}

static int control_test(uint32_t task, uint32_t reply)
{
	union state_msg m;
	uint32_t spinner_thread =
	    thread_start_simple(task, reply, spinner, 0, spinner_stack + sizeof(spinner_stack));
	CHECK(11, spinner_thread != 0);
	while (spins < 5)
		thread_switch(0, 0, 0);
	/* 11: suspended, it stops running. */
	CHECK(11, thread_call(spinner_thread, reply, THREAD_SUSPEND, &m, sizeof(m.req.Head)) == 0);
	for (int i = 0; i < 5; i++)
		thread_switch(0, 0, 0);
	uint64_t before = spins;
	for (int i = 0; i < 20; i++)
		thread_switch(0, 0, 0);
	CHECK(11, spins == before);
	/* 12: its state: sp inside its own stack. */
	m.req.flavor = ARM_THREAD_STATE64;
	m.req.count = ARM_THREAD_STATE64_COUNT;
	CHECK(12, thread_call(spinner_thread, reply, THREAD_GET_STATE, &m,
	                      sizeof(mach_msg_header_t) + 16) == 0);
	CHECK(12, m.rep.count == ARM_THREAD_STATE64_COUNT);
	struct arm_thread_state64 st;
	__builtin_memcpy(&st, m.rep.state, sizeof(st));
	CHECK(12, st.sp > (uint64_t)spinner_stack &&
	              st.sp <= (uint64_t)spinner_stack + sizeof(spinner_stack));
	/* 13: NEON state too, 130 words: read, written, read back. */
	m.req.flavor = ARM_NEON_STATE64;
	m.req.count = 130;
	CHECK(13, thread_call(spinner_thread, reply, THREAD_GET_STATE, &m,
	                      sizeof(mach_msg_header_t) + 16) == 0 &&
	              m.rep.count == 130);
	m.req.flavor = 99;
	m.req.count = 130;
	CHECK(13, thread_call(spinner_thread, reply, THREAD_GET_STATE, &m,
	                      sizeof(mach_msg_header_t) + 16) == KERN_INVALID_ARGUMENT);
	/* A new v31 and rounding mode (toward zero), read back; the thread finds them in 14. */
	m.req.flavor = ARM_NEON_STATE64;
	m.req.count = 130;
	CHECK(13, thread_call(spinner_thread, reply, THREAD_GET_STATE, &m,
	                      sizeof(mach_msg_header_t) + 16) == 0);
	uint32_t neon[130];
	__builtin_memcpy(neon, m.rep.state, sizeof(neon));
	neon[124] = 0x55667788;
	neon[125] = 0x11223344;
	neon[126] = 0xddeeff00;
	neon[127] = 0x99aabbcc;
	neon[129] = FPCR_ROUND_TO_ZERO;
	m.req.flavor = ARM_NEON_STATE64;
	m.req.count = 130;
	__builtin_memcpy(m.req.state, neon, sizeof(neon));
	CHECK(13, thread_call(spinner_thread, reply, THREAD_SET_STATE, &m,
	                      sizeof(mach_msg_header_t) + 16 + sizeof(neon)) == 0);
	m.req.flavor = ARM_NEON_STATE64;
	m.req.count = 130;
	CHECK(13, thread_call(spinner_thread, reply, THREAD_GET_STATE, &m,
	                      sizeof(mach_msg_header_t) + 16) == 0 &&
	              m.rep.count == 130);
	for (int i = 0; i < 130; i++)
		CHECK(13, m.rep.state[i] == neon[i]);
	m.req.flavor = ARM_NEON_STATE64;
	m.req.count = 129;
	CHECK(13, thread_call(spinner_thread, reply, THREAD_SET_STATE, &m,
	                      sizeof(mach_msg_header_t) + 16 + 129 * 4) == KERN_INVALID_ARGUMENT);
	/* 14: a new state sends it elsewhere once resumed. */
	st.pc = (uint64_t)landing;
	st.x[0] = 77;
	st.sp = (uint64_t)(spinner_stack + sizeof(spinner_stack));
	m.req.flavor = ARM_THREAD_STATE64;
	m.req.count = ARM_THREAD_STATE64_COUNT;
	__builtin_memcpy(m.req.state, &st, sizeof(st));
	CHECK(14, thread_call(spinner_thread, reply, THREAD_SET_STATE, &m,
	                      sizeof(mach_msg_header_t) + 16 + sizeof(st)) == 0);
	CHECK(14, thread_call(spinner_thread, reply, THREAD_RESUME, &m, sizeof(m.req.Head)) == 0);
	for (int i = 0; i < 1000 && landed != 77; i++)
		thread_switch(0, 0, 0);
	CHECK(14, landed == 77);
	CHECK(14, landed_v31[0] == 0x1122334455667788ull &&
	              landed_v31[1] == 0x99aabbccddeeff00ull && landed_fpcr == FPCR_ROUND_TO_ZERO);
	/* 15: resuming a thread that is not suspended fails; a truncated request is refused. */
	CHECK(15, thread_call(thread_self(), reply, THREAD_RESUME, &m, sizeof(m.req.Head)) ==
	              KERN_FAILURE);
	CHECK(15, thread_call(thread_self(), reply, THREAD_SET_STATE, &m,
	                      sizeof(mach_msg_header_t) + 12) == MIG_BAD_ARGUMENTS);
	return abort_test(task, reply);
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
	double expected = 0.5;
	for (int i = 0; i <= RPC_COUNT; i++)
		expected = expected * 1.5 + 1.0;
	CHECK(7, worker_fp_result == expected);

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
	return control_test(task, reply);
}
