/* The mach_msg stand-in described in harness.h. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "host/check.h"
#include "tests/host/mig/migtestServer.h"

struct harness harness;

static _Alignas(8) uint8_t pending[migtest_MAX_REPLY_SIZE + 64];
static size_t pending_size;

void harness_reset(void)
{
	memset(&harness, 0, sizeof(harness));
	pending_size = 0;
}

static unsigned int received(unsigned int disposition)
{
	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE: return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE: return MACH_MSG_TYPE_PORT_SEND_ONCE;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND: return MACH_MSG_TYPE_PORT_SEND;
	default: return disposition; /* left for the receiver to refuse */
	}
}

/* What the kernel does to a message between sender and receiver. */
static void deliver(mach_msg_header_t *m)
{
	mach_msg_bits_t bits = m->msgh_bits;
	mach_port_name_t remote = m->msgh_remote_port;

	m->msgh_remote_port = m->msgh_local_port;
	m->msgh_local_port = remote;
	m->msgh_bits =
	    (bits & MACH_MSGH_BITS_COMPLEX) | MACH_MSGH_BITS(received(MACH_MSGH_BITS_LOCAL(bits)),
	                                                     received(MACH_MSGH_BITS_REMOTE(bits)));
	if (!(bits & MACH_MSGH_BITS_COMPLEX))
		return;
	uint8_t *p = (uint8_t *)(m + 1);
	uint32_t count;
	memcpy(&count, p, sizeof(count));
	p += sizeof(count);
	/* A hand-built message may claim more descriptors than it holds: stop there. */
	for (uint32_t i = 0; i < count && p + 12 <= (uint8_t *)m + m->msgh_size; i++) {
		if (p[11] == MACH_MSG_PORT_DESCRIPTOR) {
			p[10] = (uint8_t)received(p[10]);
			p += sizeof(mach_msg_port_descriptor_t);
		} else if (p[11] == MACH_MSG_OOL_PORTS_DESCRIPTOR) {
			p[10] = (uint8_t)received(p[10]);
			p += sizeof(mach_msg_ool_ports_descriptor64_t);
		} else {
			p += sizeof(mach_msg_ool_descriptor64_t);
		}
	}
}

static void append_trailer(uint8_t *msg, size_t size, bool audit)
{
	mach_msg_audit_trailer_t t;

	memset(&t, 0, sizeof(t));
	t.msgh_trailer_type = MACH_MSG_TRAILER_FORMAT_0;
	t.msgh_trailer_size = audit ? sizeof(t) : sizeof(mach_msg_trailer_t);
	t.msgh_audit.val[5] = TEST_AUDIT_PID;
	memcpy(msg + size, &t, t.msgh_trailer_size);
}

static void queue_reply(const mach_msg_header_t *reply)
{
	CHECK(pending_size == 0);
	CHECK(reply->msgh_remote_port == TEST_REPLY_PORT);
	CHECK(reply->msgh_size <= migtest_MAX_REPLY_SIZE);
	memcpy(pending, reply, reply->msgh_size);
	pending_size = reply->msgh_size;
	deliver((mach_msg_header_t *)pending);
}

static bool serve(const void *request, size_t size, mach_msg_header_t *reply, bool translate)
{
	size_t trailer =
	    harness.minimal_trailer ? sizeof(mach_msg_trailer_t) : sizeof(mach_msg_audit_trailer_t);
	uint8_t *in = malloc(size + trailer);
	mach_msg_header_t *out = malloc(migtest_MAX_REPLY_SIZE);
	bool ours;

	CHECK(in != NULL && out != NULL);
	memcpy(in, request, size);
	if (translate)
		deliver((mach_msg_header_t *)in);
	append_trailer(in, size, !harness.minimal_trailer);
	if (harness.fake_server) {
		harness.fake_server((mach_msg_header_t *)in, out);
		ours = true;
	} else {
		ours = migtest_server((mach_msg_header_t *)in, out);
	}
	harness.last_retcode = KERN_SUCCESS;
	if (!(out->msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	    out->msgh_size >= sizeof(mig_reply_error_t))
		harness.last_retcode = ((mig_reply_error_t *)out)->RetCode;
	CHECK(out->msgh_size <= migtest_MAX_REPLY_SIZE);
	memcpy(reply, out, out->msgh_size);
	free(in);
	free(out);
	return ours;
}

bool harness_serve_raw(const void *request, size_t size, mach_msg_header_t *reply)
{
	return serve(request, size, reply, false);
}

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
                           mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                           mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                           mach_port_name_t notify)
{
	CHECK(timeout == MACH_MSG_TIMEOUT_NONE && notify == MACH_PORT_NULL);
	harness.last_option = option;
	if (harness.fail_with != 0)
		return harness.fail_with;
	if (option & MACH_SEND_MSG) {
		CHECK(send_size == msg->msgh_size && send_size >= sizeof(*msg));
		if (msg->msgh_remote_port == TEST_SERVER_PORT) {
			static _Alignas(8) uint8_t reply[migtest_MAX_REPLY_SIZE];
			mach_msg_header_t *r = (mach_msg_header_t *)reply;

			serve(msg, send_size, r, true);
			bool simple = !(r->msgh_bits & MACH_MSGH_BITS_COMPLEX);
			if (!(simple && harness.last_retcode == MIG_NO_REPLY) &&
			    r->msgh_remote_port != MACH_PORT_NULL)
				queue_reply(r);
		} else {
			queue_reply(msg);
		}
	}
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	CHECK(rcv_name == TEST_REPLY_PORT);
	if (pending_size == 0 && harness.on_wait != NULL)
		harness.on_wait();
	if (pending_size == 0)
		return MACH_RCV_TIMED_OUT;
	if (pending_size + sizeof(mach_msg_trailer_t) > rcv_size)
		return MACH_RCV_TOO_LARGE;
	memcpy(msg, pending, pending_size);
	append_trailer((uint8_t *)msg, pending_size, false);
	pending_size = 0;
	return MACH_MSG_SUCCESS;
}

void mach_msg_destroy(mach_msg_header_t *msg)
{
	CHECK(msg != NULL);
	harness.destroys++;
}

mach_port_t mig_get_reply_port(void)
{
	return TEST_REPLY_PORT;
}

void mig_dealloc_reply_port(mach_port_t reply_port)
{
	CHECK(reply_port == TEST_REPLY_PORT);
	harness.reply_port_deallocs++;
}
