/*
 * Notifications and mach_port_* routines from user mode: dead-name,
 * no-senders (immediate and later), port-destroyed (the receive right comes
 * back with its queued messages — what hot restart relies on), send-once and
 * port-deleted notifications; mach_port_type, get_refs, get/set_attributes,
 * destroy, names, extract_right, get/set_context; mach_port_construct/destruct
 * with queue limits, send rights and guards; malformed requests; port-destroyed
 * when the holder's task dies; the _kernelrpc traps for type, get_attributes,
 * request_notification, guard and unguard. Returns 0 when every check passes.
 */
#include <stddef.h>

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

/* mach_port_names: whether `name` is listed with exactly `type`. */
static int names_has(uint32_t name, uint32_t type)
{
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_ool_descriptor64_t names, types;
		uint32_t NDR[2];
		uint32_t namesCnt, typesCnt;
		mach_msg_trailer_t trailer;
	} __attribute__((packed, aligned(4))) r;
	mach_msg_header_t req = {.msgh_id = 3200};
	int found = 0;

	if (call(&req, sizeof(req), (union any_msg *)&r) != MACH_MSG_SUCCESS ||
	    !(r.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) || r.namesCnt != r.typesCnt ||
	    r.names.size != 4 * r.namesCnt)
		return -1;
	const uint32_t *names = (const uint32_t *)r.names.address;
	const uint32_t *types = (const uint32_t *)r.types.address;
	for (uint32_t i = 0; i < r.namesCnt; i++)
		if (names[i] == name)
			found = types[i] == type ? 1 : -2;
	if (r.namesCnt) {
		mach_vm_deallocate(task, r.names.address, r.names.size);
		mach_vm_deallocate(task, r.types.address, r.types.size);
	}
	return found;
}

