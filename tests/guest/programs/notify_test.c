/*
 * Notifications and mach_port_* routines from user mode: dead-name,
 * no-senders (immediate and later), port-destroyed (the receive right comes
 * back with its queued messages — what hot restart relies on), send-once and
 * port-deleted notifications; mach_port_type, get_refs, get/set_attributes,
 * destroy; mach_port_construct/destruct with queue limits, send rights and
 * guards; malformed requests. Returns 0 when every check passes.
 */
#include <stddef.h>

#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/notify.h"
#include "mach/port.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)


static uint32_t task, reply;

union any_msg {
	mach_msg_header_t header;
	mach_dead_name_notification_t dead_name;
	mach_no_senders_notification_t no_senders;
	mach_port_destroyed_notification_t destroyed;
	mig_reply_error_t error;
	unsigned char room[256];
};

/* Sends a routine request to the task port and receives the reply into `m`. */
static int call(void *req, uint32_t size, union any_msg *m)
{
	mach_msg_header_t *h = req;
	h->msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_remote_port = task;
	h->msgh_local_port = reply;
	if (mach_msg(req, MACH_SEND_MSG, size, 0, 0, 0, 0) != MACH_MSG_SUCCESS)
		return -1;
	return mach_msg(m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*m), reply, 1000, 0);
}

static int request_notification(uint32_t name, int msgid, uint32_t sync, uint32_t notify,
                                uint32_t disposition, uint32_t *previous)
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
	union any_msg m;

	req.Head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	req.Head.msgh_id = 3213;
	req.body.msgh_descriptor_count = 1;
	req.notify.name = notify;
	req.notify.disposition = (uint8_t)disposition;
	req.notify.type = MACH_MSG_PORT_DESCRIPTOR;
	req.NDR[1] = 1;
	req.name = name;
	req.msgid = msgid;
	req.sync = sync;
	if (call(&req, sizeof(req), &m) != MACH_MSG_SUCCESS)
		return -1;
	if (!(m.header.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return m.error.RetCode;
	if (previous)
		*previous = ((mach_port_destroyed_notification_t *)&m)->not_port.name;
	return KERN_SUCCESS;
}

/* A routine whose request is {Head, NDR, words...} and reply {Head, NDR, RetCode, value}. */
static int simple_call(int id, const uint32_t *words, int nwords, uint32_t *value)
{
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		uint32_t w[8];
	} req = {0};
	union any_msg m;

	req.Head.msgh_id = id;
	req.NDR[1] = 1;
	for (int i = 0; i < nwords; i++)
		req.w[i] = words[i];
	if (call(&req, sizeof(mach_msg_header_t) + 8 + 4 * (uint32_t)nwords, &m) !=
	    MACH_MSG_SUCCESS)
		return -1;
	if (value && m.header.msgh_size >= sizeof(mig_reply_error_t) + 4)
		*value = ((uint32_t *)&m)[9];
	return m.error.RetCode;
}

static int receive(union any_msg *m, uint32_t name)
{
	return mach_msg(m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*m), name, 100, 0);
}

static int send_simple(uint32_t dest, uint32_t disposition, int id)
{
	mach_msg_header_t h = {
	    .msgh_bits = MACH_MSGH_BITS(disposition, 0), .msgh_remote_port = dest, .msgh_id = id};
	return mach_msg(&h, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(h), 0, 0, 0, 0);
}

