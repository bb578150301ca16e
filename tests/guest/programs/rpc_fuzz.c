/*
 * A bounded, seeded fuzzer of the RPC fast path (mach_msg_rpc in
 * mach/ipc/mach_msg.c), run as the boot task. The main thread (the client)
 * makes ITERATIONS calls with mach_msg(SEND|RCV) and no receive timeout to a
 * server thread that answers with mach_msg(SEND|RCV) on a port set or a
 * port, so most requests and replies are handed straight to a thread that
 * waits without a kernel stack. Mixed in, from the seed: message sizes in and
 * out of the fast path's range and bad ones, every trailer request and bad
 * ones, receive buffers too small (with and without MACH_RCV_LARGE) or not
 * writable, COPY_SEND, MOVE_SEND_ONCE, MAKE_SEND_ONCE and MAKE_SEND
 * destinations, voucher bits, calls with no reply port, a bad receive name
 * or one in a set, a message queued already where the answer is to come,
 * queue limits of 0 (MACH_SEND_TIMEOUT) and more on both sides; the server
 * answering with a plain send, a port descriptor or a message too large for
 * the fast path, not answering (a send-once notification), aborting the
 * caller, destroying the caller's port or set, moving the caller's port out
 * in a message and back, recreating its own ports with new queue limits and
 * moving them in and out of its set, and receiving with a buffer too small
 * for the request; a third thread aborting and suspending the other two at
 * times of its own; at the end the server asked to stop, terminated while
 * it waits, or left to the task's end.
 *
 * Nothing can hang: each call without a receive timeout is ended by the
 * server, which answers every request it is sent, in order, or aborts the
 * caller. A watchdog thread aborts a call that has not ended in seconds, and
 * any such abort fails the run. Every result must be one the case allows;
 * received bits, names, ids, sizes, bodies, trailers and sequence numbers are
 * checked where they are determined, and each request's reply right yields
 * exactly one message (the answer or a send-once notification), which must
 * arrive. The kernel's IPC trace (read on host_priv) counts the requests and
 * replies handed over, which must be some. At the end every thread and right
 * goes, so the kernel's leak counters read 0 once the task ends.
 *
 * Exits through BSD exit (x0 = 0 when every check passed, otherwise
 * (check << 16) | iteration; x1 = the trace's counts: bits 63..48 the
 * requests handed over, per mille, 47..32 the replies handed over, per
 * mille, 30..0 the requests sent; bit 31 set when two servers took turns).
 * argv[1] (bootstrap.arg=N) makes N calls instead; N:S seeds them with S.
 * bootstrap.arg=pool, senders, moved or away runs instead a reproduction of
 * a kernel bug the fuzzing led to (pool_check, senders_check, moved_check),
 * which fails while the kernel has it.
 */
#include <stddef.h>
#include <stdint.h>

#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/notify.h"
#include "mach/port.h"
#include "mach/tessera_trace.h"
#define FUZZ_SEED 0x6a09e667f3bcc909ull
#include "fuzz.h"
#include "threads.h"
#include "user.h"

#define ITERATIONS 100000 /* unless argv[1] gives another count */

#define THREAD_SUSPEND 3605
#define THREAD_RESUME  3606
#define THREAD_ABORT   3607
#define BSD_EXIT       1

#define REQUEST_ID     0x52000 /* + the action */
#define REPLY_ID       0x53000
#define UNSOLICITED_ID 0x53001
#define COMMAND_ID     0x54000 /* + the disturber's command */
#define SELF_ID        0x55000 /* make_send_once's message to itself */
#define QUEUED_ID      0x55001 /* the client's message to itself before a call */

#define SERVER_PORTS  3
#define BUFFER        2048 /* message buffers' room */
#define SLACK         64   /* canary bytes past a short receive's room */
#define CANARY        0xa5a5a5a5u
#define HEADER        ((uint32_t)sizeof(mach_msg_header_t))
#define FAST_MAX      256 /* the fast path's largest message */
#define BAD_NAME      0x12345603u
#define KERNEL_BUFFER 0xffff000040000000ull

/* Trailer sizes by the number of elements asked for (format 0). */
static const uint32_t trailer_sizes[] = {8, 12, 20, 52};

/* The body word `i` of message `seq` (word 0 is seq itself). */
static uint32_t pattern(uint32_t seq, uint32_t i)
{
	return i == 0 ? seq : seq * 2654435761u + i;
}

typedef union {
	mach_msg_header_t h;
	uint32_t w[(BUFFER + SLACK) / 4];
} buffer_t;

/* --- What the threads share --------------------------------------------------- */

/* What the server does with a request: its msgh_id is REQUEST_ID + one of these. */
enum action {
	A_FAST,        /* answers and waits again in one mach_msg(SEND|RCV) */
	A_PLAIN,       /* answers with a plain send, then receives */
	A_PORT,        /* answers with a port descriptor (a send right to port[0]) */
	A_NOTIFY,      /* drops the reply right: a send-once notification */
	A_ABORT,       /* thread_abort on the client, then answers (arg 1) or drops the right */
	A_DESTROY,     /* destroys what the client receives on, then drops the reply right */
	A_RECREATE,    /* remakes port[arg % 3] with queue limit arg / 4, then answers fast */
	A_MODE,        /* receives on port[0] alone, or on the set (arg 1: a new one) */
	A_MOVE,        /* moves the client's port out in a message and back, then answers */
	A_UNSOLICITED, /* (no reply port) sends to the client's port with MAKE_SEND_ONCE */
	A_ABORT_ONLY,  /* (no reply port) thread_abort on the client */
	A_STOP,        /* answers, then ends */
	ACTIONS
};

/* The server's ports (names in the one space all threads share) and how it receives. */
static volatile uint32_t server_port[SERVER_PORTS];
static volatile uint32_t server_qlimit[SERVER_PORTS];
static volatile uint32_t server_set;
static volatile int server_set_mode; /* on the set, every port a member; else on port[0] */

/* The plan of the request in flight, written by the client before it sends. */
static volatile uint32_t plan_seq, plan_arg, plan_dest, plan_size, plan_bits;
static volatile uint32_t plan_reply_size;    /* the answer's size */
static volatile uint32_t plan_client_rcv;    /* what the client receives on (port or set) */
static volatile uint32_t plan_client_port;   /* the client's port, for A_UNSOLICITED */
static volatile uint32_t plan_next_elements; /* the server's next receives' trailer */
static volatile uint32_t plan_next_room;     /* and room */
static volatile int plan_next_bad_trailer;   /* its next SEND|RCV asks for a bad trailer */

static volatile uint32_t served;        /* the last request the server is through with */
static volatile int server_failed;      /* the server's first failed check */
static volatile int server_ended[2];    /* each stopped (A_STOP) */
static volatile uint32_t moved_port;    /* the client's port's name after A_MOVE */
static volatile uint32_t park;          /* the server's port that A_MOVE parks it on */
static volatile uint32_t client_thread; /* the client's thread port */

/* The disturber's commands: COMMAND_ID + one of these; it records the last one done. */
enum command { D_ABORT_CLIENT, D_ABORT_SERVER, D_SUSPEND_SERVER, D_SUSPEND_CLIENT, D_STOP };
static volatile uint32_t disturber_done;
static volatile int disturber_failed, disturber_ended;
static volatile uint32_t server_thread[2];
static int pool; /* two server threads receive on the same port or set */
static uint32_t disturber_thread, watchdog_thread;

/* The watchdog: what it watches, and how often it had to act. */
static volatile int client_blocking;
static volatile uint32_t client_calls;
static volatile int client_finished, watchdog_fired, watchdog_ended;
static uint64_t ticks_per_second;

static unsigned char server_stacks[2][32 * 1024] __attribute__((aligned(16)));
static unsigned char disturber_stack[16 * 1024] __attribute__((aligned(16)));
static unsigned char watchdog_stack[16 * 1024] __attribute__((aligned(16)));