/* mach_port_extract_right(task, name, disposition) -> the right's name and type here. */
static int extract_right(uint32_t target, uint32_t name, uint32_t disposition, uint32_t *out,
                         uint32_t *type)
{
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		uint32_t name, disposition;
	} req = {
	    .Head = {.msgh_id = 3215}, .NDR = {0, 1}, .name = name, .disposition = disposition};
	union any_msg m;
	uint32_t saved = task;

	task = target; /* call() sends to `task` */
	int mr = call(&req, sizeof(req), &m);
	task = saved;
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (!(m.header.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return m.error.RetCode;
	*out = m.destroyed.not_port.name;
	*type = m.destroyed.not_port.disposition;
	return KERN_SUCCESS;
}

#define TRAP_PORT_GET_ATTRIBUTES       (-40)
#define TRAP_PORT_GUARD                (-41)
#define TRAP_PORT_UNGUARD              (-42)
#define TRAP_PORT_TYPE                 (-76)
#define TRAP_PORT_REQUEST_NOTIFICATION (-77)

/* _kernelrpc_mach_port_request_notification_trap; the previous right's name in *previous. */
static kern_return_t request_notification_trap(uint32_t name, int msgid, uint32_t sync,
                                               uint32_t notify, uint32_t poly, uint32_t *previous)
{
	return (kern_return_t)trap7(TRAP_PORT_REQUEST_NOTIFICATION, task, name, (uint32_t)msgid,
	                            sync, notify, poly, (uint64_t)previous);
}

/* 24: the _kernelrpc port traps that mirror routines: type, get_attributes, request_notification,
 * guard. */
static int port_traps(void)
{
	uint32_t p, notify, type = 0, info[17], count, previous = 1;
	union any_msg m;

	CHECK(24, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &p) == KERN_SUCCESS);
	CHECK(24, mach_port_insert_right(task, p, p, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	CHECK(24, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &notify) == KERN_SUCCESS);
	/* mach_port_type. */
	CHECK(24, trap6(TRAP_PORT_TYPE, task, p, (uint64_t)&type, 0, 0, 0) == KERN_SUCCESS &&
	              type == (MACH_PORT_TYPE_RECEIVE | MACH_PORT_TYPE_SEND));
	CHECK(24, trap6(TRAP_PORT_TYPE, task, 0x7777700u, (uint64_t)&type, 0, 0, 0) ==
	              KERN_INVALID_NAME);
	CHECK(24, trap6(TRAP_PORT_TYPE, task, p, 0x10, 0, 0, 0) == KERN_INVALID_ADDRESS);
	CHECK(24, trap6(TRAP_PORT_TYPE, p, p, (uint64_t)&type, 0, 0, 0) == KERN_INVALID_TASK);
	/* mach_port_get_attributes: the default queue limit, the status with one message queued. */
	count = 17;
	CHECK(24, trap6(TRAP_PORT_GET_ATTRIBUTES, task, p, 1, (uint64_t)info, (uint64_t)&count,
	                0) == KERN_SUCCESS &&
	              count == 1 && info[0] == 5);
	CHECK(24, send_simple(p, MACH_MSG_TYPE_COPY_SEND, 24) == MACH_MSG_SUCCESS);
	count = 17;
	CHECK(24, trap6(TRAP_PORT_GET_ATTRIBUTES, task, p, 2, (uint64_t)info, (uint64_t)&count,
	                0) == KERN_SUCCESS &&
	              count == 10 && info[4] == 1 /* msgcount */);
	count = 9;
	CHECK(24, trap6(TRAP_PORT_GET_ATTRIBUTES, task, p, 2, (uint64_t)info, (uint64_t)&count,
	                0) == KERN_INVALID_ARGUMENT);
	CHECK(24, trap6(TRAP_PORT_GET_ATTRIBUTES, task, p, 1, (uint64_t)info, 0x10, 0) ==
	              KERN_INVALID_ADDRESS);
	CHECK(24, receive(&m, p) == MACH_MSG_SUCCESS); /* and its send right with it */
	/* mach_port_request_notification: no-senders, then replaced: the old right comes back. */
	CHECK(24,
	      request_notification_trap(p, MACH_NOTIFY_NO_SENDERS, 0, notify,
	                                MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous) == KERN_SUCCESS &&
	          previous == MACH_PORT_NULL);
	CHECK(24,
	      request_notification_trap(p, MACH_NOTIFY_NO_SENDERS, 0, notify,
	                                MACH_MSG_TYPE_MAKE_SEND_ONCE, &previous) == KERN_SUCCESS &&
	          MACH_PORT_VALID(previous));
	CHECK(24, mach_port_deallocate(task, previous) == KERN_SUCCESS);
	CHECK(24,
	      receive(&m, notify) == MACH_MSG_SUCCESS && m.header.msgh_id == MACH_NOTIFY_SEND_ONCE);
	CHECK(24, mach_port_deallocate(task, p) == KERN_SUCCESS);
	CHECK(24, receive(&m, notify) == MACH_MSG_SUCCESS &&
	              m.header.msgh_id == MACH_NOTIFY_NO_SENDERS);
	/* Refused: a right that is no send-once, an unknown kind (its right comes back unused). */
	CHECK(24, request_notification_trap(p, MACH_NOTIFY_NO_SENDERS, 0, notify,
	                                    MACH_MSG_TYPE_MAKE_SEND,
	                                    &previous) == KERN_INVALID_CAPABILITY);
	CHECK(24, request_notification_trap(p, 99, 0, notify, MACH_MSG_TYPE_MAKE_SEND_ONCE,
	                                    &previous) == KERN_INVALID_VALUE);
	CHECK(24,
	      receive(&m, notify) == MACH_MSG_SUCCESS && m.header.msgh_id == MACH_NOTIFY_SEND_ONCE);
	CHECK(24, receive(&m, notify) == MACH_RCV_TIMED_OUT);
	/* mach_port_guard / unguard: a guarded receive right goes only once unguarded. */
	CHECK(24, trap6(TRAP_PORT_GUARD, task, p, 0x1234, 1, 0, 0) == KERN_SUCCESS);
	CHECK(24, trap6(TRAP_PORT_GUARD, task, p, 0x1234, 1, 0, 0) == KERN_INVALID_ARGUMENT);
	CHECK(24, mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_INVALID_RIGHT);
	CHECK(24, trap6(TRAP_PORT_UNGUARD, task, p, 0x1235, 0, 0, 0) == KERN_INVALID_ARGUMENT);
	CHECK(24, trap6(TRAP_PORT_UNGUARD, task, p, 0x1234, 0, 0, 0) == KERN_SUCCESS);
	CHECK(24, trap6(TRAP_PORT_UNGUARD, task, p, 0x1234, 0, 0, 0) == KERN_INVALID_ARGUMENT);
	CHECK(24, trap6(TRAP_PORT_GUARD, task, notify + 0x100, 1, 1, 0, 0) == KERN_INVALID_NAME);
	CHECK(24, mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	CHECK(24, mach_port_mod_refs(task, notify, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	return 0;
}

/*
 * 26: port-destroyed requests that would make a loop (the port its own
 * requester; two ports each the other's): the port dies instead, as XNU
 * destroys a circular message, and nothing is left unreachable (the leak count
 * after this task shows it).
 */
static int destroyed_loops(void)
{
	uint32_t self, a, b;

	CHECK(26, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &self) == KERN_SUCCESS);
	CHECK(26, request_notification(self, MACH_NOTIFY_PORT_DESTROYED, 0, self,
	                               MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) == KERN_SUCCESS);
	CHECK(26, mach_port_mod_refs(task, self, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	CHECK(26, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &a) == KERN_SUCCESS);
	CHECK(26, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &b) == KERN_SUCCESS);
	CHECK(26, request_notification(a, MACH_NOTIFY_PORT_DESTROYED, 0, b,
	                               MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) == KERN_SUCCESS);
	CHECK(26, request_notification(b, MACH_NOTIFY_PORT_DESTROYED, 0, a,
	                               MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) == KERN_SUCCESS);
	/* a's right goes to b, as asked (queued there, in the notification)... */
	CHECK(26, mach_port_mod_refs(task, a, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	uint32_t status[17], count = 17;
	CHECK(26, trap6(-40 /* get_attributes */, task, b, 2 /* MACH_PORT_RECEIVE_STATUS */,
	                (uint64_t)status, (uint64_t)&count, 0) == KERN_SUCCESS &&
	              status[4] == 1);
	/* ...but b's, which would go to a inside itself, dies with a. */
	CHECK(26, mach_port_mod_refs(task, b, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	return port_traps();
}

/*
 * 25: port-destroyed for a receive right inside a message that is destroyed
 * (its destination died with it queued): the right comes back all the same.
 */
static int in_message_destroyed(void)
{
	uint32_t r, d, notify;
	union any_msg m;
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t right;
	} msg = {0};

	CHECK(25, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &notify) == KERN_SUCCESS);
	CHECK(25, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &r) == KERN_SUCCESS);
	CHECK(25, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &d) == KERN_SUCCESS);
	CHECK(25, request_notification(r, MACH_NOTIFY_PORT_DESTROYED, 0, notify,
	                               MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) == KERN_SUCCESS);
	CHECK(25, send_simple(r, MACH_MSG_TYPE_MAKE_SEND, 2525) == MACH_MSG_SUCCESS);
	msg.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	msg.Head.msgh_remote_port = d;
	msg.body.msgh_descriptor_count = 1;
	msg.right.name = r;
	msg.right.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	msg.right.type = MACH_MSG_PORT_DESCRIPTOR;
	CHECK(25, mach_msg(&msg, MACH_SEND_MSG, sizeof(msg), 0, 0, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(25, mach_port_mod_refs(task, d, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	CHECK(25, receive(&m, notify) == MACH_MSG_SUCCESS &&
	              m.header.msgh_id == MACH_NOTIFY_PORT_DESTROYED &&
	              m.destroyed.not_port.disposition == MACH_MSG_TYPE_PORT_RECEIVE);
	uint32_t back = m.destroyed.not_port.name;
	CHECK(25, receive(&m, back) == MACH_MSG_SUCCESS && m.header.msgh_id == 2525);
	mach_port_mod_refs(task, back, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_mod_refs(task, notify, MACH_PORT_RIGHT_RECEIVE, -1);
	return destroyed_loops();
}

/*
 * 23: port-destroyed when the task holding the receive right dies, as a
 * service's server does: the right comes back here with its queued message.
 */
static int destroyed_with_task(void)
{
	uint32_t child = task_create_simple(task, reply, 0), name, sender, type, notify,
	         saved = task;
	union any_msg m;

	CHECK(23, MACH_PORT_VALID(child));
	CHECK(23, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &notify) == KERN_SUCCESS);
	/* The child's receive right, and a send right to it for us. */
	CHECK(23, mach_port_allocate(child, MACH_PORT_RIGHT_RECEIVE, &name) == KERN_SUCCESS);
	CHECK(23,
	      extract_right(child, name, MACH_MSG_TYPE_MAKE_SEND, &sender, &type) == KERN_SUCCESS);
	/* The request is the holder's: made on the child's task port, naming our notify port. */
	task = child;
	int kr = request_notification(name, MACH_NOTIFY_PORT_DESTROYED, 0, notify,
	                              MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL);
	task = saved;
	CHECK(23, kr == KERN_SUCCESS);
	CHECK(23, send_simple(sender, MACH_MSG_TYPE_COPY_SEND, 4343) == MACH_MSG_SUCCESS);
	kernel_request(child, TASK_TERMINATE);
	CHECK(23, mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), notify, 1000, 0) ==
	              MACH_MSG_SUCCESS);
	CHECK(23, m.header.msgh_id == MACH_NOTIFY_PORT_DESTROYED &&
	              m.destroyed.not_port.disposition == MACH_MSG_TYPE_PORT_RECEIVE);
	/* The same port: our send right's name is where the receive right lands. */
	uint32_t back = m.destroyed.not_port.name;
	CHECK(23, back == sender);
	CHECK(23, receive(&m, back) == MACH_MSG_SUCCESS && m.header.msgh_id == 4343);
	mach_port_mod_refs(task, back, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(task, back);
	mach_port_mod_refs(task, notify, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(task, child);
	return in_message_destroyed();
}

/* 19-22: mach_port_names, mach_port_extract_right, mach_port_get/set_context. */
static int names_extract_context(void)
{
	uint32_t p, q, got, type, dead;
	union any_msg m;

	/* 19: names lists each right with its type, a dead name as one. */
	CHECK(19, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &p) == KERN_SUCCESS);
	CHECK(19, mach_port_insert_right(task, p, p, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	CHECK(19, mach_port_allocate(task, MACH_PORT_RIGHT_DEAD_NAME, &dead) == KERN_SUCCESS);
	CHECK(19, names_has(p, MACH_PORT_TYPE_SEND_RECEIVE) == 1);
	CHECK(19, names_has(dead, MACH_PORT_TYPE_DEAD_NAME) == 1);
	CHECK(19, names_has(task, MACH_PORT_TYPE_SEND) == 1);
	CHECK(19, mach_port_deallocate(task, dead) == KERN_SUCCESS);
	CHECK(19, names_has(dead, 0) == 0);

	/* 20: extract_right: a send right made from a receive right; the receive right itself. */
	CHECK(20, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &q) == KERN_SUCCESS);
	CHECK(20, extract_right(task, q, MACH_MSG_TYPE_MAKE_SEND, &got, &type) == KERN_SUCCESS);
	CHECK(20, got == q && type == MACH_MSG_TYPE_PORT_SEND);
	CHECK(20, names_has(q, MACH_PORT_TYPE_SEND_RECEIVE) == 1);
	CHECK(20, mach_port_deallocate(task, q) == KERN_SUCCESS);
	CHECK(20, extract_right(task, q, MACH_MSG_TYPE_MOVE_RECEIVE, &got, &type) == KERN_SUCCESS);
	CHECK(20,
	      type == MACH_MSG_TYPE_PORT_RECEIVE && names_has(got, MACH_PORT_TYPE_RECEIVE) == 1);

	/* 21: bad names, rights and dispositions are refused. */
	CHECK(21, extract_right(task, 0x6666600u, MACH_MSG_TYPE_MAKE_SEND, &got, &type) ==
	              KERN_INVALID_NAME);
	CHECK(21,
	      extract_right(task, got, MACH_MSG_TYPE_MOVE_SEND, &got, &type) == KERN_INVALID_RIGHT);
	CHECK(21, extract_right(task, got, 99, &got, &type) == KERN_INVALID_VALUE);

	/* 22: a receive right's context word; a guarded port's is its guard and stays. */
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		uint32_t name;
		uint32_t context[2]; /* a 64-bit word at a 4-byte offset */
	} set = {.Head = {.msgh_id = 3229},
	         .NDR = {0, 1},
	         .name = p,
	         .context = {0x89abcdef, 0x1234567}};
	CHECK(22, call(&set, sizeof(set), &m) == MACH_MSG_SUCCESS && m.error.RetCode == 0);
	uint32_t get[1] = {p};
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		uint32_t name;
	} gr = {.Head = {.msgh_id = 3228}, .NDR = {0, 1}, .name = get[0]};
	CHECK(22, call(&gr, sizeof(gr), &m) == MACH_MSG_SUCCESS && m.error.RetCode == 0);
	CHECK(22, ((uint32_t *)&m)[9] == 0x89abcdef && ((uint32_t *)&m)[10] == 0x1234567);
	mach_port_options_t options = {.flags = MPO_CONTEXT_AS_GUARD};
	uint32_t g;
	CHECK(22, mach_port_construct(task, &options, 77, &g) == KERN_SUCCESS);
	set.Head.msgh_bits = 0;
	set.name = g;
	CHECK(22, call(&set, sizeof(set), &m) == MACH_MSG_SUCCESS &&
	              m.error.RetCode == KERN_INVALID_ARGUMENT);
	CHECK(22, mach_port_destruct(task, g, 0, 77) == KERN_SUCCESS);

	mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(task, p);
	mach_port_mod_refs(task, got, MACH_PORT_RIGHT_RECEIVE, -1);
	return destroyed_with_task();
}

/* 14-18: mach_port_construct and mach_port_destruct. */
static int construct_destruct(void)
{
	mach_port_options_t options = {.flags = MPO_QLIMIT | MPO_INSERT_SEND_RIGHT,
	                               .mpl_qlimit = 1};
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
	CHECK(15,
	      simple_call(3207, (uint32_t[]){p, MACH_PORT_RIGHT_SEND}, 2, &value) == KERN_SUCCESS &&
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

	/* 17: flags nothing implements, and limits past the largest, are refused. */
	options.flags = MPO_TEMPOWNER;
	CHECK(17, mach_port_construct(task, &options, 0, &p) == KERN_INVALID_ARGUMENT);
	options.flags = 0x4000;
	CHECK(17, mach_port_construct(task, &options, 0, &p) == KERN_INVALID_ARGUMENT);
	options.flags = MPO_QLIMIT;
	options.mpl_qlimit = MACH_PORT_QLIMIT_MAX + 1;
	CHECK(17, mach_port_construct(task, &options, 0, &p) == KERN_INVALID_VALUE);
	/* A limit of 0 is one (XNU's MACH_PORT_QLIMIT_ZERO; rpc_wait_test sends to it). */
	options.mpl_qlimit = MACH_PORT_QLIMIT_ZERO;
	CHECK(17, mach_port_construct(task, &options, 0, &p) == KERN_SUCCESS);
	CHECK(17, mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);

	/* 18: bad pointers; a name nobody can learn is taken back (the leak check sees it). */
	CHECK(18, mach_port_construct(task, (void *)0x10, 0, &p) == KERN_INVALID_ADDRESS);
	options.flags = MPO_INSERT_SEND_RIGHT | MPO_CONTEXT_AS_GUARD;
	CHECK(18, mach_port_construct(task, &options, 5, (uint32_t *)0x10) == KERN_INVALID_ADDRESS);
	CHECK(18,
	      mach_port_construct(task, &options, 5, (uint32_t *)~0ull) == KERN_INVALID_ADDRESS);
	return names_extract_context();
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
	/* MACH_PORT_LIMITS_INFO reads back the limit just set; unknown flavors are refused. */
	gr.Head.msgh_bits = 0;
	gr.w[1] = 1;
	gr.w[2] = 1;
	CHECK(12, call(&gr, sizeof(gr), &m) == MACH_MSG_SUCCESS && m.error.RetCode == 0 &&
	              ((uint32_t *)&m)[9] == 1 && ((uint32_t *)&m)[10] == 1);
	gr.Head.msgh_bits = 0;
	gr.w[1] = 99;
	CHECK(12, call(&gr, sizeof(gr), &m) == MACH_MSG_SUCCESS &&
	              m.error.RetCode == KERN_INVALID_ARGUMENT);

	/* 13: bad arguments get errors. */
	CHECK(13, request_notification(u, 99, 0, notify, MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) ==
	              KERN_INVALID_VALUE);
	CHECK(13, request_notification(0x9999900u, MACH_NOTIFY_DEAD_NAME, 0, notify,
	                               MACH_MSG_TYPE_MAKE_SEND_ONCE, NULL) == KERN_INVALID_NAME);
	uint32_t limit[4] = {u, 1, 1, MACH_PORT_QLIMIT_MAX + 1};
	CHECK(13, simple_call(3218, limit, 4, NULL) == KERN_INVALID_VALUE);
	limit[3] = MACH_PORT_QLIMIT_ZERO; /* a limit like any other, as in XNU */
	CHECK(13, simple_call(3218, limit, 4, NULL) == KERN_SUCCESS);
	limit[3] = 1;
	CHECK(13, simple_call(3218, limit, 4, NULL) == KERN_SUCCESS);
	CHECK(13, simple_call(3207, args, 1, NULL) == MIG_BAD_ARGUMENTS); /* truncated */
	CHECK(13, simple_call(3299, args, 2, NULL) == MIG_BAD_ID);
	/* The send-once rights of the failed requests came back as notifications: drain. */
	while (receive(&m, notify) == MACH_MSG_SUCCESS)
		CHECK(13, m.header.msgh_id == MACH_NOTIFY_SEND_ONCE);
	return construct_destruct();
}
