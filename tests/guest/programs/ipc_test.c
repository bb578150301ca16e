/*
 * User-mode test of Mach IPC, run as the boot task: rights and names, simple
 * messages to oneself, reply ports and send-once rights, timeouts, queue
 * limits, MACH_RCV_LARGE, trailers, kernel-object replies, dead names, port
 * descriptors with each disposition, out-of-line memory and port arrays, and
 * hostile arguments. Returns 0 when every check passes, else the number of the
 * first failing check (reported by the kernel as the exit status).
 */
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

struct msg {
	mach_msg_header_t header;
	unsigned char body[200];
	mach_msg_audit_trailer_t trailer; /* room for the largest trailer */
};

static uint32_t task;

static void fill(struct msg *m, uint32_t dest, uint32_t dest_disp, uint32_t reply,
                 uint32_t reply_disp, uint32_t body_size, int id)
{
	m->header.msgh_bits = MACH_MSGH_BITS(dest_disp, reply_disp);
	m->header.msgh_size = 0;
	m->header.msgh_remote_port = dest;
	m->header.msgh_local_port = reply;
	m->header.msgh_voucher_port = 0;
	m->header.msgh_id = id;
	for (uint32_t i = 0; i < body_size; i++)
		m->body[i] = (unsigned char)(i * 7 + id);
}

static int send(struct msg *m, uint32_t size, uint32_t option, uint32_t timeout)
{
	return mach_msg(m, MACH_SEND_MSG | option, size, 0, 0, timeout, 0);
}

static int receive(struct msg *m, uint32_t name, uint32_t size, uint32_t option, uint32_t timeout)
{
	return mach_msg(m, MACH_RCV_MSG | option, 0, size, name, timeout, 0);
}

static int body_ok(const struct msg *m, uint32_t body_size, int id)
{
	for (uint32_t i = 0; i < body_size; i++)
		if (m->body[i] != (unsigned char)(i * 7 + id))
			return 0;
	return 1;
}

/* Drops the receive right and the send right of a name we made both for. */
static void mach_port_destroy_all(uint32_t name)
{
	mach_port_mod_refs(task, name, MACH_PORT_RIGHT_RECEIVE, -1);
	mach_port_deallocate(task, name);
}

struct complex_msg {
	mach_msg_header_t header;
	mach_msg_body_t body;
	union {
		mach_msg_port_descriptor_t port;
		mach_msg_ool_descriptor64_t ool;
		mach_msg_ool_ports_descriptor64_t ool_ports;
	} desc[2];
	mach_msg_audit_trailer_t trailer;
};

static void complex_header(struct complex_msg *c, uint32_t dest, uint32_t ndesc)
{
	__builtin_memset(c, 0, sizeof(*c));
	c->header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	c->header.msgh_remote_port = dest;
	c->body.msgh_descriptor_count = ndesc;
}

static void port_desc(mach_msg_port_descriptor_t *d, uint32_t name, uint32_t disposition)
{
	d->name = name;
	d->disposition = (uint8_t)disposition;
	d->type = MACH_MSG_PORT_DESCRIPTOR;
}

static int complex_send(struct complex_msg *c, uint32_t size)
{
	return mach_msg(c, MACH_SEND_MSG, size, 0, 0, 0, 0);
}

static int complex_receive(struct complex_msg *c, uint32_t name)
{
	return mach_msg(c, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*c), name, 0, 0);
}

static unsigned char ool_buffer[3 * 16384] __attribute__((aligned(16384)));

/* 47: whole pages of out-of-line memory travel copy-on-write: neither side sees the other's writes.
 */
static unsigned char cow_buffer[3 * 16384] __attribute__((aligned(16384)));

static int cow_messages(uint32_t port)
{
	struct complex_msg c;
	const uint32_t one_ool = sizeof(mach_msg_header_t) + 4 + 16;

	for (unsigned i = 0; i < sizeof(cow_buffer); i++)
		cow_buffer[i] = (unsigned char)(i * 7 + 3);
	complex_header(&c, port, 1);
	c.desc[0].ool.address = (uint64_t)cow_buffer;
	c.desc[0].ool.size = sizeof(cow_buffer);
	c.desc[0].ool.type = MACH_MSG_OOL_DESCRIPTOR;
	CHECK(47, complex_send(&c, one_ool) == MACH_MSG_SUCCESS);
	cow_buffer[100] = 0xee; /* after the send: the message must keep the old byte */
	CHECK(47, complex_receive(&c, port) == MACH_MSG_SUCCESS);
	unsigned char *got = (unsigned char *)c.desc[0].ool.address;
	CHECK(47, got && got != cow_buffer && c.desc[0].ool.size == sizeof(cow_buffer));
	CHECK(47, got[100] == (unsigned char)(100 * 7 + 3) &&
	              got[40000] == (unsigned char)(40000 * 7 + 3));
	got[200] = 0xdd; /* and the sender must not see the receiver's write */
	CHECK(47, cow_buffer[200] == (unsigned char)(200 * 7 + 3) && cow_buffer[100] == 0xee);
	return 0;
}