/* --- The server ------------------------------------------------------------------- */

static uint32_t server_seqno[SERVER_PORTS]; /* each port's next sequence number */

/* A server thread's own: its buffer, and its receives' trailer request and room. */
struct server_state {
	buffer_t buf;
	volatile uint32_t elements, room;
};
static struct server_state servers[2] = {{.room = BUFFER}, {.room = BUFFER}};

static void server_fail(int code)
{
	if (!server_failed)
		server_failed = code;
}

static uint32_t server_receive_name(void)
{
	return server_set_mode ? server_set : server_port[0];
}

/* Checks a received request against the plan; a difference is a failure. */
static void server_check(struct server_state *ss, uint32_t size)
{
	mach_msg_header_t *h = &ss->buf.h;
	uint32_t d = plan_dest, seq = plan_seq;

	if (h->msgh_size != size || size != plan_size || h->msgh_bits != plan_bits ||
	    h->msgh_local_port != server_port[d] ||
	    (MACH_MSGH_BITS_REMOTE(h->msgh_bits) != 0) != (h->msgh_remote_port != 0))
		server_fail(101);
	for (uint32_t i = 0; i < (size - HEADER) / 4; i++)
		if (ss->buf.w[HEADER / 4 + i] != pattern(seq, i))
			server_fail(102);
	const mach_msg_trailer_t *t = (const void *)((const uint8_t *)h + size);
	if (t->msgh_trailer_type != 0 || t->msgh_trailer_size != trailer_sizes[ss->elements])
		server_fail(103);
	const mach_msg_audit_trailer_t *st = (const void *)t;
	if (ss->elements >= 1 && st->msgh_seqno != server_seqno[d])
		server_fail(104);
	server_seqno[d]++;
}

/* The answer to `reply` (a send-once right), `size` bytes; the header's bits are the caller's. */
static void server_answer_header(struct server_state *ss, uint32_t reply, uint32_t size,
                                 uint32_t seq)
{
	ss->buf.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	ss->buf.h.msgh_remote_port = reply;
	ss->buf.h.msgh_local_port = MACH_PORT_NULL;
	ss->buf.h.msgh_voucher_port = 0;
	ss->buf.h.msgh_id = REPLY_ID;
	for (uint32_t i = 0; i < (size - HEADER) / 4; i++)
		ss->buf.w[HEADER / 4 + i] = pattern(seq, i);
}

static uint32_t server_option(const struct server_state *ss)
{
	return MACH_RCV_MSG | MACH_RCV_TRAILER_ELEMENTS(ss->elements);
}

/* A new port for port[i] with queue limit `qlimit`, in the set if the server receives on it. */
static void server_make_port(uint32_t task, uint32_t i, uint32_t qlimit)
{
	mach_port_options_t options = {.flags = MPO_INSERT_SEND_RIGHT | MPO_QLIMIT,
	                               .mpl_qlimit = qlimit};
	uint32_t name;

	if (mach_port_construct(task, &options, 0, &name) != KERN_SUCCESS)
		server_fail(110);
	if (server_set_mode && mach_port_move_member(task, name, server_set) != KERN_SUCCESS)
		server_fail(111);
	server_seqno[i] = 0;
	server_qlimit[i] = qlimit;
	server_port[i] = name;
}

/* Switches between receiving on port[0] alone and on the set of all three. */
static void server_switch_mode(uint32_t task, int new_set)
{
	if (server_set_mode) {
		for (uint32_t i = 0; i < SERVER_PORTS; i++)
			if (mach_port_extract_member(task, server_port[i], server_set) !=
			    KERN_SUCCESS)
				server_fail(112);
		server_set_mode = 0;
		return;
	}
	if (new_set) {
		uint32_t set = MACH_PORT_NULL;
		if (mach_port_mod_refs(task, server_set, MACH_PORT_RIGHT_PORT_SET, -1) !=
		        KERN_SUCCESS ||
		    mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set) != KERN_SUCCESS)
			server_fail(113);
		server_set = set;
	}
	for (uint32_t i = 0; i < SERVER_PORTS; i++)
		if (mach_port_insert_member(task, server_port[i], server_set) != KERN_SUCCESS)
			server_fail(114);
	server_set_mode = 1;
}

/*
 * Serves requests in the order they come, as each one's msgh_id and the plan
 * say, until A_STOP. Every request with a reply right gets exactly one message
 * back: the answer, or a send-once notification when the right is dropped.
 */
