/*
 * The wait of an RPC caller whose request went straight to a waiting server:
 * mach_msg(SEND|RCV) then waits for the reply keeping nothing of its kernel
 * stack, and the server's own receive is finished by the caller. Each way that
 * wait can end is checked: the reply handed over by the fast path, a plain
 * send, a reply with a port descriptor, a reply too large for the buffer,
 * thread_abort, the reply port destroyed, and the waiting thread terminated;
 * then for a server that answers and waits on a port set: the next request
 * handed over, a request sent plainly, thread_abort, a reply to a caller
 * whose buffer cannot be written, calls the quick path leaves to the general
 * one, a member whose queue limit is 0, and the set destroyed. Threads
 * waiting on one port are served in the order they came.
 * Returns 0 when every check passes, else the number of the first failing
 * check.
 */
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/notify.h"
#include "mach/port.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define THREAD_ABORT 3607

/* What the server does with a request, by its msgh_id. */
enum request {
	REPLY_FAST = 1,   /* answers with mach_msg(SEND|RCV), as servers do */
	REPLY_PLAIN,      /* answers with a plain send, then receives again */
	REPLY_PORT,       /* answers with a port descriptor (a send right to its own port) */
	REPLY_LARGE,      /* answers with more than the caller has room for */
	ABORT_CALLER,     /* thread_abort on the caller (value: its thread port) */
	DESTROY_REPLY,    /* destroys the caller's reply port (value: its name) */
	TERMINATE_CALLER, /* thread_terminate on the caller (value: its thread port) */
	STOP,
};

struct small_msg {
	mach_msg_header_t header;
	uint64_t value;
	mach_msg_trailer_t trailer;
};

struct large_msg {
	mach_msg_header_t header;
	uint64_t value;
	uint8_t filler[64];
	mach_msg_trailer_t trailer;
};

struct port_msg {
	mach_msg_header_t header;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
	mach_msg_trailer_t trailer;
};

static unsigned char server_stack[16 * 1024] __attribute__((aligned(16)));
static unsigned char caller_stack[16 * 1024] __attribute__((aligned(16)));
static volatile int server_failed;     /* a server step that went wrong */
static volatile int terminated_caller; /* set by the caller if it ever comes back */

/* Sends `m` (size bytes) to the send-once right its request came with, by a plain send. */
static int answer(void *m, uint32_t size)
{
	mach_msg_header_t *h = m;

	h->msgh_bits = (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
	               MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	h->msgh_local_port = MACH_PORT_NULL;
	return mach_msg(m, MACH_SEND_MSG, size, 0, 0, 0, 0);
}

/* Serves requests on `port` until STOP, as each one's msgh_id says. */
static void server(uint32_t port)
{
	uint32_t task = task_self(), reply = mach_reply_port();
	struct large_msg m;

	int mr = mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0);
	while (mr == MACH_MSG_SUCCESS && m.header.msgh_id != STOP) {
		uint32_t caller_reply = m.header.msgh_remote_port;
		switch (m.header.msgh_id) {
		case REPLY_FAST:
			/* Answer and wait for the next request in one call. */
			m.value += 1;
			m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
			m.header.msgh_local_port = MACH_PORT_NULL;
			mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header) + 8,
			              sizeof(m), port, 0, 0);
			continue;
		case REPLY_PLAIN:
			m.value += 2;
			if (answer(&m, sizeof(m.header) + 8) != MACH_MSG_SUCCESS)
				server_failed = REPLY_PLAIN;
			break;
		case REPLY_PORT: {
			struct port_msg p = {0};
			p.header = m.header;
			p.header.msgh_bits = MACH_MSGH_BITS_COMPLEX;
			p.body.msgh_descriptor_count = 1;
			p.port.name = port;
			p.port.disposition = MACH_MSG_TYPE_MAKE_SEND;
			p.port.type = MACH_MSG_PORT_DESCRIPTOR;
			if (answer(&p, sizeof(p) - sizeof(p.trailer)) != MACH_MSG_SUCCESS)
				server_failed = REPLY_PORT;
			break;
		}
		case REPLY_LARGE:
			if (answer(&m, sizeof(m) - sizeof(m.trailer)) != MACH_MSG_SUCCESS)
				server_failed = REPLY_LARGE;
			break;
		case ABORT_CALLER:
			if (no_argument_call((uint32_t)m.value, reply, THREAD_ABORT) !=
			    KERN_SUCCESS)
				server_failed = ABORT_CALLER;
			/* The unused reply right goes: a send-once notification follows. */
			mach_port_deallocate(task, caller_reply);
			break;
		case DESTROY_REPLY:
			if (mach_port_mod_refs(task, (uint32_t)m.value, MACH_PORT_RIGHT_RECEIVE,
			                       -1) != KERN_SUCCESS)
				server_failed = DESTROY_REPLY;
			mach_port_deallocate(task, caller_reply); /* now a dead name */
			break;
		case TERMINATE_CALLER:
			kernel_request((uint32_t)m.value, THREAD_TERMINATE);
			mach_port_deallocate(task, (uint32_t)m.value);
			mach_port_deallocate(task, caller_reply);
			break;
		default: server_failed = 100; break;
		}
		mr = mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0);
	}
	if (mr != MACH_MSG_SUCCESS)
		server_failed = 101;
	end_self(0);
}