/* mach_port_get_refs(task, name, right) by its MIG message: the count, or -1 with the error. */
static int32_t get_refs(uint32_t name, uint32_t right)
{
	union {
		struct {
			mach_msg_header_t Head;
			uint32_t NDR[2];
			uint32_t name;
			uint32_t right;
		} req;
		struct {
			mach_msg_header_t Head;
			uint32_t NDR[2];
			int32_t RetCode;
			uint32_t refs;
			mach_msg_trailer_t trailer;
		} rep;
	} m = {.req = {.Head = {.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
	                                                    MACH_MSG_TYPE_MAKE_SEND_ONCE),
	                        .msgh_remote_port = task,
	                        .msgh_local_port = mach_reply_port(),
	                        .msgh_id = 3207},
	               .NDR = {0, 1},
	               .name = name,
	               .right = right}};
	uint32_t reply = m.req.Head.msgh_local_port;
	int mr = mach_msg(&m, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT, sizeof(m.req),
	                  sizeof(m), reply, 1000, 0);
	mach_port_mod_refs(task, reply, MACH_PORT_RIGHT_RECEIVE, -1);
	if (mr != MACH_MSG_SUCCESS || m.rep.RetCode != KERN_SUCCESS)
		return -1;
	return (int32_t)m.rep.refs;
}

/* A page of its own for an out-of-line port array sent with deallocate. */
static uint32_t ool_names[1024] __attribute__((aligned(4096)));

/*
 * 48-49: port descriptors with each send disposition, counted by
 * mach_port_get_refs; an out-of-line port array moved with deallocate.
 */