static void server(uint32_t index)
{
	uint32_t task = task_self(), kreply = mach_reply_port();
	struct server_state *ss = &servers[index];

	int mr = mach_msg(&ss->buf, server_option(ss), 0, ss->room, server_receive_name(), 0, 0);
	for (;;) {
		/*
		 * The disturber's thread_abort; or, in a pool, the other server
		 * changed what this one waited on.
		 */
		if (mr == MACH_RCV_INTERRUPTED ||
		    (pool && (mr == MACH_RCV_PORT_DIED || mr == MACH_RCV_INVALID_NAME ||
		              mr == MACH_RCV_IN_SET))) {
			mr = mach_msg(&ss->buf, server_option(ss), 0, ss->room,
			              server_receive_name(), 0, 0);
			continue;
		}
		uint32_t seq = plan_seq, size = plan_size, reply_size = plan_reply_size;
		uint32_t action = ss->buf.h.msgh_id - REQUEST_ID;
		if (mr == MACH_RCV_TOO_LARGE) {
			/* The request was thrown away (its reply right with it). */
			server_seqno[plan_dest]++;
		} else if (mr != MACH_MSG_SUCCESS || action >= ACTIONS) {
			server_fail(100);
			action = A_NOTIFY;
		} else {
			server_check(ss, size);
		}
		uint32_t reply = ss->buf.h.msgh_remote_port;
		ss->elements = plan_next_elements;
		ss->room = plan_next_room;
		int bad_trailer = plan_next_bad_trailer;
		if (mr == MACH_RCV_TOO_LARGE) {
			served = seq;
			mr = mach_msg(&ss->buf, server_option(ss), 0, ss->room,
			              server_receive_name(), 0, 0);
			continue;
		}
		int fast = 0;
		switch (action) {
		case A_RECREATE: {
			uint32_t i = plan_arg % SERVER_PORTS;
			if (mach_port_destruct(task, server_port[i], -1, 0) != KERN_SUCCESS)
				server_fail(120);
			server_make_port(task, i, plan_arg / 4);
			fast = 1;
			break;
		}
		case A_MODE:
			server_switch_mode(task, (int)plan_arg);
			fast = 1;
			break;
		case A_FAST: fast = 1; break;
		case A_STOP:
		case A_PLAIN:
			server_answer_header(ss, reply, reply_size, seq);
			served = seq;
			if (mach_msg(&ss->buf, MACH_SEND_MSG, reply_size, 0, 0, 0, 0) !=
			    MACH_MSG_SUCCESS)
				server_fail(121);
			if (action == A_STOP) {
				server_ended[index] = 1;
				end_self(0);
			}
			break;
		case A_PORT: {
			struct {
				mach_msg_header_t h;
				mach_msg_body_t body;
				mach_msg_port_descriptor_t port;
			} p = {0};
			p.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0) |
			                MACH_MSGH_BITS_COMPLEX;
			p.h.msgh_remote_port = reply;
			p.h.msgh_id = REPLY_ID;
			p.body.msgh_descriptor_count = 1;
			p.port.name = server_port[0];
			p.port.disposition = MACH_MSG_TYPE_MAKE_SEND;
			p.port.type = MACH_MSG_PORT_DESCRIPTOR;
			served = seq;
			if (mach_msg(&p, MACH_SEND_MSG, sizeof(p), 0, 0, 0, 0) != MACH_MSG_SUCCESS)
				server_fail(122);
			break;
		}
		case A_NOTIFY:
			if (mach_port_deallocate(task, reply) != KERN_SUCCESS)
				server_fail(123);
			served = seq;
			break;
		case A_ABORT:
		case A_ABORT_ONLY:
			if (no_argument_call(client_thread, kreply, THREAD_ABORT) != KERN_SUCCESS)
				server_fail(124);
			if (action == A_ABORT_ONLY) {
				served = seq;
				break;
			}
			if (plan_arg) {
				server_answer_header(ss, reply, reply_size, seq);
				served = seq;
				if (mach_msg(&ss->buf, MACH_SEND_MSG, reply_size, 0, 0, 0, 0) !=
				    MACH_MSG_SUCCESS)
					server_fail(125);
			} else {
				if (mach_port_deallocate(task, reply) != KERN_SUCCESS)
					server_fail(126);
				served = seq;
			}
			break;
		case A_DESTROY: {
			uint32_t rcv = plan_client_rcv;
			int is_set = rcv != plan_client_port;
			if (mach_port_mod_refs(task, rcv,
			                       is_set ? MACH_PORT_RIGHT_PORT_SET
			                              : MACH_PORT_RIGHT_RECEIVE,
			                       -1) != KERN_SUCCESS)
				server_fail(127);
			/* A notification, or a dead name's reference that goes. */
			if (mach_port_deallocate(task, reply) != KERN_SUCCESS)
				server_fail(128);
			served = seq;
			break;
		}
		case A_MOVE: {
			struct {
				mach_msg_header_t h;
				mach_msg_body_t body;
				mach_msg_port_descriptor_t port;
				mach_msg_trailer_t trailer;
			} p = {0};
			p.h.msgh_bits =
			    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
			p.h.msgh_remote_port = park;
			p.h.msgh_id = SELF_ID;
			p.body.msgh_descriptor_count = 1;
			p.port.name = plan_client_port;
			p.port.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
			p.port.type = MACH_MSG_PORT_DESCRIPTOR;
			if (mach_msg(&p, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			             sizeof(p) - sizeof(p.trailer), 0, 0, 0, 0) != MACH_MSG_SUCCESS)
				server_fail(132);
			/*
			 * The client, woken, learns that its port moved before the port
			 * comes back or gets a message: the other orders are
			 * moved_check's, which the kernel gets wrong.
			 */
			thread_switch(client_thread, 0, 0);
			if (mach_msg(&p, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(p), park, 0,
			             0) != MACH_MSG_SUCCESS ||
			    p.port.disposition != MACH_MSG_TYPE_PORT_RECEIVE)
				server_fail(134);
			moved_port = p.port.name;
			server_answer_header(ss, reply, reply_size, seq);
			served = seq;
			if (mach_msg(&ss->buf, MACH_SEND_MSG, reply_size, 0, 0, 0, 0) !=
			    MACH_MSG_SUCCESS)
				server_fail(135);
			break;
		}
		case A_UNSOLICITED:
			ss->buf.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0);
			ss->buf.h.msgh_remote_port = plan_client_port;
			ss->buf.h.msgh_local_port = MACH_PORT_NULL;
			ss->buf.h.msgh_voucher_port = 0;
			ss->buf.h.msgh_id = UNSOLICITED_ID;
			for (uint32_t i = 0; i < (reply_size - HEADER) / 4; i++)
				ss->buf.w[HEADER / 4 + i] = pattern(seq, i);
			served = seq;
			if (mach_msg(&ss->buf, MACH_SEND_MSG, reply_size, 0, 0, 0, 0) !=
			    MACH_MSG_SUCCESS)
				server_fail(129);
			break;
		default: server_fail(130); break;
		}
		if (!fast) {
			mr = mach_msg(&ss->buf, server_option(ss), 0, ss->room,
			              server_receive_name(), 0, 0);
			continue;
		}
		server_answer_header(ss, reply, reply_size, seq);
		served = seq;
		if (bad_trailer) {
			/* Sent, then the receive is refused: receive again. */
			mr = mach_msg(&ss->buf,
			              MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TRAILER_ELEMENTS(7),
			              reply_size, ss->room, server_receive_name(), 0, 0);
			if (mr != MACH_RCV_INVALID_TRAILER)
				server_fail(131);
			mr = mach_msg(&ss->buf, server_option(ss), 0, ss->room,
			              server_receive_name(), 0, 0);
			continue;
		}
		mr = mach_msg(&ss->buf, MACH_SEND_MSG | server_option(ss), reply_size, ss->room,
		              server_receive_name(), 0, 0);
	}
}

/* --- The disturber and the watchdog --------------------------------------------------- */

/* Runs the client's commands when it gets to run, which the scheduler decides. */
static void disturber(uint32_t port)
{
	uint32_t kreply = mach_reply_port();
	struct {
		mach_msg_header_t h;
		uint32_t seq;
		mach_msg_trailer_t trailer;
	} m;

	for (;;) {
		int mr = mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0);
		if (mr == MACH_RCV_INTERRUPTED)
			continue;
		if (mr != MACH_MSG_SUCCESS) {
			disturber_failed = 1;
			break;
		}
		uint32_t command = m.h.msgh_id - COMMAND_ID;
		int kr = KERN_SUCCESS;
		if (command == D_STOP)
			break;
		if (command == D_ABORT_CLIENT || command == D_ABORT_SERVER) {
			kr = no_argument_call(command == D_ABORT_CLIENT ? client_thread
			                                                : server_thread[0],
			                      kreply, THREAD_ABORT);
		} else if (command == D_SUSPEND_SERVER || command == D_SUSPEND_CLIENT) {
			uint32_t victim =
			    command == D_SUSPEND_SERVER ? server_thread[0] : client_thread;
			kr = no_argument_call(victim, kreply, THREAD_SUSPEND);
			for (int i = 0; i < 3; i++)
				thread_switch(0, 0, 0);
			if (kr == KERN_SUCCESS)
				kr = no_argument_call(victim, kreply, THREAD_RESUME);
		} else {
			kr = KERN_FAILURE;
		}
		if (kr != KERN_SUCCESS)
			disturber_failed = 2;
		disturber_done = m.seq;
	}
	mach_port_mod_refs(task_self(), kreply, MACH_PORT_RIGHT_RECEIVE, -1);
	disturber_ended = 1;
	end_self(0);
}

/* Aborts a call of the client's that has gone on for three seconds, and counts it. */
static void watchdog(uint32_t arg)
{
	uint32_t kreply = mach_reply_port(), last = ~0u;
	int stuck = 0;
	(void)arg;

	while (!client_finished) {
		mach_wait_until(absolute_time() + ticks_per_second);
		if (client_blocking && client_calls == last) {
			if (++stuck >= 3) {
				watchdog_fired++;
				no_argument_call(client_thread, kreply, THREAD_ABORT);
				stuck = 0;
			}
		} else {
			stuck = 0;
		}
		last = client_calls;
	}
	mach_port_mod_refs(task_self(), kreply, MACH_PORT_RIGHT_RECEIVE, -1);
	watchdog_ended = 1;
	end_self(0);
}

/* --- The client ------------------------------------------------------------------ */

static uint32_t task, kreply, host, scratch, disturber_port;
static uint32_t cport;                   /* the client's reply port */
static uint32_t cset;                    /* its set, or MACH_PORT_NULL */
static int cset_mode;                    /* cport is in cset, and the client receives on the set */
static uint32_t cport_seqno;             /* cport's next sequence number */
static uint32_t seq;                     /* the last request sent */
static uint32_t commands, abort_command; /* the disturber's: sent, last abort of the client */
static buffer_t cbuf;
static uint8_t *readonly_page; /* a page the client makes read-only for a call */