static unsigned char set_server_stack[16 * 1024] __attribute__((aligned(16)));
static volatile int set_server_ended = -1;  /* how the set server's last receive ended */
static volatile int set_server_interrupted; /* receives thread_abort cut short */

/*
 * Answers each request on the members of `set` with value + 3 and waits for
 * the next in the same call (so it waits on the set without a kernel stack);
 * after a thread_abort it waits again; it ends when the set is destroyed.
 */
static void set_server(uint32_t set)
{
	struct large_msg m;

	int mr = mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), set, 0, 0);
	for (;;) {
		if (mr == MACH_RCV_INTERRUPTED) {
			set_server_interrupted++;
			mr = mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), set, 0, 0);
			continue;
		}
		if (mr != MACH_MSG_SUCCESS)
			break;
		m.value += 3;
		m.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.header.msgh_local_port = MACH_PORT_NULL;
		mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.header) + 8, sizeof(m),
		              set, 0, 0);
	}
	set_server_ended = mr;
	end_self(0);
}

static unsigned char queue_stacks[2][16 * 1024] __attribute__((aligned(16)));
static volatile uint64_t received_by[2]; /* the value each waiting receiver got */

/* Receives one message on `port` and records its value; arg = port | index << 31. */
static void queued_receiver(uint32_t arg)
{
	struct small_msg m;
	uint32_t port = arg & 0x7fffffffu, index = arg >> 31;

	if (mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0) == MACH_MSG_SUCCESS)
		received_by[index] = m.value;
	end_self(0);
}

/* The request: msgh_id `id` with `value`, the reply expected on `reply`. */
static void request(struct small_msg *m, uint32_t server_port, uint32_t reply, int id,
                    uint64_t value)
{
	m->header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->header.msgh_remote_port = server_port;
	m->header.msgh_local_port = reply;
	m->header.msgh_voucher_port = 0;
	m->header.msgh_id = id;
	m->value = value;
}

/* An RPC of the fast path's shape: the result of mach_msg(SEND|RCV), the reply in *m. */
static int call(void *m, uint32_t rcv_size, uint32_t server_port, uint32_t reply, int id,
                uint64_t value)
{
	request(m, server_port, reply, id, value);
	return mach_msg(m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(mach_msg_header_t) + 8, rcv_size,
	                reply, 0, 0);
}

/* A second caller, whose wait the server ends with thread_terminate. */
static void terminated(uint32_t server_port)
{
	struct small_msg m;
	uint32_t reply = mach_reply_port();

	call(&m, sizeof(m), server_port, reply, TERMINATE_CALLER, thread_self());
	terminated_caller = 1;
	end_self(0);
}

/* Lets the server run until it waits for the next request. */
static void let_server_run(void)
{
	for (int i = 0; i < 50; i++)
		thread_switch(0, 0, 0);
}