static int dispositions(uint32_t port)
{
	struct complex_msg c;
	const uint32_t one_port = sizeof(mach_msg_header_t) + 4 + 12;
	const uint32_t one_ool = sizeof(mach_msg_header_t) + 4 + 16;
	uint32_t p;

	CHECK(48, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &p) == KERN_SUCCESS);
	CHECK(48, mach_port_insert_right(task, p, p, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	/* COPY_SEND keeps ours; the copy arrives under the same name, one reference more. */
	complex_header(&c, port, 1);
	port_desc(&c.desc[0].port, p, MACH_MSG_TYPE_COPY_SEND);
	CHECK(48, complex_send(&c, one_port) == MACH_MSG_SUCCESS);
	CHECK(48, get_refs(p, MACH_PORT_RIGHT_SEND) == 1);
	CHECK(48, complex_receive(&c, port) == MACH_MSG_SUCCESS && c.desc[0].port.name == p &&
	              c.desc[0].port.disposition == MACH_MSG_TYPE_PORT_SEND);
	CHECK(48, get_refs(p, MACH_PORT_RIGHT_SEND) == 2);
	/* MOVE_SEND takes one reference away until it comes back. */
	complex_header(&c, port, 1);
	port_desc(&c.desc[0].port, p, MACH_MSG_TYPE_MOVE_SEND);
	CHECK(48, complex_send(&c, one_port) == MACH_MSG_SUCCESS);
	CHECK(48, get_refs(p, MACH_PORT_RIGHT_SEND) == 1);
	CHECK(48, complex_receive(&c, port) == MACH_MSG_SUCCESS && c.desc[0].port.name == p &&
	              c.desc[0].port.disposition == MACH_MSG_TYPE_PORT_SEND);
	CHECK(48, get_refs(p, MACH_PORT_RIGHT_SEND) == 2);
	/* MAKE_SEND_ONCE: a send-once right, always under a name of its own. */
	complex_header(&c, port, 1);
	port_desc(&c.desc[0].port, p, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	CHECK(48, complex_send(&c, one_port) == MACH_MSG_SUCCESS);
	CHECK(48, complex_receive(&c, port) == MACH_MSG_SUCCESS);
	uint32_t once = c.desc[0].port.name;
	CHECK(48, MACH_PORT_VALID(once) && once != p &&
	              c.desc[0].port.disposition == MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK(48, get_refs(once, MACH_PORT_RIGHT_SEND_ONCE) == 1);
	/* MOVE_SEND_ONCE: the name goes with it, and the right comes back under a new one. */
	complex_header(&c, port, 1);
	port_desc(&c.desc[0].port, once, MACH_MSG_TYPE_MOVE_SEND_ONCE);
	CHECK(48, complex_send(&c, one_port) == MACH_MSG_SUCCESS);
	CHECK(48, get_refs(once, MACH_PORT_RIGHT_SEND_ONCE) == -1);
	CHECK(48, complex_receive(&c, port) == MACH_MSG_SUCCESS &&
	              c.desc[0].port.disposition == MACH_MSG_TYPE_PORT_SEND_ONCE);
	once = c.desc[0].port.name;
	/* Used, the send-once right carries one message to p and is gone. */
	struct msg m;
	fill(&m, once, MACH_MSG_TYPE_MOVE_SEND_ONCE, 0, 0, 4, 48);
	CHECK(48, send(&m, sizeof(mach_msg_header_t) + 4, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(48, get_refs(once, MACH_PORT_RIGHT_SEND_ONCE) == -1);
	CHECK(48, receive(&m, p, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_MSG_SUCCESS &&
	              m.header.msgh_id == 48);

	/* 49: two references moved in an out-of-line array whose page goes with the message. */
	ool_names[0] = p;
	ool_names[1] = p;
	complex_header(&c, port, 1);
	c.desc[0].ool_ports.address = (uint64_t)ool_names;
	c.desc[0].ool_ports.count = 2;
	c.desc[0].ool_ports.deallocate = 1;
	c.desc[0].ool_ports.disposition = MACH_MSG_TYPE_MOVE_SEND;
	c.desc[0].ool_ports.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	CHECK(49, complex_send(&c, one_ool) == MACH_MSG_SUCCESS);
	CHECK(49, get_refs(p, MACH_PORT_RIGHT_SEND) == 0);
	CHECK(49,
	      mach_timebase_info((struct mach_timebase_info *)ool_names) == KERN_INVALID_ADDRESS);
	CHECK(49, complex_receive(&c, port) == MACH_MSG_SUCCESS);
	const uint32_t *names = (const uint32_t *)c.desc[0].ool_ports.address;
	CHECK(49, c.desc[0].ool_ports.count == 2 &&
	              c.desc[0].ool_ports.disposition == MACH_MSG_TYPE_PORT_SEND && names &&
	              names[0] == p && names[1] == p);
	CHECK(49, get_refs(p, MACH_PORT_RIGHT_SEND) == 2);
	CHECK(49, mach_vm_deallocate(task, (uint64_t)names, 4096) == KERN_SUCCESS);
	/* A name that is no right in the array refuses the send; copies took nothing. */
	CHECK(49, mach_vm_allocate(task, &(uint64_t){(uint64_t)ool_names}, 4096, VM_FLAGS_FIXED) ==
	              KERN_SUCCESS);
	ool_names[0] = p;
	ool_names[1] = 0x4242400u;
	complex_header(&c, port, 1);
	c.desc[0].ool_ports.address = (uint64_t)ool_names;
	c.desc[0].ool_ports.count = 2;
	c.desc[0].ool_ports.disposition = MACH_MSG_TYPE_COPY_SEND;
	c.desc[0].ool_ports.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	CHECK(49, complex_send(&c, one_ool) == MACH_SEND_INVALID_RIGHT);
	CHECK(49, get_refs(p, MACH_PORT_RIGHT_SEND) == 2);
	mach_port_mod_refs(task, p, MACH_PORT_RIGHT_SEND, -2);
	mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1);
	return 0;
}

/* 41-46: port sets. */
static int port_sets(void)
{
	struct msg m;
	uint32_t set, a, b;
	const uint32_t hdr = sizeof(mach_msg_header_t);

	CHECK(41, mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET, &set) == KERN_SUCCESS);
	CHECK(41, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &a) == KERN_SUCCESS);
	CHECK(41, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &b) == KERN_SUCCESS);
	CHECK(41, mach_port_insert_right(task, a, a, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	CHECK(41, mach_port_insert_right(task, b, b, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	/* A message already queued on a port is the set's once the port joins. */
	fill(&m, a, MACH_MSG_TYPE_COPY_SEND, 0, 0, 4, 41);
	CHECK(41, send(&m, hdr + 4, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(41, mach_port_move_member(task, a, set) == KERN_SUCCESS);
	CHECK(41, mach_port_insert_member(task, b, set) == KERN_SUCCESS);
	CHECK(42, receive(&m, set, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_MSG_SUCCESS);
	CHECK(42, m.header.msgh_id == 41 && m.header.msgh_local_port == a);
	fill(&m, b, MACH_MSG_TYPE_COPY_SEND, 0, 0, 4, 42);
	CHECK(42, send(&m, hdr + 4, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(42, receive(&m, b, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_RCV_IN_SET);
	CHECK(42, receive(&m, set, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_MSG_SUCCESS);
	CHECK(42, m.header.msgh_id == 42 && m.header.msgh_local_port == b);
	/* 43: nothing queued: the set times out. */
	CHECK(43, receive(&m, set, sizeof(m), MACH_RCV_TIMEOUT, 10) == MACH_RCV_TIMED_OUT);
	/* 44: membership errors. */
	CHECK(44, mach_port_insert_member(task, a, set) == KERN_ALREADY_IN_SET);
	CHECK(44, mach_port_extract_member(task, a, set) == KERN_SUCCESS);
	CHECK(44, mach_port_extract_member(task, a, set) == KERN_NOT_IN_SET);
	CHECK(45, mach_port_move_member(task, task, set) == KERN_INVALID_RIGHT);
	CHECK(45, mach_port_move_member(task, a, b) == KERN_INVALID_RIGHT);
	CHECK(45, mach_port_move_member(task, 0x7777700u, set) == KERN_INVALID_NAME);
	CHECK(45, mach_port_insert_member(task, a, MACH_PORT_NULL) == KERN_INVALID_RIGHT);
	CHECK(45, mach_port_deallocate(task, set) == KERN_INVALID_RIGHT);
	/* 46: destroying the set frees its members to be received from directly. */
	CHECK(46, mach_port_mod_refs(task, set, MACH_PORT_RIGHT_PORT_SET, -1) == KERN_SUCCESS);
	fill(&m, b, MACH_MSG_TYPE_COPY_SEND, 0, 0, 4, 46);
	CHECK(46, send(&m, hdr + 4, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(46, receive(&m, b, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_MSG_SUCCESS);
	CHECK(46, receive(&m, set, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_RCV_INVALID_NAME);
	mach_port_destroy_all(a);
	mach_port_destroy_all(b);
	return 0;
}

/* 33-40: port descriptors, moving receive rights, out-of-line memory and port arrays. */
static int complex_messages(uint32_t port)
{
	struct complex_msg c;
	const uint32_t one_port = sizeof(mach_msg_header_t) + 4 + 12;
	const uint32_t one_ool = sizeof(mach_msg_header_t) + 4 + 16;
	uint32_t other, moved;

	/* 33: a send right made from a receive right we hold arrives under that same name. */
	CHECK(33, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &other) == KERN_SUCCESS);
	complex_header(&c, port, 1);
	port_desc(&c.desc[0].port, other, MACH_MSG_TYPE_MAKE_SEND);
	CHECK(33, complex_send(&c, one_port) == MACH_MSG_SUCCESS);
	CHECK(33, complex_receive(&c, port) == MACH_MSG_SUCCESS);
	CHECK(33,
	      (c.header.msgh_bits & MACH_MSGH_BITS_COMPLEX) && c.body.msgh_descriptor_count == 1);
	CHECK(33, c.desc[0].port.name == other &&
	              c.desc[0].port.disposition == MACH_MSG_TYPE_PORT_SEND &&
	              c.desc[0].port.type == MACH_MSG_PORT_DESCRIPTOR);
	/* No port still says which right it would have been (MIG checks it). */
	complex_header(&c, port, 1);
	port_desc(&c.desc[0].port, MACH_PORT_NULL, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	CHECK(33, complex_send(&c, one_port) == MACH_MSG_SUCCESS);
	CHECK(33, complex_receive(&c, port) == MACH_MSG_SUCCESS);
	CHECK(33, c.desc[0].port.name == MACH_PORT_NULL &&
	              c.desc[0].port.disposition == MACH_MSG_TYPE_PORT_SEND_ONCE);

	/* 34: a moved receive right leaves our space and comes back under a new name. */
	CHECK(34, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &moved) == KERN_SUCCESS);
	complex_header(&c, port, 1);
	port_desc(&c.desc[0].port, moved, MACH_MSG_TYPE_MOVE_RECEIVE);
	CHECK(34, complex_send(&c, one_port) == MACH_MSG_SUCCESS);
	CHECK(34,
	      mach_port_mod_refs(task, moved, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_INVALID_NAME);
	CHECK(34, complex_receive(&c, port) == MACH_MSG_SUCCESS);
	uint32_t again = c.desc[0].port.name;
	CHECK(34,
	      MACH_PORT_VALID(again) && c.desc[0].port.disposition == MACH_MSG_TYPE_PORT_RECEIVE);
	struct msg m;
	fill(&m, again, MACH_MSG_TYPE_MAKE_SEND, 0, 0, 8, 34);
	CHECK(34, send(&m, sizeof(mach_msg_header_t) + 8, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(34, receive(&m, again, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_MSG_SUCCESS);
	CHECK(34, mach_port_mod_refs(task, again, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);

	/* 35: out-of-line memory arrives in new pages with the same bytes. */
	for (unsigned i = 0; i < sizeof(ool_buffer); i++)
		ool_buffer[i] = (unsigned char)(i * 13 + 1);
	complex_header(&c, port, 1);
	c.desc[0].ool.address = (uint64_t)ool_buffer;
	c.desc[0].ool.size = 40000;
	c.desc[0].ool.type = MACH_MSG_OOL_DESCRIPTOR;
	CHECK(35, complex_send(&c, one_ool) == MACH_MSG_SUCCESS);
	CHECK(35, complex_receive(&c, port) == MACH_MSG_SUCCESS);
	const unsigned char *got = (const unsigned char *)c.desc[0].ool.address;
	CHECK(35, got && got != ool_buffer && c.desc[0].ool.size == 40000);
	for (unsigned i = 0; i < 40000; i++)
		CHECK(35, got[i] == (unsigned char)(i * 13 + 1));

	/* 36: with deallocate, the sender's pages are gone once the message is sent. */
	complex_header(&c, port, 1);
	c.desc[0].ool.address = (uint64_t)ool_buffer;
	c.desc[0].ool.size = 16384;
	c.desc[0].ool.deallocate = 1;
	c.desc[0].ool.type = MACH_MSG_OOL_DESCRIPTOR;
	CHECK(36, complex_send(&c, one_ool) == MACH_MSG_SUCCESS);
	struct mach_timebase_info *gone = (struct mach_timebase_info *)ool_buffer;
	CHECK(36, mach_timebase_info(gone) == KERN_INVALID_ADDRESS);
	CHECK(36, complex_receive(&c, port) == MACH_MSG_SUCCESS);
	got = (const unsigned char *)c.desc[0].ool.address;
	CHECK(36, got && got[100] == (unsigned char)(100 * 13 + 1));

	/* 37: an out-of-line array of port rights. */
	uint32_t names[3] = {port, other, MACH_PORT_NULL};
	complex_header(&c, port, 1);
	c.desc[0].ool_ports.address = (uint64_t)names;
	c.desc[0].ool_ports.count = 3;
	c.desc[0].ool_ports.disposition = MACH_MSG_TYPE_MAKE_SEND;
	c.desc[0].ool_ports.type = MACH_MSG_OOL_PORTS_DESCRIPTOR;
	CHECK(37, complex_send(&c, one_ool) == MACH_MSG_SUCCESS);
	CHECK(37, complex_receive(&c, port) == MACH_MSG_SUCCESS);
	const uint32_t *rnames = (const uint32_t *)c.desc[0].ool_ports.address;
	CHECK(37, rnames && c.desc[0].ool_ports.count == 3 &&
	              c.desc[0].ool_ports.disposition == MACH_MSG_TYPE_PORT_SEND);
	CHECK(37, rnames[0] == port && rnames[1] == other && rnames[2] == MACH_PORT_NULL);

	/* 38: a bad right in the body fails the send and leaves the header's rights alone. */
	complex_header(&c, port, 1);
	port_desc(&c.desc[0].port, 0x4242400u, MACH_MSG_TYPE_COPY_SEND);
	CHECK(38, complex_send(&c, one_port) == MACH_SEND_INVALID_RIGHT);
	CHECK(38, complex_receive(&c, port) == MACH_RCV_TIMED_OUT);
	/* With out-of-line bytes after it, copied in already: they go too (the heap leak check). */
	static const char ool_bytes[100] = "out of line";
	struct {
		mach_msg_header_t header;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
		mach_msg_ool_descriptor64_t ool;
	} __attribute__((packed, aligned(4)))
	bad = {.header = {.msgh_bits =
	                      MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX,
	                  .msgh_remote_port = port},
	       .body = {.msgh_descriptor_count = 2},
	       .port = {.name = 0x4242400u,
	                .disposition = MACH_MSG_TYPE_COPY_SEND,
	                .type = MACH_MSG_PORT_DESCRIPTOR},
	       .ool = {.address = (uint64_t)ool_bytes,
	               .size = sizeof(ool_bytes),
	               .copy = MACH_MSG_VIRTUAL_COPY,
	               .type = MACH_MSG_OOL_DESCRIPTOR}};
	CHECK(38,
	      mach_msg(&bad, MACH_SEND_MSG, sizeof(bad), 0, 0, 0, 0) == MACH_SEND_INVALID_RIGHT);
	CHECK(38, complex_receive(&c, port) == MACH_RCV_TIMED_OUT);

	/* 39: a receive right cannot be sent to itself. */
	complex_header(&c, port, 1);
	port_desc(&c.desc[0].port, port, MACH_MSG_TYPE_MOVE_RECEIVE);
	CHECK(39, complex_send(&c, one_port) == MACH_SEND_INVALID_RIGHT);

	/*
	 * 39: nor into itself through others: with A's receive right in a message
	 * queued on B, B's cannot go to A (nobody could ever reach either again).
	 */
	uint32_t a, b;
	CHECK(39, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &a) == KERN_SUCCESS);
	CHECK(39, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &b) == KERN_SUCCESS);
	CHECK(39, mach_port_insert_right(task, a, a, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);
	complex_header(&c, b, 1);
	port_desc(&c.desc[0].port, a, MACH_MSG_TYPE_MOVE_RECEIVE);
	CHECK(39, complex_send(&c, one_port) == MACH_MSG_SUCCESS);
	complex_header(&c, a, 1);
	c.header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX;
	port_desc(&c.desc[0].port, b, MACH_MSG_TYPE_MOVE_RECEIVE);
	CHECK(39, complex_send(&c, one_port) == MACH_SEND_INVALID_RIGHT);
	/* A's receive right comes back (to the name of its send right); both go. */
	CHECK(39, complex_receive(&c, b) == MACH_MSG_SUCCESS && c.desc[0].port.name == a);
	CHECK(39, mach_port_mod_refs(task, a, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	CHECK(39, mach_port_deallocate(task, a) == KERN_SUCCESS);
	CHECK(39, mach_port_mod_refs(task, b, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);

	/* 40: out-of-line memory that is not there. */
	complex_header(&c, port, 1);
	c.desc[0].ool.address = 0x10;
	c.desc[0].ool.size = 100;
	c.desc[0].ool.type = MACH_MSG_OOL_DESCRIPTOR;
	CHECK(40, complex_send(&c, one_ool) == MACH_SEND_INVALID_MEMORY);
	c.desc[0].ool.address = (uint64_t)ool_buffer + 16384;
	c.desc[0].ool.size = 0x7fffffff;
	CHECK(40, complex_send(&c, one_ool) == MACH_SEND_TOO_LARGE);
	return 0;
}

int main(void)
{
	struct msg m;
	uint32_t port, reply, dead, name;
	const uint32_t hdr = sizeof(mach_msg_header_t);

	/* 1-2: the task's own port; asking twice gives the same name. */
	task = task_self();
	CHECK(1, MACH_PORT_VALID(task));
	CHECK(2, task_self() == task);
	CHECK(2, MACH_PORT_VALID(thread_self()));

	/* 3-4: a receive right, then a send right under the same name. */
	CHECK(3, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(3, MACH_PORT_VALID(port) && port != task);
	CHECK(4, mach_port_insert_right(task, port, port, MACH_MSG_TYPE_MAKE_SEND) == KERN_SUCCESS);

	/* 5-8: a message to ourselves arrives whole, with a minimal trailer. */
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 100, 5);
	CHECK(5, send(&m, hdr + 100, 0, 0) == MACH_MSG_SUCCESS);
	__builtin_memset(&m, 0, sizeof(m));
	CHECK(6, receive(&m, port, sizeof(m), 0, 0) == MACH_MSG_SUCCESS);
	CHECK(7, m.header.msgh_size == hdr + 100 && m.header.msgh_local_port == port &&
	             m.header.msgh_remote_port == 0 && m.header.msgh_id == 5 &&
	             m.header.msgh_bits == MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND));
	CHECK(8, body_ok(&m, 100, 5));
	mach_msg_trailer_t *t = (mach_msg_trailer_t *)((char *)&m + hdr + 100);
	CHECK(8, t->msgh_trailer_type == 0 && t->msgh_trailer_size == 8);

	/* 9-10: nothing queued: timeout 0 answers at once, 30 ms waits at least that long. */
	CHECK(9, receive(&m, port, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_RCV_TIMED_OUT);
	struct mach_timebase_info tb;
	mach_timebase_info(&tb);
	uint64_t start = absolute_time();
	CHECK(10, receive(&m, port, sizeof(m), MACH_RCV_TIMEOUT, 30) == MACH_RCV_TIMED_OUT);
	CHECK(10, (absolute_time() - start) * tb.numer / tb.denom >= 30000000ull);

	/* 11-14: a request with a send-once reply right, and the reply through it. */
	reply = mach_reply_port();
	CHECK(11, MACH_PORT_VALID(reply));
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE, 16, 11);
	CHECK(11, send(&m, hdr + 16, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(12, receive(&m, port, sizeof(m), 0, 0) == MACH_MSG_SUCCESS);
	uint32_t once = m.header.msgh_remote_port;
	CHECK(12, MACH_PORT_VALID(once) && once != reply &&
	              MACH_MSGH_BITS_REMOTE(m.header.msgh_bits) == MACH_MSG_TYPE_PORT_SEND_ONCE);
	fill(&m, once, MACH_MSG_TYPE_MOVE_SEND_ONCE, 0, 0, 8, 13);
	CHECK(13, send(&m, hdr + 8, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(13, receive(&m, reply, sizeof(m), 0, 0) == MACH_MSG_SUCCESS);
	CHECK(13, m.header.msgh_id == 13 && m.header.msgh_local_port == reply &&
	              MACH_MSGH_BITS_LOCAL(m.header.msgh_bits) == MACH_MSG_TYPE_PORT_SEND_ONCE);
	/* The send-once right was used up: its name is gone. */
	CHECK(14, mach_port_deallocate(task, once) == KERN_INVALID_NAME);

	/* 15-18: bad destinations, replies and headers are refused; nothing is queued. */
	fill(&m, 0x12345u, MACH_MSG_TYPE_COPY_SEND, 0, 0, 8, 15);
	CHECK(15, send(&m, hdr + 8, 0, 0) == MACH_SEND_INVALID_DEST);
	fill(&m, reply, MACH_MSG_TYPE_COPY_SEND, 0, 0, 8, 15); /* receive right only */
	CHECK(15, send(&m, hdr + 8, 0, 0) == MACH_SEND_INVALID_DEST);
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, 0x777700u, MACH_MSG_TYPE_MAKE_SEND, 8, 16);
	CHECK(16, send(&m, hdr + 8, 0, 0) == MACH_SEND_INVALID_REPLY);
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, reply, 3, 8, 16); /* not a disposition */
	CHECK(16, send(&m, hdr + 8, 0, 0) == MACH_SEND_INVALID_REPLY);
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 8, 17);
	CHECK(17, send(&m, 10, 0, 0) == MACH_SEND_MSG_TOO_SMALL);
	CHECK(17, send(&m, hdr + 2, 0, 0) == MACH_SEND_MSG_TOO_SMALL);
	CHECK(17, send(&m, 1u << 20, 0, 0) == MACH_SEND_TOO_LARGE);
	CHECK(17, mach_msg((void *)0x10, MACH_SEND_MSG, hdr, 0, 0, 0, 0) == MACH_SEND_INVALID_DATA);
	/*
	 * A header or trailer that runs off its memory into an unmapped page
	 * (16 bytes before the boundary, the rest after) is refused; ending
	 * right at the boundary, it is fine.
	 */
	uint64_t pages = 0;
	CHECK(17, mach_vm_allocate(task, &pages, 2 * 4096, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	CHECK(17, mach_vm_deallocate(task, pages + 4096, 4096) == KERN_SUCCESS);
	struct msg *edge = (struct msg *)(pages + 4096 - 16);
	CHECK(17, mach_msg(edge, MACH_SEND_MSG, hdr, 0, 0, 0, 0) == MACH_SEND_INVALID_DATA);
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 0, 17);
	CHECK(17, send(&m, hdr, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(17, receive(edge, port, hdr + 8, 0, 0) == MACH_RCV_INVALID_DATA);
	edge = (struct msg *)(pages + 4096 - hdr);
	__builtin_memcpy(edge, &m, hdr);
	CHECK(17, mach_msg(edge, MACH_SEND_MSG, hdr, 0, 0, 0, 0) == MACH_MSG_SUCCESS);
	edge = (struct msg *)(pages + 4096 - hdr - 8);
	CHECK(17,
	      receive(edge, port, hdr + 8, 0, 0) == MACH_MSG_SUCCESS && edge->header.msgh_id == 17);
	CHECK(17, mach_vm_deallocate(task, pages, 4096) == KERN_SUCCESS);
	m.header.msgh_bits |= 0x00400000u; /* undefined header bits */
	CHECK(18, send(&m, hdr + 8, 0, 0) == MACH_SEND_INVALID_HEADER);
	/* A complex body must describe itself truthfully. */
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 8, 18);
	m.header.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	*(uint32_t *)m.body = 1000; /* absurd descriptor count */
	CHECK(18, send(&m, hdr + 8, 0, 0) == MACH_SEND_TOO_LARGE);
	*(uint32_t *)m.body = 2; /* two descriptors that are not there */
	CHECK(18, send(&m, hdr + 8, 0, 0) == MACH_SEND_MSG_TOO_SMALL);
	*(uint32_t *)m.body = 1;
	m.body[4 + 11] = 7; /* no such descriptor type */
	CHECK(18, send(&m, hdr + 4 + 16, 0, 0) == MACH_SEND_INVALID_TYPE);
	CHECK(18, receive(&m, port, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_RCV_TIMED_OUT);

	/* 19-21: MACH_RCV_LARGE leaves a too-large message queued and says how big it is. */
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 200, 19);
	CHECK(19, send(&m, hdr + 200, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(19, receive(&m, port, 64, MACH_RCV_LARGE, 0) == MACH_RCV_TOO_LARGE);
	CHECK(20, m.header.msgh_size == hdr + 200 + 8);
	CHECK(20, receive(&m, port, sizeof(m), 0, 0) == MACH_MSG_SUCCESS && body_ok(&m, 200, 19));
	/* Without it the message is destroyed. */
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 200, 21);
	CHECK(21, send(&m, hdr + 200, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(21, receive(&m, port, 64, 0, 0) == MACH_RCV_TOO_LARGE);
	CHECK(21, receive(&m, port, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_RCV_TIMED_OUT);

	/* 22-23: the queue limit (5): a sixth message times out; the queue drains in order. */
	for (int i = 0; i < 5; i++) {
		fill(&m, port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 4, 40 + i);
		CHECK(22, send(&m, hdr + 4, MACH_SEND_TIMEOUT, 0) == MACH_MSG_SUCCESS);
	}
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 4, 45);
	CHECK(22, send(&m, hdr + 4, MACH_SEND_TIMEOUT, 0) == MACH_SEND_TIMED_OUT);
	CHECK(22, send(&m, hdr + 4, MACH_SEND_TIMEOUT, 20) == MACH_SEND_TIMED_OUT);
	for (int i = 0; i < 5; i++) {
		CHECK(23, receive(&m, port, sizeof(m), MACH_RCV_TIMEOUT, 0) == MACH_MSG_SUCCESS);
		CHECK(23, m.header.msgh_id == 40 + i);
	}

	/*
	 * 24: the audit trailer, and sequence numbers that count messages received
	 * from the port: 11 so far, counting the one destroyed as too large and the one
	 * that could not be copied out (17).
	 */
	fill(&m, port, MACH_MSG_TYPE_COPY_SEND, 0, 0, 8, 24);
	send(&m, hdr + 8, 0, 0);
	CHECK(24, receive(&m, port, sizeof(m), MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT),
	                  0) == MACH_MSG_SUCCESS);
	mach_msg_audit_trailer_t *at = (mach_msg_audit_trailer_t *)((char *)&m + hdr + 8);
	CHECK(24,
	      at->msgh_trailer_size == 52 && at->msgh_seqno == 11 && at->msgh_audit.val[5] == 1);
	CHECK(24, receive(&m, port, sizeof(m), MACH_RCV_TRAILER_ELEMENTS(9), 0) ==
	              MACH_RCV_INVALID_TRAILER);

	/* 25: a kernel object answers an unknown routine with MIG_BAD_ID. */
	fill(&m, task, MACH_MSG_TYPE_COPY_SEND, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0, 0);
	m.header.msgh_id = 3402;
	CHECK(25, send(&m, hdr, 0, 0) == MACH_MSG_SUCCESS);
	CHECK(25, receive(&m, reply, sizeof(m), MACH_RCV_TIMEOUT, 100) == MACH_MSG_SUCCESS);
	mig_reply_error_t *mig = (mig_reply_error_t *)&m;
	CHECK(25, mig->Head.msgh_id == 3502 && mig->RetCode == MIG_BAD_ID &&
	              mig->Head.msgh_size == sizeof(mig_reply_error_t));

	/* 26-28: destroying a receive right turns send rights into dead names. */
	CHECK(26, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &dead) == KERN_SUCCESS);
	CHECK(26, mach_port_insert_right(task, dead, dead, MACH_MSG_TYPE_MAKE_SEND) == 0);
	CHECK(26, mach_port_mod_refs(task, dead, MACH_PORT_RIGHT_SEND, 2) == KERN_SUCCESS);
	CHECK(27, mach_port_mod_refs(task, dead, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
	fill(&m, dead, MACH_MSG_TYPE_COPY_SEND, 0, 0, 8, 27);
	CHECK(27, send(&m, hdr + 8, 0, 0) == MACH_SEND_INVALID_DEST);
	CHECK(28, mach_port_mod_refs(task, dead, MACH_PORT_RIGHT_DEAD_NAME, -3) == KERN_SUCCESS);
	CHECK(28, mach_port_deallocate(task, dead) == KERN_INVALID_NAME);

	/* 29-31: hostile arguments to the port traps. */
	CHECK(29, mach_port_deallocate(task, 0xdeadbe00u) == KERN_INVALID_NAME);
	/*
	 * The send right: 1 user reference, plus one from each of the two sends
	 * that timed out in check 22 (their copied rights came back, as XNU's
	 * pseudo-receive does). Then only the receive right is left.
	 */
	for (int i = 0; i < 3; i++)
		CHECK(29, mach_port_deallocate(task, port) == KERN_SUCCESS);
	CHECK(29, mach_port_deallocate(task, port) == KERN_INVALID_RIGHT);
	CHECK(30, mach_port_mod_refs(task, port, 9, -1) == KERN_INVALID_VALUE);
	CHECK(30, mach_port_allocate(0x5555u, MACH_PORT_RIGHT_RECEIVE, &name) == KERN_INVALID_TASK);
	CHECK(30,
	      mach_port_allocate(task, MACH_PORT_RIGHT_PORT_SET + 7, &name) == KERN_INVALID_VALUE);
	CHECK(31, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, (uint32_t *)0x10) ==
	              KERN_INVALID_ADDRESS);
	CHECK(31, receive(&m, 0xabcdef00u, sizeof(m), 0, 0) == MACH_RCV_INVALID_NAME);
	CHECK(31, mach_msg((void *)0x10, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 64, reply, 0, 0) ==
	              MACH_RCV_TIMED_OUT);

	/* 32: mach_msg_overwrite: the message goes out of one buffer and the answer lands in
	 * another. */
	{
		struct msg out, in;
		fill(&out, port, MACH_MSG_TYPE_MAKE_SEND, 0, 0, 8, 77);
		CHECK(32,
		      mach_msg_overwrite(&out, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
		                         hdr + 8, sizeof(in), port, 100, &in) == MACH_MSG_SUCCESS);
		CHECK(32, in.header.msgh_id == 77 && in.header.msgh_local_port == port &&
		              out.header.msgh_remote_port == port);
	}

	/* 32: many ports come and go; names are reused with a new generation. */
	for (int i = 0; i < 300; i++) {
		uint32_t p;
		CHECK(32, mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &p) == KERN_SUCCESS);
		CHECK(32, mach_port_insert_right(task, p, p, MACH_MSG_TYPE_MAKE_SEND) == 0);
		fill(&m, p, MACH_MSG_TYPE_MAKE_SEND_ONCE, 0, 0, 4, i & 0x7f);
		CHECK(32, send(&m, hdr + 4, 0, 0) == MACH_MSG_SUCCESS);
		/* Destroyed with a message still queued, and a send right still named. */
		CHECK(32, mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);
		CHECK(32, mach_port_deallocate(task, p) == KERN_SUCCESS);
	}
	int failed = complex_messages(port);
	if (!failed)
		failed = port_sets();
	if (!failed)
		failed = cow_messages(port);
	return failed ? failed : dispositions(port);
}