/* The trace's counts (read_trace). */
static uint64_t trace_next;
static uint32_t requests, requests_handed, replies, replies_handed;
static uint64_t handed_to[2]; /* the first two threads (kernel ids) handed requests */

/* What the client expects to come back for a request. */
enum incoming { IN_NONE, IN_REPLY, IN_PORT, IN_NOTIFY, IN_UNSOLICITED, IN_QUEUED };

static uint32_t client_receive_name(void)
{
	return cset_mode ? cset : cport;
}

/* Waits until the server is through with request `s`; false after three seconds. */
static int wait_served(uint32_t s)
{
	uint64_t until = absolute_time() + 3 * ticks_per_second;

	while (served != s) {
		if (absolute_time() > until)
			return 0;
		thread_switch(0, 0, 0);
	}
	return 1;
}

/*
 * Checks a message received on cport (`elements` trailer elements asked
 * for) as the `kind` expected for request `s` of `size` bytes, and drops
 * the right a port descriptor brought.
 */
static int check_incoming(const buffer_t *m, enum incoming kind, uint32_t s, uint32_t size,
                          uint32_t elements)
{
	const mach_msg_header_t *h = &m->h;
	uint32_t bits = MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE);

	if (kind == IN_NOTIFY) {
		CHECK(50, h->msgh_id == MACH_NOTIFY_SEND_ONCE);
		size = HEADER;
	} else if (kind == IN_PORT) {
		CHECK(51, h->msgh_id == REPLY_ID);
		bits |= MACH_MSGH_BITS_COMPLEX;
		size = HEADER + 16;
		const mach_msg_port_descriptor_t *d = (const void *)&m->w[HEADER / 4 + 1];
		CHECK(52, m->w[HEADER / 4] == 1 && d->type == MACH_MSG_PORT_DESCRIPTOR &&
		              d->disposition == MACH_MSG_TYPE_PORT_SEND);
		CHECK(53, mach_port_deallocate(task, d->name) == KERN_SUCCESS);
	} else {
		CHECK(54, h->msgh_id == (kind == IN_REPLY         ? REPLY_ID
		                         : kind == IN_UNSOLICITED ? UNSOLICITED_ID
		                                                  : QUEUED_ID));
		for (uint32_t i = 0; i < (size - HEADER) / 4; i++)
			CHECK(55, m->w[HEADER / 4 + i] == pattern(s, i));
	}
	CHECK(56, h->msgh_bits == bits && h->msgh_size == size &&
	              h->msgh_remote_port == MACH_PORT_NULL && h->msgh_local_port == cport);
	const mach_msg_audit_trailer_t *t = (const void *)((const uint8_t *)h + size);
	CHECK(57, t->msgh_trailer_type == 0 && t->msgh_trailer_size == trailer_sizes[elements]);
	CHECK(58, elements == 0 || t->msgh_seqno == cport_seqno);
	cport_seqno++;
	return 0;
}

/* Receives the `kind` of message due for request `s`, then finds nothing more queued. */
static int drain(enum incoming kind, uint32_t s, uint32_t size)
{
	int mr = MACH_RCV_INTERRUPTED;
	int bad;

	for (int tries = 0; kind != IN_NONE && mr == MACH_RCV_INTERRUPTED && tries < 8; tries++)
		mr = mach_msg(&cbuf,
		              MACH_RCV_MSG | MACH_RCV_TIMEOUT |
		                  MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO),
		              0, BUFFER, client_receive_name(), 2000, 0);
	if (kind != IN_NONE) {
		CHECK(60, mr == MACH_MSG_SUCCESS);
		if ((bad = check_incoming(&cbuf, kind, s, size, MACH_RCV_TRAILER_SEQNO)) != 0)
			return bad;
	}
	CHECK(61, mach_msg(&cbuf, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, BUFFER, client_receive_name(),
	                   0, 0) == MACH_RCV_TIMED_OUT);
	return 0;
}

/* A send-once right to `port` under a new name: sent to the scratch port and received back. */
static uint32_t make_send_once(uint32_t port)
{
	buffer_t *m = &cbuf;

	m->h = (mach_msg_header_t){
	    .msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, MACH_MSG_TYPE_MAKE_SEND_ONCE),
	    .msgh_remote_port = scratch,
	    .msgh_local_port = port,
	    .msgh_id = SELF_ID};
	if (mach_msg(m, MACH_SEND_MSG, HEADER, 0, 0, 0, 0) != MACH_MSG_SUCCESS ||
	    mach_msg(m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, BUFFER, scratch, 0, 0) !=
	        MACH_MSG_SUCCESS)
		return MACH_PORT_NULL;
	return m->h.msgh_remote_port;
}

/* Counts the requests and replies sent since the last look, and those handed over. */
static int read_trace(void)
{
	union {
		struct ipc_trace_read_request req;
		struct {
			struct ipc_trace_read_reply rep;
			mach_msg_trailer_t trailer;
		} rep;
	} m = {0};

	m.req.Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.req.Head.msgh_remote_port = host;
	m.req.Head.msgh_local_port = kreply;
	m.req.Head.msgh_id = IPC_TRACE_READ_ID;
	m.req.NDR[1] = 1;
	m.req.from = trace_next;
	CHECK(70, mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m.req),
	                   sizeof(m), kreply, 1000, 0) == MACH_MSG_SUCCESS);
	CHECK(71, (m.rep.rep.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	              m.rep.rep.Head.msgh_id == IPC_TRACE_READ_ID + 100);
	const struct ipc_trace_record *r = (const void *)m.rep.rep.records.address;
	uint32_t count = m.rep.rep.recordsCnt;
	for (uint32_t i = 0; i < count; i++) {
		int handed = r[i].kind == IPC_TRACE_HANDOFF;
		if (!handed && (r[i].kind != IPC_TRACE_SEND || r[i].result != MACH_MSG_SUCCESS))
			continue;
		if (r[i].msgh_id >= REQUEST_ID && r[i].msgh_id < REQUEST_ID + ACTIONS) {
			requests++;
			requests_handed += (uint32_t)handed;
			uint64_t to = r[i].peer_thread;
			if (handed && !handed_to[0])
				handed_to[0] = to;
			else if (handed && !handed_to[1] && to != handed_to[0])
				handed_to[1] = to;
		} else if (r[i].msgh_id == REPLY_ID) {
			replies++;
			replies_handed += (uint32_t)handed;
		}
	}
	trace_next = m.rep.rep.next;
	if (m.rep.rep.records.size)
		mach_vm_deallocate(task, m.rep.rep.records.address, m.rep.rep.records.size);
	return 0;
}

/* Sends the disturber a command; it runs it when the scheduler lets it. */
static void command(enum command c)
{
	struct {
		mach_msg_header_t h;
		uint32_t seq;
	} m = {.h = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
	             .msgh_remote_port = disturber_port,
	             .msgh_id = (int)(COMMAND_ID + c)},
	       .seq = ++commands};

	if (c == D_ABORT_CLIENT)
		abort_command = commands;
	mach_msg(&m, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0, 0, 0, 0);
}

/* A new reply port for the client, with a random queue limit, in its set in set mode. */
static int new_client_port(void)
{
	if (below(2)) {
		cport = mach_reply_port();
		CHECK(20, MACH_PORT_VALID(cport));
	} else {
		mach_port_options_t options = {.flags = MPO_QLIMIT, .mpl_qlimit = below(6)};
		CHECK(20, mach_port_construct(task, &options, 0, &cport) == KERN_SUCCESS);
	}
	cport_seqno = 0;
	if (cset_mode)
		CHECK(21, mach_port_move_member(task, cport, cset) == KERN_SUCCESS);
	return 0;
}