int main(void)
{
	uint32_t task = task_self(), reply = mach_reply_port(), port;
	union {
		struct small_msg small;
		struct large_msg large;
		struct port_msg port;
	} m;

	/* 1: a server thread waiting on its port. */
	CHECK(1, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(1, mach_port_insert_right(task, port, port, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	uint32_t server_thread =
	    thread_start_simple(task, reply, server, port, server_stack + sizeof(server_stack));
	CHECK(1, server_thread != 0);
	let_server_run();

	/* 2: replies handed over by the fast path, both ways, many times over. */
	for (uint64_t i = 0; i < 20; i++) {
		CHECK(2, call(&m, sizeof(m.small), port, reply, REPLY_FAST, i) == MACH_MSG_SUCCESS);
		CHECK(2, m.small.value == i + 1 && m.small.header.msgh_id == REPLY_FAST &&
		             m.small.header.msgh_local_port == reply &&
		             m.small.header.msgh_remote_port == MACH_PORT_NULL &&
		             m.small.header.msgh_bits ==
		                 MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	}

	/* 3: a reply sent with a plain send (queued, or handed to the waiting caller). */
	CHECK(3, call(&m, sizeof(m.small), port, reply, REPLY_PLAIN, 40) == MACH_MSG_SUCCESS);
	CHECK(3, m.small.value == 42 && m.small.header.msgh_local_port == reply &&
	             m.small.header.msgh_bits == MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));

	/* 4: a reply carrying a right: the caller gets a send right to the server's port. */
	CHECK(4, call(&m, sizeof(m.port), port, reply, REPLY_PORT, 0) == MACH_MSG_SUCCESS);
	CHECK(4, (m.port.header.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	             m.port.body.msgh_descriptor_count == 1 && m.port.port.name == port &&
	             m.port.port.disposition == MACH_MSG_TYPE_PORT_SEND);
	CHECK(4, mach_port_deallocate(task, port) == KERN_SUCCESS); /* the extra reference */

	/*
	 * 5: a reply with no room for it: MACH_RCV_TOO_LARGE, and it is destroyed;
	 * its unused send-once right comes back as a notification, as in XNU.
	 */
	CHECK(5, call(&m, sizeof(m.small), port, reply, REPLY_LARGE, 0) == MACH_RCV_TOO_LARGE);
	CHECK(5, mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), reply, 1000, 0) ==
	             MACH_MSG_SUCCESS);
	CHECK(5, m.small.header.msgh_id == MACH_NOTIFY_SEND_ONCE);
	CHECK(5, mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), reply, 0, 0) ==
	             MACH_RCV_TIMED_OUT);

	/* 6: thread_abort ends the wait; the unused reply right then comes back as a notification.
	 */
	uint32_t self = thread_self();
	CHECK(6, call(&m, sizeof(m), port, reply, ABORT_CALLER, self) == MACH_RCV_INTERRUPTED);
	CHECK(6, mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), reply, 1000, 0) ==
	             MACH_MSG_SUCCESS);
	CHECK(6, m.small.header.msgh_id == MACH_NOTIFY_SEND_ONCE);
	CHECK(6, mach_port_deallocate(task, self) == KERN_SUCCESS);

	/* 7: the reply port destroyed under the waiting caller: MACH_RCV_PORT_DIED. */
	uint32_t doomed;
	CHECK(7, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &doomed) == KERN_SUCCESS);
	CHECK(7, call(&m, sizeof(m), port, doomed, DESTROY_REPLY, doomed) == MACH_RCV_PORT_DIED);

	/* 8: the waiting caller terminated: it never comes back, and the server goes on. */
	uint32_t caller =
	    thread_start_simple(task, reply, terminated, port, caller_stack + sizeof(caller_stack));
	CHECK(8, caller != 0);
	let_server_run();
	CHECK(8, call(&m, sizeof(m.small), port, reply, REPLY_FAST, 7) == MACH_MSG_SUCCESS &&
	             m.small.value == 8);
	CHECK(8, !terminated_caller);
	CHECK(8, mach_port_deallocate(task, caller) == KERN_SUCCESS);

	/* 9: every server step went as planned; then it stops. */
	CHECK(9, server_failed == 0);
	request(&m.small, port, MACH_PORT_NULL, STOP, 0);
	m.small.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	CHECK(9, mach_msg(&m, MACH_SEND_MSG, sizeof(m.small.header) + 8, 0, 0, 0, 0) ==
	             MACH_MSG_SUCCESS);
	let_server_run();
	CHECK(9, mach_port_deallocate(task, server_thread) == KERN_SUCCESS);
	CHECK(9, mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);

	/* 10: a server on a port set: each answer hands over, then it waits on the set. */
	uint32_t set, member;
	CHECK(10, mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set) == KERN_SUCCESS);
	CHECK(10, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &member) == KERN_SUCCESS);
	CHECK(10, mach_port_insert_right(task, member, member, MACH_MSG_TYPE_MAKE_SEND) ==
	              KERN_SUCCESS);
	CHECK(10, mach_port_move_member(task, member, set) == KERN_SUCCESS);
	uint32_t set_thread = thread_start_simple(task, reply, set_server, set,
	                                          set_server_stack + sizeof(set_server_stack));
	CHECK(10, set_thread != 0);
	let_server_run();
	for (uint64_t i = 0; i < 10; i++) {
		CHECK(10,
		      call(&m, sizeof(m.small), member, reply, REPLY_FAST, i) == MACH_MSG_SUCCESS);
		CHECK(10, m.small.value == i + 3 && m.small.header.msgh_local_port == reply);
	}

	/* 11: a request sent plainly reaches it waiting on the set; the answer comes back. */
	request(&m.small, member, reply, REPLY_FAST, 100);
	CHECK(11, mach_msg(&m, MACH_SEND_MSG, sizeof(m.small.header) + 8, 0, 0, 0, 0) ==
	              MACH_MSG_SUCCESS);
	CHECK(11, mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), reply, 1000, 0) ==
	                  MACH_MSG_SUCCESS &&
	              m.small.value == 103);

	/* 12: thread_abort cuts its wait on the set short; it waits again and still answers. */
	let_server_run();
	CHECK(12, no_argument_call(set_thread, reply, THREAD_ABORT) == KERN_SUCCESS);
	let_server_run();
	CHECK(12, set_server_interrupted == 1);
	CHECK(12, call(&m, sizeof(m.small), member, reply, REPLY_FAST, 5) == MACH_MSG_SUCCESS &&
	              m.small.value == 8);

	/*
	 * 14: a reply handed over to a caller whose receive buffer is unmapped,
	 * or in the kernel's half: MACH_RCV_INVALID_DATA, and the server goes on.
	 */
	void *bad_buffers[] = {(void *)0x10, (void *)0xffff000040000000ull};
	for (int i = 0; i < 2; i++) {
		request(&m.small, member, reply, REPLY_FAST, 1);
		CHECK(14, mach_msg_overwrite(&m, MACH_SEND_MSG | MACH_RCV_MSG,
		                             sizeof(m.small.header) + 8, sizeof(m.small), reply, 0,
		                             bad_buffers[i]) == MACH_RCV_INVALID_DATA);
	}
	CHECK(14, call(&m, sizeof(m.small), member, reply, REPLY_FAST, 9) == MACH_MSG_SUCCESS &&
	              m.small.value == 12);

	/* 15: threads waiting on one port get its messages in the order they began to wait. */
	uint32_t queue, receivers[2];
	CHECK(15, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &queue) == KERN_SUCCESS);
	CHECK(15, queue < 0x80000000u);
	for (uint32_t i = 0; i < 2; i++) {
		receivers[i] = thread_start_simple(task, reply, queued_receiver, queue | i << 31,
		                                   queue_stacks[i] + sizeof(queue_stacks[i]));
		CHECK(15, receivers[i] != 0);
		let_server_run();
	}
	for (uint64_t value = 1; value <= 2; value++) {
		request(&m.small, queue, MACH_PORT_NULL, REPLY_FAST, value);
		m.small.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
		CHECK(15, mach_msg(&m, MACH_SEND_MSG, sizeof(m.small.header) + 8, 0, 0, 0, 0) ==
		              MACH_MSG_SUCCESS);
	}
	let_server_run();
	CHECK(15, received_by[0] == 1 && received_by[1] == 2);
	for (uint32_t i = 0; i < 2; i++)
		CHECK(15, mach_port_deallocate(task, receivers[i]) == KERN_SUCCESS);
	CHECK(15, mach_port_mod_refs(task, queue, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);

	/*
	 * 16: SEND|RCV calls the quick path does not take end as the general
	 * path says: a bad destination, a bad size, an unmapped buffer; a bad
	 * receive name after a good send (the answer waits on the reply port);
	 * a voucher disposition (dropped, as the general path does).
	 */
	request(&m.small, 0x12345603u, reply, REPLY_FAST, 0);
	CHECK(16, mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.small.header) + 8,
	                   sizeof(m.small), reply, 0, 0) == MACH_SEND_INVALID_DEST);
	request(&m.small, member, reply, REPLY_FAST, 0);
	CHECK(16, mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.small.header) + 2,
	                   sizeof(m.small), reply, 0, 0) == MACH_SEND_MSG_TOO_SMALL);
	CHECK(16, mach_msg((void *)0x10, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.small.header) + 8,
	                   sizeof(m.small), reply, 0, 0) == MACH_SEND_INVALID_DATA);
	request(&m.small, member, reply, REPLY_FAST, 20);
	CHECK(16, mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.small.header) + 8,
	                   sizeof(m.small), 0x12345603u, 0, 0) == MACH_RCV_INVALID_NAME);
	CHECK(16, mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), reply, 1000, 0) ==
	                  MACH_MSG_SUCCESS &&
	              m.small.value == 23);
	request(&m.small, member, reply, REPLY_FAST, 30);
	m.small.header.msgh_bits |= MACH_MSG_TYPE_COPY_SEND << 16; /* a voucher, of no port */
	CHECK(16, mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.small.header) + 8,
	                   sizeof(m.small), reply, 0, 0) == MACH_MSG_SUCCESS &&
	              m.small.value == 33 &&
	              m.small.header.msgh_bits == MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));

	/*
	 * 17: a member whose queue limit is 0 (MACH_PORT_QLIMIT_ZERO): a message
	 * sent with a send right waits even though the server waits too, as in
	 * XNU, so with a send timeout of 0 it times out; one sent with a
	 * send-once right gets through and is answered.
	 */
	uint32_t zero;
	mach_port_options_t zero_limit = {.flags = MPO_QLIMIT | MPO_INSERT_SEND_RIGHT,
	                                  .mpl_qlimit = MACH_PORT_QLIMIT_ZERO};
	CHECK(17, mach_port_construct(task, &zero_limit, 0, &zero) == KERN_SUCCESS);
	CHECK(17, mach_port_move_member(task, zero, set) == KERN_SUCCESS);
	request(&m.small, zero, reply, REPLY_FAST, 40);
	CHECK(17, mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_TIMEOUT,
	                   sizeof(m.small.header) + 8, sizeof(m.small), reply, 0,
	                   0) == MACH_SEND_TIMED_OUT);
	request(&m.small, zero, reply, REPLY_FAST, 50);
	m.small.header.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	CHECK(17, mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.small.header) + 8,
	                   sizeof(m.small), reply, 0, 0) == MACH_MSG_SUCCESS &&
	              m.small.value == 53);
	CHECK(17, mach_port_mod_refs(task, zero, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	CHECK(17, mach_port_deallocate(task, zero) == KERN_SUCCESS);

	/* 13: the set destroyed under it: MACH_RCV_PORT_DIED, and the server ends. */
	CHECK(13, mach_port_mod_refs(task, set, MACH_PORT_RIGHT_PORT_SET, -1) == KERN_SUCCESS);
	let_server_run();
	CHECK(13, set_server_ended == MACH_RCV_PORT_DIED);
	CHECK(13, mach_port_deallocate(task, set_thread) == KERN_SUCCESS);
	CHECK(13, mach_port_mod_refs(task, member, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	return 0;
}