/* 14-18: mach_port_construct and mach_port_destruct. */
static int construct_destruct(void)
{
	mach_port_options_t options = {.flags = MPO_QLIMIT | MPO_INSERT_SEND_RIGHT, .mpl_qlimit = 1};
	uint32_t p, g, value;

	/* 14: a receive right with a send right and a queue of one. */
	CHECK(14, mach_port_construct(task, &options, 0, &p) == KERN_SUCCESS);
	CHECK(14, simple_call(3201, &p, 1, &value) == KERN_SUCCESS &&
	              value == MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK(14, send_simple(p, MACH_MSG_TYPE_COPY_SEND, 1) == MACH_MSG_SUCCESS);
	CHECK(14, send_simple(p, MACH_MSG_TYPE_COPY_SEND, 2) == MACH_SEND_TIMED_OUT);

	/*
	 * 15: destruct checks everything before it changes anything. The send
	 * right has 2 user references: the timed-out send's copy came back.
	 */
	CHECK(15, simple_call(3207, (uint32_t[]){p, MACH_PORT_RIGHT_SEND}, 2, &value) ==
	              KERN_SUCCESS &&
	          value == 2);
	CHECK(15, mach_port_destruct(task, p, 1, 0) == KERN_INVALID_VALUE);
	CHECK(15, mach_port_destruct(task, p, -3, 0) == KERN_INVALID_VALUE);
	CHECK(15, mach_port_destruct(task, 0x7777700u, 0, 0) == KERN_INVALID_NAME);
	CHECK(15, mach_port_destruct(0x5555u, p, 0, 0) == KERN_INVALID_TASK);
	CHECK(15, simple_call(3201, &p, 1, &value) == KERN_SUCCESS &&
	              value == MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK(15, mach_port_destruct(task, p, -2, 0) == KERN_SUCCESS);
	CHECK(15, simple_call(3201, &p, 1, &value) == KERN_INVALID_NAME);

	/* 16: a guarded receive right goes only by destruct with its guard. */
	options.flags = MPO_CONTEXT_AS_GUARD | MPO_STRICT;
	CHECK(16, mach_port_construct(task, &options, 0xfeedf00dull, &g) == KERN_SUCCESS);
	CHECK(16, mach_port_mod_refs(task, g, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_INVALID_RIGHT);
	CHECK(16, simple_call(3205, &g, 1, NULL) == KERN_INVALID_RIGHT);
	CHECK(16, send_simple(g, MACH_MSG_TYPE_MOVE_RECEIVE, 3) == MACH_SEND_INVALID_DEST);
	CHECK(16, mach_port_destruct(task, g, 0, 0xfeedf00eull) == KERN_INVALID_ARGUMENT);
	CHECK(16, mach_port_destruct(task, g, 0, 0xfeedf00dull) == KERN_SUCCESS);

	/* 17: flags nothing implements, and impossible limits, are refused. */
	options.flags = MPO_TEMPOWNER;
	CHECK(17, mach_port_construct(task, &options, 0, &p) == KERN_INVALID_ARGUMENT);
	options.flags = 0x4000;
	CHECK(17, mach_port_construct(task, &options, 0, &p) == KERN_INVALID_ARGUMENT);
	options.flags = MPO_QLIMIT;
	options.mpl_qlimit = MACH_PORT_QLIMIT_MAX + 1;
	CHECK(17, mach_port_construct(task, &options, 0, &p) == KERN_INVALID_VALUE);
	options.mpl_qlimit = 0;
	CHECK(17, mach_port_construct(task, &options, 0, &p) == KERN_INVALID_VALUE);

	/* 18: bad pointers; a name nobody can learn is taken back (the leak check sees it). */
	CHECK(18, mach_port_construct(task, (void *)0x10, 0, &p) == KERN_INVALID_ADDRESS);
	options.flags = MPO_INSERT_SEND_RIGHT | MPO_CONTEXT_AS_GUARD;
	CHECK(18, mach_port_construct(task, &options, 5, (uint32_t *)0x10) == KERN_INVALID_ADDRESS);
	CHECK(18, mach_port_construct(task, &options, 5, (uint32_t *)~0ull) == KERN_INVALID_ADDRESS);
	return 0;
}

int main(void)
{
	union any_msg m;
	uint32_t notify, p, q, r, u, so, value, previous;

	task = task_self();
	reply = mach_reply_port();
	CHECK(1, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &notify) == KERN_SUCCESS);

	/* 2-3: dead-name: the name becomes a dead name with one more reference. */
	CHECK(2, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &p) == KERN_SUCCESS);
	CHECK(2, mach_port_insert_right(task, p, p, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	CHECK(2, request_notification(p, MACH_NOTIFY_DEAD_NAME, 0, notify,
	                              MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous) == KERN_SUCCESS);
	CHECK(2, previous == MACH_PORT_NULL);
	CHECK(3, mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	CHECK(3, receive(&m, notify) == MACH_MSG_SUCCESS);
	CHECK(3, m.header.msgh_id == MACH_NOTIFY_DEAD_NAME && m.dead_name.not_port == p);
	CHECK(3, simple_call(3201, &p, 1, &value) == KERN_SUCCESS &&
	             value == MACH_PORT_TYPE_DEAD_NAME);
	uint32_t args[2] = {p, MACH_PORT_RIGHT_DEAD_NAME};
	CHECK(3, simple_call(3207, args, 2, &value) == KERN_SUCCESS && value == 2);
	CHECK(3, mach_port_mod_refs(task, p, MACH_PORT_RIGHT_DEAD_NAME, -2) == KERN_SUCCESS);

	/* 4-5: no-senders when the last send right goes; at once when already true. */
	CHECK(4, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &q) == KERN_SUCCESS);
	CHECK(4, mach_port_insert_right(task, q, q, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	CHECK(4, request_notification(q, MACH_NOTIFY_NO_SENDERS, 0, notify,
	                              MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) == KERN_SUCCESS);
	CHECK(4, receive(&m, notify) == MACH_RCV_TIMED_OUT);
	CHECK(4, mach_port_deallocate(task, q) == KERN_SUCCESS);
	CHECK(4, receive(&m, notify) == MACH_MSG_SUCCESS);
	CHECK(4, m.header.msgh_id == MACH_NOTIFY_NO_SENDERS && m.no_senders.not_count == 1);
	CHECK(5, request_notification(q, MACH_NOTIFY_NO_SENDERS, 1, notify,
	                              MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) == KERN_SUCCESS);
	CHECK(5, receive(&m, notify) == MACH_MSG_SUCCESS &&
	             m.header.msgh_id == MACH_NOTIFY_NO_SENDERS);

	/* 6-8: port-destroyed: the receive right comes back, with its queued message. */
	CHECK(6, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &r) == KERN_SUCCESS);
	CHECK(6, request_notification(r, MACH_NOTIFY_PORT_DESTROYED, 0, notify,
	                              MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) == KERN_SUCCESS);
	CHECK(6, send_simple(r, MACH_MSG_TYPE_MAKE_SEND_ONCE, 4242) == MACH_MSG_SUCCESS);
	CHECK(7, mach_port_mod_refs(task, r, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	CHECK(7, receive(&m, notify) == MACH_MSG_SUCCESS);
	CHECK(7, m.header.msgh_id == MACH_NOTIFY_PORT_DESTROYED &&
	             (m.header.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	             m.destroyed.not_port.disposition == MACH_MSG_TYPE_PORT_RECEIVE);
	uint32_t back = m.destroyed.not_port.name;
	CHECK(8, receive(&m, back) == MACH_MSG_SUCCESS && m.header.msgh_id == 4242);
	CHECK(8, mach_port_mod_refs(task, back, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);

	/* 9-10: an unused send-once right sends a send-once notification; a dead-name request on it
	 * turns into port-deleted when the name goes. */
	CHECK(9, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &u) == KERN_SUCCESS);
	so = (60u << 8) | 1; /* a name we choose for the send-once right (index 60) */
	CHECK(9, mach_port_insert_right(task, so, u, MACH_MSG_TYPE_MAKE_SEND_ONCE) == KERN_SUCCESS);
	CHECK(10, request_notification(so, MACH_NOTIFY_DEAD_NAME, 0, notify,
	                               MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) == KERN_SUCCESS);
	CHECK(9, mach_port_deallocate(task, so) == KERN_SUCCESS);
	CHECK(9, receive(&m, u) == MACH_MSG_SUCCESS && m.header.msgh_id == MACH_NOTIFY_SEND_ONCE);
	CHECK(10, receive(&m, notify) == MACH_MSG_SUCCESS &&
	              m.header.msgh_id == MACH_NOTIFY_PORT_DELETED && m.dead_name.not_port == so);

	/* 11-12: queue limit and status through get/set_attributes. */
	uint32_t set[4] = {u, 1 /* MACH_PORT_LIMITS_INFO */, 1, 1};
	CHECK(11, simple_call(3218, set, 4, NULL) == KERN_SUCCESS);
	CHECK(11, mach_port_insert_right(task, u, u, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	CHECK(11, send_simple(u, MACH_MSG_TYPE_COPY_SEND, 1) == MACH_MSG_SUCCESS);
	CHECK(11, send_simple(u, MACH_MSG_TYPE_COPY_SEND, 2) == MACH_SEND_TIMED_OUT);
	uint32_t get[3] = {u, 2 /* MACH_PORT_RECEIVE_STATUS */, 10};
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		uint32_t w[3];
	} gr = {.Head.msgh_id = 3217, .NDR = {0, 1}, .w = {get[0], get[1], get[2]}};
	CHECK(12, call(&gr, sizeof(gr), &m) == MACH_MSG_SUCCESS && m.error.RetCode == 0);
	uint32_t *status = &((uint32_t *)&m)[10]; /* after Head, NDR, RetCode, count */
	CHECK(12, ((uint32_t *)&m)[9] == 10 && status[3] == 1 /* qlimit */ &&
	              status[4] == 1 /* msgcount */ && status[6] == 1 /* srights */);

	/* 13: bad arguments get errors. */
	CHECK(13, request_notification(u, 99, 0, notify, MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) ==
	              KERN_INVALID_VALUE);
	CHECK(13, request_notification(0x9999900u, MACH_NOTIFY_DEAD_NAME, 0, notify,
	                               MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) == KERN_INVALID_NAME);
	uint32_t zero_limit[4] = {u, 1, 1, 0};
	CHECK(13, simple_call(3218, zero_limit, 4, NULL) == KERN_INVALID_VALUE);
	CHECK(13, simple_call(3207, args, 1, NULL) == MIG_BAD_ARGUMENTS); /* truncated */
	CHECK(13, simple_call(3299, args, 2, NULL) == MIG_BAD_ID);
	/* The send-once rights of the failed requests came back as notifications: drain. */
	while (receive(&m, notify) == MACH_MSG_SUCCESS)
		CHECK(13, m.header.msgh_id == MACH_NOTIFY_SEND_ONCE);
	return construct_destruct();
}