/* Between calls, with nothing queued: changes how the client receives. */
static int reconfigure(void)
{
	int bad;

	switch (below(4)) {
	case 0:
		CHECK(22,
		      mach_port_mod_refs(task, cport, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
		return new_client_port();
	case 1:
		if (cset_mode) {
			CHECK(23, mach_port_extract_member(task, cport, cset) == KERN_SUCCESS);
			cset_mode = 0;
			if (below(2)) {
				CHECK(24, mach_port_mod_refs(task, cset, MACH_PORT_RIGHT_PORT_SET,
				                             -1) == KERN_SUCCESS);
				cset = MACH_PORT_NULL;
			}
			return 0;
		}
		if (!cset)
			CHECK(25, mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &cset) ==
			              KERN_SUCCESS);
		CHECK(26, mach_port_move_member(task, cport, cset) == KERN_SUCCESS);
		cset_mode = 1;
		return 0;
	case 2: command((enum command)below(4)); return 0;
	default:
		if ((bad = read_trace()) != 0)
			return bad;
		return 0;
	}
}

/*
 * One call: a request planned from the seed, sent with mach_msg(SEND|RCV)
 * and no receive timeout, its result and what came back checked.
 */
static int call(void)
{
	uint32_t s = seq + 1;

	/* Whom to: a member of the server's set, or the port it receives on. */
	uint32_t d = server_set_mode ? below(SERVER_PORTS) : 0;
	uint32_t target = server_port[d];
	int zero_limit = server_qlimit[d] == 0;

	/* The action; a call without a reply port only gets a message or an abort. */
	int reply_port = below(12) != 0;
	enum action action = below(2) ? A_UNSOLICITED : A_ABORT_ONLY;
	if (reply_port) {
		static const uint8_t weights[] = {
		    [A_FAST] = 40,   [A_PLAIN] = 8,    [A_PORT] = 3, [A_NOTIFY] = 3, [A_ABORT] = 3,
		    [A_DESTROY] = 2, [A_RECREATE] = 2, [A_MODE] = 2, [A_MOVE] = 2};
		uint32_t pick = below(65);
		action = A_FAST;
		for (uint32_t a = 0; a <= A_MOVE; a++) {
			if (pick < weights[a]) {
				action = (enum action)a;
				break;
			}
			pick -= weights[a];
		}
	}
	uint32_t arg =
	    action == A_RECREATE ? below(SERVER_PORTS) + 4 * (below(3) ? 5 : below(3)) : below(2);

	/*
	 * The request's size. One too large for the server's receive is thrown
	 * away (MACH_RCV_TOO_LARGE), its reply right with it; a send-once
	 * destination right would then come back to the server as a
	 * notification, so such a request goes with a send right.
	 */
	uint32_t size = below(8) ? HEADER + 4 * below((FAST_MAX - HEADER) / 4 + 1)
	                         : FAST_MAX + 4 + 4 * below(200);
	int server_refuses = size + trailer_sizes[servers[0].elements] > servers[0].room;
	if (server_refuses && !reply_port) {
		size = HEADER;
		server_refuses = 0;
	}

	/* The destination right: a queue limit of 0 lets only send-once rights through. */
	uint32_t dest_disp = MACH_MSG_TYPE_COPY_SEND;
	switch (below(zero_limit && !server_refuses ? 3 : 20)) {
	case 0: dest_disp = MACH_MSG_TYPE_MOVE_SEND_ONCE; break;
	case 1: dest_disp = MACH_MSG_TYPE_MAKE_SEND_ONCE; break;
	case 2:
	case 3: dest_disp = MACH_MSG_TYPE_MAKE_SEND; break;
	default: break;
	}
	if (server_refuses && (dest_disp == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	                       dest_disp == MACH_MSG_TYPE_MAKE_SEND_ONCE))
		dest_disp = MACH_MSG_TYPE_COPY_SEND;
	int once =
	    dest_disp == MACH_MSG_TYPE_MOVE_SEND_ONCE || dest_disp == MACH_MSG_TYPE_MAKE_SEND_ONCE;

	/* The send refused: nothing is sent (no reply right, which would come back). */
	uint32_t option = MACH_SEND_MSG | MACH_RCV_MSG;
	uint32_t send_fails = 0;
	if (zero_limit && !once) {
		option |= MACH_SEND_TIMEOUT;
		send_fails = MACH_SEND_TIMED_OUT;
	} else if (!once && below(40) == 0) {
		send_fails = MACH_SEND_MSG_TOO_SMALL;
		size = below(2) ? 4 * below(6) : size + 2;
	} else if (!once && below(40) == 0) {
		send_fails = MACH_SEND_INVALID_DATA;
	} else if (below(10) == 0) {
		option |=
		    MACH_SEND_TIMEOUT; /* never needed, and no reason to leave the fast path */
	}
	if (send_fails)
		reply_port = 0;

	/* How the answer is received. */
	uint32_t elements = below(4);
	uint32_t rcv_name = client_receive_name();
	int rcv_fails = 0; /* the receive is refused at once with this */
	uint32_t room = BUFFER;
	int large = 0, readonly = 0;
	int queued = 0; /* a message waits on the client's port already: it comes first */
	if (action == A_MOVE && cset_mode)
		action = A_FAST;
	switch (reply_port && action != A_DESTROY && action != A_MOVE ? below(30) : 30) {
	case 0:
		rcv_fails = MACH_RCV_INVALID_NAME;
		rcv_name = BAD_NAME;
		break;
	case 1:
		if (cset_mode) {
			rcv_fails = MACH_RCV_IN_SET;
			rcv_name = cport;
		}
		break;
	case 2:
		rcv_fails = MACH_RCV_INVALID_TRAILER;
		option |= MACH_RCV_TRAILER_ELEMENTS(4 + below(12));
		break;
	case 3:
		rcv_fails = MACH_RCV_INVALID_TRAILER;
		option |=
		    MACH_RCV_TRAILER_TYPE(1 + below(15)) | MACH_RCV_TRAILER_ELEMENTS(elements);
		break;
	case 4:
	case 5: room = 4 * (below(3) ? below(FAST_MAX / 4) : below(6)); break;
	case 6:
		room = 4 * below(FAST_MAX / 4);
		large = 1;
		break;
	case 7: readonly = action != A_PORT; break;
	case 8: queued = 1; break;
	default: break;
	}
	if (!rcv_fails)
		option |= MACH_RCV_TRAILER_ELEMENTS(elements);
	if (large)
		option |= MACH_RCV_LARGE;
	uint32_t reply_size = action == A_PORT ? HEADER + 16
	                      : below(6)       ? HEADER + 4 * below((FAST_MAX - HEADER) / 4 + 1)
	                                       : FAST_MAX + 4 + 4 * below(300);

	/* What comes back, and how the wait ends. */
	enum incoming kind = IN_REPLY;
	int wait_result = MACH_MSG_SUCCESS;
	if (server_refuses) {
		kind = IN_NOTIFY;
	} else {
		switch (action) {
		case A_PORT: kind = IN_PORT; break;
		case A_NOTIFY: kind = IN_NOTIFY; break;
		case A_ABORT:
			kind = arg ? IN_REPLY : IN_NOTIFY;
			wait_result = MACH_RCV_INTERRUPTED;
			break;
		case A_MOVE: wait_result = MACH_RCV_PORT_CHANGED; break;
		case A_DESTROY:
			kind = cset_mode ? IN_NOTIFY : IN_NONE;
			wait_result = MACH_RCV_PORT_DIED;
			break;
		case A_UNSOLICITED: kind = IN_UNSOLICITED; break;
		case A_ABORT_ONLY:
			kind = IN_NONE;
			wait_result = MACH_RCV_INTERRUPTED;
			break;
		default: break;
		}
	}
	uint32_t in_size = kind == IN_NOTIFY ? HEADER : kind == IN_PORT ? HEADER + 16 : reply_size;

	/* The plan, for the server to follow and check. */
	if (!send_fails) {
		plan_seq = s;
		plan_arg = arg;
		plan_dest = d;
		plan_size = size;
		plan_bits =
		    MACH_MSGH_BITS(reply_port ? MACH_MSG_TYPE_PORT_SEND_ONCE : 0,
		                   once ? MACH_MSG_TYPE_PORT_SEND_ONCE : MACH_MSG_TYPE_PORT_SEND);
		plan_reply_size = reply_size;
		plan_client_rcv = client_receive_name();
		plan_client_port = cport;
		plan_next_elements = below(4);
		/* A pool's servers take turns: only the first may have less room. */
		plan_next_room = below(10) || pool ? BUFFER : HEADER + 52 + 4 * below(40);
		plan_next_bad_trailer = below(30) == 0;
	}

	/* The message; canaries past a short receive's room. */
	uint32_t dest_name = target;
	if (dest_disp == MACH_MSG_TYPE_MOVE_SEND_ONCE) {
		dest_name = make_send_once(target);
		CHECK(30, MACH_PORT_VALID(dest_name));
	}
	buffer_t *m = readonly ? (buffer_t *)readonly_page : &cbuf;
	m->h.msgh_bits = MACH_MSGH_BITS(dest_disp, reply_port ? MACH_MSG_TYPE_MAKE_SEND_ONCE : 0) |
	                 (below(25) == 0 ? MACH_MSG_TYPE_COPY_SEND << 16
	                                 : 0); /* a voucher of no port: dropped */
	m->h.msgh_remote_port = dest_name;
	m->h.msgh_local_port = reply_port ? cport : MACH_PORT_NULL;
	m->h.msgh_voucher_port = 0;
	m->h.msgh_id = (int)(REQUEST_ID + action);
	uint32_t words = size > HEADER && size < BUFFER ? (size - HEADER) / 4 : 0;
	for (uint32_t i = 0; i < words; i++)
		m->w[HEADER / 4 + i] = pattern(s, i);
	uint32_t canary_from = (room > HEADER + 4 * words ? room : HEADER + 4 * words) / 4;
	if (!readonly)
		for (uint32_t i = canary_from; i < (BUFFER + SLACK) / 4; i++)
			m->w[i] = CANARY;
	if (readonly)
		CHECK(31, mach_vm_protect(task, (uint64_t)readonly_page, 4096, 0, VM_PROT_READ) ==
		              KERN_SUCCESS);
	void *address = send_fails == MACH_SEND_INVALID_DATA ? (void *)KERNEL_BUFFER : (void *)m;

	if (queued) {
		struct {
			mach_msg_header_t h;
			uint32_t seq;
		} q = {.h = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE, 0),
		             .msgh_remote_port = cport,
		             .msgh_id = QUEUED_ID},
		       .seq = s};
		CHECK(44, mach_msg(&q, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(q), 0, 0, 0, 0) ==
		              MACH_MSG_SUCCESS);
	}
	int abort_pending = disturber_done < abort_command;
	client_blocking = 1;
	int mr = mach_msg(address, option, size, room, rcv_name, 0, 0);
	client_blocking = 0;
	client_calls++;
	CHECK(32, !watchdog_fired);
	if (readonly)
		CHECK(31, mach_vm_protect(task, (uint64_t)readonly_page, 4096, 0,
		                          VM_PROT_READ | VM_PROT_WRITE) == KERN_SUCCESS);

	if (send_fails) {
		CHECK(33, mr == (int)send_fails);
		if (dest_disp == MACH_MSG_TYPE_MOVE_SEND_ONCE)
			CHECK(33, mach_port_deallocate(task, dest_name) == KERN_SUCCESS);
		return drain(IN_NONE, 0, 0);
	}
	seq = s;

	/*
	 * The message still due once the call has returned. One thrown away
	 * for want of room has its send-once destination right released unused:
	 * a notification follows, as in XNU.
	 */
	enum incoming due = kind;
	if (rcv_fails) {
		CHECK(34, mr == rcv_fails);
	} else if (queued) {
		/* The receive does not wait: what was due comes later. */
		CHECK(45, mr == MACH_MSG_SUCCESS);
		int bad = check_incoming(m, IN_QUEUED, s, HEADER + 4, elements);
		if (bad)
			return bad;
	} else if (mr == MACH_RCV_INTERRUPTED && (abort_pending || wait_result == mr)) {
		/* Cut short, by the server or the disturber: whatever was due comes later. */
	} else if (wait_result != MACH_MSG_SUCCESS) {
		CHECK(35, mr == wait_result);
	} else if (in_size + trailer_sizes[elements] > room) {
		CHECK(36, mr == MACH_RCV_TOO_LARGE);
		if (large && room >= HEADER)
			CHECK(37, m->h.msgh_size == in_size + trailer_sizes[elements]);
		if (!large) {
			cport_seqno++;
			due = IN_NOTIFY;
			in_size = HEADER;
		}
	} else if (readonly) {
		CHECK(38, mr == MACH_RCV_INVALID_DATA);
		cport_seqno++;
		due = IN_NONE;
	} else {
		CHECK(39, mr == MACH_MSG_SUCCESS);
		int bad = check_incoming(m, kind, s, in_size, elements);
		if (bad)
			return bad;
		due = IN_NONE;
	}
	if (!readonly)
		for (uint32_t i = canary_from; i < (BUFFER + SLACK) / 4; i++)
			CHECK(40, m->w[i] == CANARY);
	CHECK(41, server_failed == 0);

	/* The server is through with the request: what was due arrives, and nothing else. */
	CHECK(42, wait_served(s));
	if (action == A_MOVE && !server_refuses) {
		cport = moved_port; /* its sequence numbers are the port's still */
		plan_client_port = cport;
	}
	if (action == A_DESTROY && !server_refuses) {
		if (!cset_mode)
			return new_client_port();
		cset = MACH_PORT_NULL;
		cset_mode = 0;
	}
	int bad = drain(due, s, in_size);
	if (bad)
		return bad;
	CHECK(43, server_failed == 0 && disturber_failed == 0);
	return 0;
}

/* Ends the other threads (the server in one of three ways) and destroys every right. */
static int finish(void)
{
	uint32_t how = below(3);
	int bad;

	command(D_STOP);
	client_finished = 1;
	for (int i = 0; i < 200 && !(disturber_ended && watchdog_ended); i++)
		thread_switch(0, 0, 0);
	CHECK(80, disturber_ended);
	if (!watchdog_ended) /* it sleeps a second at a time: wake it */
		for (int i = 0; i < 20 && !watchdog_ended; i++) {
			no_argument_call(watchdog_thread, kreply, THREAD_ABORT);
			thread_switch(0, 0, 0);
		}
	CHECK(81, watchdog_ended && watchdog_fired == 0);
	if (how == 0) {
		/* Asked to stop: it answers, then ends. */
		uint32_t s = seq + 1;
		plan_seq = s;
		plan_dest = 0;
		plan_size = HEADER;
		/* A send-once right gets through whatever port[0]'s queue limit. */
		plan_bits =
		    MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, MACH_MSG_TYPE_PORT_SEND_ONCE);
		plan_reply_size = HEADER;
		plan_next_elements = 0;
		plan_next_room = BUFFER;
		plan_next_bad_trailer = 0;
		cbuf.h =
		    (mach_msg_header_t){.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND_ONCE,
		                                                    MACH_MSG_TYPE_MAKE_SEND_ONCE),
		                        .msgh_remote_port = server_port[0],
		                        .msgh_local_port = cport,
		                        .msgh_id = REQUEST_ID + A_STOP};
		int mr = mach_msg(&cbuf, MACH_SEND_MSG | MACH_RCV_MSG, HEADER, BUFFER,
		                  client_receive_name(), 0, 0);
		CHECK(82, mr == MACH_MSG_SUCCESS && cbuf.h.msgh_id == REPLY_ID);
		for (int i = 0; i < 200 && !server_ended[0] && !server_ended[1]; i++)
			thread_switch(0, 0, 0);
		CHECK(82, server_ended[0] || server_ended[1]);
	}
	/* Terminated while it waits (most often without a kernel stack). */
	for (int i = 0; i < 1 + pool && how != 2; i++)
		if (!server_ended[i])
			kernel_request(server_thread[i], THREAD_TERMINATE);
	/* how == 2: it goes when the task ends, still waiting. */
	CHECK(83, server_failed == 0);
	if ((bad = read_trace()) != 0)
		return bad;
	if (how != 2) {
		for (uint32_t i = 0; i < SERVER_PORTS; i++)
			CHECK(84, mach_port_destruct(task, server_port[i], -1, 0) == KERN_SUCCESS);
		CHECK(85, mach_port_mod_refs(task, server_set, MACH_PORT_RIGHT_PORT_SET, -1) ==
		              KERN_SUCCESS);
		for (int i = 0; i < 1 + pool; i++)
			CHECK(86, mach_port_deallocate(task, server_thread[i]) == KERN_SUCCESS);
	}
	CHECK(87, mach_port_mod_refs(task, cport, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	if (cset)
		CHECK(88,
		      mach_port_mod_refs(task, cset, MACH_PORT_RIGHT_PORT_SET, -1) == KERN_SUCCESS);
	CHECK(89, mach_port_deallocate(task, disturber_thread) == KERN_SUCCESS &&
	              mach_port_deallocate(task, watchdog_thread) == KERN_SUCCESS);
	CHECK(89, mach_port_mod_refs(task, disturber_port, MACH_PORT_RIGHT_RECEIVE, -1) ==
	              KERN_SUCCESS);
	CHECK(89, mach_port_mod_refs(task, scratch, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	CHECK(89, mach_port_mod_refs(task, park, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	CHECK(90, mach_vm_deallocate(task, (uint64_t)readonly_page, 4096) == KERN_SUCCESS);
	return 0;
}

/*
 * The reproduction of a lost wakeup (bootstrap.arg=pool; not part of the
 * fuzzing run): two threads wait to receive on one port, the first is
 * aborted, and a message is sent before it has run. The aborted one ends
 * with MACH_RCV_INTERRUPTED; the other must get the message.
 */
static unsigned char pool_stacks[2][16 * 1024] __attribute__((aligned(16)));
static volatile int pool_result[2] = {-1, -1};
static volatile uint32_t pool_value[2];

/* Receives once on `arg`'s port (arg = port | index << 31) and records the outcome. */
static void pool_receiver(uint32_t arg)
{
	struct {
		mach_msg_header_t h;
		uint32_t value;
		mach_msg_trailer_t trailer;
	} m;
	uint32_t index = arg >> 31;

	int mr = mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), arg & 0x7fffffffu, 0, 0);
	pool_value[index] = m.value;
	pool_result[index] = mr;
	end_self(0);
}

static int pool_check(void)
{
	uint32_t port, threads[2];
	struct {
		mach_msg_header_t h;
		uint32_t value;
	} m = {0};

	task = task_self();
	kreply = mach_reply_port();
	CHECK(1, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS &&
	             port < 0x80000000u);
	for (uint32_t i = 0; i < 2; i++) {
		threads[i] = thread_start_simple(task, kreply, pool_receiver, port | i << 31,
		                                 pool_stacks[i] + sizeof(pool_stacks[i]));
		CHECK(2, threads[i] != 0);
		for (int k = 0; k < 20; k++)
			thread_switch(0, 0, 0);
	}
	/* Both wait, the first in front; it is aborted, and at once a message comes. */
	CHECK(3, pool_result[0] == -1 && pool_result[1] == -1);
	CHECK(4, no_argument_call(threads[0], kreply, THREAD_ABORT) == KERN_SUCCESS);
	m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.h.msgh_remote_port = port;
	m.h.msgh_id = REQUEST_ID;
	m.value = 42;
	CHECK(5, mach_msg(&m, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0, 0, 0, 0) ==
	             MACH_MSG_SUCCESS);
	for (int k = 0; k < 50; k++)
		thread_switch(0, 0, 0);
	CHECK(6, pool_result[0] == MACH_RCV_INTERRUPTED);
	if (pool_result[1] == -1) {
		/* Lost: the second still waits, with the message queued on the port. */
		struct {
			mach_msg_header_t h;
			uint32_t value;
			mach_msg_trailer_t trailer;
		} r;
		CHECK(9, mach_msg(&r, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r), port, 0, 0) ==
		                 MACH_MSG_SUCCESS &&
		             r.value == 42);
		CHECK(7, 0);
	}
	CHECK(8, pool_result[1] == MACH_MSG_SUCCESS && pool_value[1] == 42);
	for (uint32_t i = 0; i < 2; i++)
		CHECK(10, mach_port_deallocate(task, threads[i]) == KERN_SUCCESS);
	CHECK(10, mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	return 0;
}

/*
 * The same for senders (bootstrap.arg=senders): two threads wait for room
 * on a full port, the first is aborted, and a message is received before it
 * has run. The aborted one ends with MACH_SEND_INTERRUPTED; the other must
 * get its message through.
 */
static void pool_sender(uint32_t arg)
{
	struct {
		mach_msg_header_t h;
		uint32_t value;
	} m = {.h = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
	             .msgh_remote_port = arg & 0x7fffffffu,
	             .msgh_id = REQUEST_ID},
	       .value = 100 + (arg >> 31)};

	pool_result[arg >> 31] = mach_msg(&m, MACH_SEND_MSG, sizeof(m), 0, 0, 0, 0);
	end_self(0);
}

static int senders_check(void)
{
	uint32_t port, threads[2];
	mach_port_options_t one = {.flags = MPO_QLIMIT, .mpl_qlimit = 1};
	struct {
		mach_msg_header_t h;
		uint32_t value;
		mach_msg_trailer_t trailer;
	} m = {0};

	task = task_self();
	kreply = mach_reply_port();
	CHECK(1, mach_port_construct(task, &one, 0, &port) == KERN_SUCCESS && port < 0x80000000u);
	m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.h.msgh_remote_port = port;
	m.h.msgh_id = REQUEST_ID;
	m.value = 1;
	CHECK(2, mach_msg(&m, MACH_SEND_MSG | MACH_SEND_TIMEOUT, HEADER + 4, 0, 0, 0, 0) ==
	             MACH_MSG_SUCCESS);
	for (uint32_t i = 0; i < 2; i++) {
		threads[i] = thread_start_simple(task, kreply, pool_sender, port | i << 31,
		                                 pool_stacks[i] + sizeof(pool_stacks[i]));
		CHECK(3, threads[i] != 0);
		for (int k = 0; k < 20; k++)
			thread_switch(0, 0, 0);
	}
	/* Both wait for room, the first in front; it is aborted, and at once there is room. */
	CHECK(4, pool_result[0] == -1 && pool_result[1] == -1);
	CHECK(5, no_argument_call(threads[0], kreply, THREAD_ABORT) == KERN_SUCCESS);
	CHECK(6, mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), port, 0, 0) ==
	                 MACH_MSG_SUCCESS &&
	             m.value == 1);
	for (int k = 0; k < 50; k++)
		thread_switch(0, 0, 0);
	CHECK(7, pool_result[0] == MACH_SEND_INTERRUPTED);
	/* Lost: the second still waits, though the queue has room. */
	CHECK(8, pool_result[1] == MACH_MSG_SUCCESS);
	CHECK(9, mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), port, 0, 0) ==
	                 MACH_MSG_SUCCESS &&
	             m.value == 101);
	for (uint32_t i = 0; i < 2; i++)
		CHECK(10, mach_port_deallocate(task, threads[i]) == KERN_SUCCESS);
	CHECK(10, mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	return 0;
}

/*
 * The reproductions of a receive that misses its port's move (not part of
 * the fuzzing run): a thread waits on a port whose receive right then leaves
 * the space in a message. With bootstrap.arg=moved the right comes back,
 * under a new name, before the thread has run, and then a message comes;
 * with bootstrap.arg=away a message comes while the right is away, and the
 * thread runs then. As in XNU the wait must end with MACH_RCV_PORT_CHANGED:
 * the name it waited on no longer names the port.
 */
static volatile uint32_t moved_local; /* the message's msgh_local_port, if one came */

static void moved_receiver(uint32_t port)
{
	struct {
		mach_msg_header_t h;
		mach_msg_trailer_t trailer;
	} m = {0};

	int mr = mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, 0);
	moved_local = m.h.msgh_local_port;
	pool_result[0] = mr;
	end_self(0);
}

static int moved_check(int away)
{
	uint32_t port, parking, thread;
	struct {
		mach_msg_header_t h;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
		mach_msg_trailer_t trailer;
	} p = {0};

	task = task_self();
	kreply = mach_reply_port();
	CHECK(1, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS &&
	             mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &parking) == KERN_SUCCESS);
	thread = thread_start_simple(task, kreply, moved_receiver, port,
	                             pool_stacks[0] + sizeof(pool_stacks[0]));
	CHECK(2, thread != 0);
	for (int k = 0; k < 20; k++)
		thread_switch(0, 0, 0);
	CHECK(3, pool_result[0] == -1);
	/*
	 * Out and back, without a switch, then a message to it; or (away) a
	 * message, then a switch while the right is still in its message.
	 */
	CHECK(3, !away || mach_port_insert_right(task, port, port, MACH_MSG_TYPE_MAKE_SEND) ==
	                      KERN_SUCCESS);
	p.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	p.h.msgh_remote_port = parking;
	p.body.msgh_descriptor_count = 1;
	p.port.name = port;
	p.port.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	p.port.type = MACH_MSG_PORT_DESCRIPTOR;
	CHECK(4, mach_msg(&p, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(p) - sizeof(p.trailer), 0,
	                  0, 0, 0) == MACH_MSG_SUCCESS);
	mach_msg_header_t h = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
	                       .msgh_remote_port = port,
	                       .msgh_id = REQUEST_ID};
	if (away) {
		CHECK(11, mach_msg(&h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, HEADER, 0, 0, 0, 0) ==
		              MACH_MSG_SUCCESS);
		for (int k = 0; k < 50; k++)
			thread_switch(0, 0, 0);
		/* It took the message from a port whose receive right is in a message. */
		CHECK(12, pool_result[0] != MACH_MSG_SUCCESS);
		CHECK(13, pool_result[0] == MACH_RCV_PORT_CHANGED);
	}
	CHECK(5, mach_msg(&p, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(p), parking, 0, 0) ==
	             MACH_MSG_SUCCESS);
	uint32_t back = p.port.name;
	/* A new name; but the one of our send right to it, when we keep one (away). */
	CHECK(6, away ? back == port : back != port);
	h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	h.msgh_remote_port = back;
	if (!away)
		CHECK(7, mach_msg(&h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, HEADER, 0, 0, 0, 0) ==
		             MACH_MSG_SUCCESS);
	for (int k = 0; k < 50; k++)
		thread_switch(0, 0, 0);
	/* It received the message, reported under a name that is no longer the port's. */
	CHECK(8, !(pool_result[0] == MACH_MSG_SUCCESS && moved_local == port &&
	           mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, 0) != KERN_SUCCESS));
	CHECK(9, pool_result[0] == MACH_RCV_PORT_CHANGED);
	CHECK(10, mach_port_deallocate(task, thread) == KERN_SUCCESS);
	CHECK(10, !away || mach_port_deallocate(task, port) == KERN_SUCCESS); /* the send right */
	CHECK(10,
	      mach_port_mod_refs(task, back, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS &&
	          mach_port_mod_refs(task, parking, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	return 0;
}

/* BSD exit with `status`, and the trace's counts in x1; never returns. */
static void __attribute__((noreturn)) leave(int status)
{
	uint64_t requests_permille = requests ? 1000ull * requests_handed / requests : 0;
	uint64_t replies_permille = replies ? 1000ull * replies_handed / replies : 0;
	uint64_t counts = requests_permille << 48 | replies_permille << 32 | (uint64_t)pool << 31 |
	                  (requests & 0x7fffffffu);

	for (;;)
		trap6(BSD_EXIT, (uint64_t)(uint32_t)status, counts, 0, 0, 0, 0);
}

static int run(uint32_t iterations)
{
	struct mach_timebase_info timebase;
	uint64_t page = 0;
	int bad;

	task = task_self();
	host = host_self();
	kreply = mach_reply_port();
	client_thread = thread_self();
	CHECK(1,
	      MACH_PORT_VALID(task) && MACH_PORT_VALID(kreply) && MACH_PORT_VALID(client_thread));
	CHECK(1, mach_timebase_info(&timebase) == KERN_SUCCESS && timebase.numer);
	ticks_per_second = 1000000000ull * timebase.denom / timebase.numer;
	CHECK(1, mach_vm_allocate(task, &page, 4096, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	readonly_page = (uint8_t *)page;
	CHECK(2, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &scratch) == KERN_SUCCESS);
	CHECK(2,
	      mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &disturber_port) == KERN_SUCCESS);
	uint32_t set, parking;
	CHECK(2, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &parking) == KERN_SUCCESS);
	park = parking;
	CHECK(2, mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set) == KERN_SUCCESS);
	server_set = set;
	server_set_mode = (int)below(2);
	for (uint32_t i = 0; i < SERVER_PORTS; i++)
		server_make_port(task, i, MACH_PORT_QLIMIT_DEFAULT);
	CHECK(2, server_failed == 0);
	cport = mach_reply_port();
	CHECK(2, MACH_PORT_VALID(cport));

	pool = (int)below(2);
	for (uint32_t i = 0; i < 1 + (uint32_t)pool; i++) {
		server_thread[i] = thread_start_simple(task, kreply, server, i,
		                                       server_stacks[i] + sizeof(server_stacks[i]));
		CHECK(3, server_thread[i] != 0);
	}
	disturber_thread = thread_start_simple(task, kreply, disturber, disturber_port,
	                                       disturber_stack + sizeof(disturber_stack));
	watchdog_thread =
	    thread_start_simple(task, kreply, watchdog, 0, watchdog_stack + sizeof(watchdog_stack));
	CHECK(3, disturber_thread && watchdog_thread);
	for (int i = 0; i < 20; i++)
		thread_switch(0, 0, 0);

	for (iteration = 0; iteration < iterations; iteration++) {
		if (below(8) == 0 && (bad = reconfigure()) != 0)
			return bad;
		if ((iteration & 15) == 15 && (bad = read_trace()) != 0)
			return bad;
		if ((bad = call()) != 0)
			return bad;
	}
	if ((bad = finish()) != 0)
		return bad;
	/* The fast path was taken both ways, for a fair share of the calls. */
	CHECK(91, iterations < 1000 ||
	              (requests_handed * 5 >= requests && replies_handed * 5 >= replies));
	/* A pool's two servers both had requests handed to them. */
	CHECK(92, iterations < 1000 || !pool || handed_to[1]);
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t iterations = ITERATIONS;

	if (argc > 1 && argv[1][0] == 'p')
		leave(pool_check());
	if (argc > 1 && argv[1][0] == 's')
		leave(senders_check());
	if (argc > 1 && argv[1][0] == 'm')
		leave(moved_check(0));
	if (argc > 1 && argv[1][0] == 'a')
		leave(moved_check(1));
	if (argc > 1 && argv[1][0])
		iterations = fuzz_parse_arg(argv[1]);
	leave(run(iterations));
}
