/*
 * Hand-built requests against the generated server stubs: each malformed
 * one must be answered with the right MIG error, without calling the
 * routine and without reading outside the message (the test runs under
 * ASan, and the harness hands the stub a buffer of exactly message +
 * trailer). Ends with random damage to valid requests.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "host/check.h"
#include "migtest_server.h"

static union {
	mach_msg_header_t head;
	uint8_t bytes[migtest_MAX_REPLY_SIZE];
} reply;

/* A delivered request's header: from the client's reply right to the server. */
static void head(mach_msg_header_t *h, mach_msg_id_t id, mach_msg_size_t size, bool complex)
{
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, MACH_MSG_TYPE_PORT_SEND) |
	               (complex ? MACH_MSGH_BITS_COMPLEX : 0);
	h->msgh_size = size;
	h->msgh_remote_port = TEST_REPLY_PORT;
	h->msgh_local_port = TEST_SERVER_PORT;
	h->msgh_voucher_port = MACH_PORT_NULL;
	h->msgh_id = id;
}

/* Serves `size` bytes of `msg`; returns the RetCode and checks the reply's shape. */
static kern_return_t serve(const void *msg, size_t size)
{
	const mach_msg_header_t *in = msg;
	int calls = server_log.calls;
	bool ours = harness_serve_raw(msg, size, &reply.head);
	kern_return_t kr = harness.last_retcode;

	CHECK(reply.head.msgh_id == (mach_msg_id_t)((uint32_t)in->msgh_id + 100));
	CHECK(reply.head.msgh_remote_port == TEST_REPLY_PORT);
	CHECK(ours == (kr != MIG_BAD_ID));
	if (kr == MIG_BAD_ARGUMENTS || kr == MIG_BAD_ID || kr == MIG_TRAILER_ERROR) {
		CHECK(server_log.calls == calls);
		CHECK(reply.head.msgh_size == sizeof(mig_reply_error_t));
		CHECK(!(reply.head.msgh_bits & MACH_MSGH_BITS_COMPLEX));
	}
	return kr;
}

static void test_ids(void)
{
	migtest_ping_request_t r;
	static const mach_msg_id_t bad[] = {0, 4199, 4202, 4214, 4300, -1, INT32_MAX, INT32_MIN};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		head(&r.Head, bad[i], sizeof(r), false);
		CHECK(serve(&r, sizeof(r)) == MIG_BAD_ID);
	}
	head(&r.Head, 4212, sizeof(r), false);
	CHECK(serve(&r, sizeof(r)) == KERN_SUCCESS);
	CHECK(migtest_server_routine(&r.Head) != NULL);
	r.Head.msgh_id = 4202; /* skip */
	CHECK(migtest_server_routine(&r.Head) == NULL);
}

static void add_request(migtest_add_request_t *r)
{
	head(&r->Head, 4200, sizeof(*r), false);
	r->NDR = NDR_RECORD_NATIVE;
	r->a = 1;
	r->b = 2;
}

static void test_sizes(void)
{
	migtest_add_request_t r;
	_Alignas(8) uint8_t big[sizeof(r) + 8];

	add_request(&r);
	CHECK(serve(&r, sizeof(r)) == KERN_SUCCESS);
	/* Truncated: just the header, and one field short. */
	for (mach_msg_size_t size = sizeof(mach_msg_header_t); size < sizeof(r); size += 4) {
		add_request(&r);
		r.Head.msgh_size = size;
		CHECK(serve(&r, size) == MIG_BAD_ARGUMENTS);
	}
	/* Oversized. */
	add_request(&r);
	r.Head.msgh_size = sizeof(big);
	memset(big, 0, sizeof(big));
	memcpy(big, &r, sizeof(r));
	CHECK(serve(big, sizeof(big)) == MIG_BAD_ARGUMENTS);
	/* Complex bit on a simple request. */
	add_request(&r);
	r.Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* A request with no inline data has exactly one size too. */
	migtest_ping_request_t p;
	_Alignas(8) uint8_t p_big[sizeof(p) + 4] = {0};
	head(&p.Head, 4212, sizeof(p_big), false);
	memcpy(p_big, &p, sizeof(p));
	CHECK(serve(p_big, sizeof(p_big)) == MIG_BAD_ARGUMENTS);
}

/* A var request with `n` items claimed, `present` of them in the message. */
static size_t var_request(uint8_t *buf, uint32_t n, uint32_t present)
{
	migtest_var_request_t r;
	size_t size = offsetof(migtest_var_request_t, items) + 4 * present + 4;

	head(&r.Head, 4204, (mach_msg_size_t)size, false);
	r.NDR = NDR_RECORD_NATIVE;
	r.itemsCnt = n;
	memset(buf, 0, sizeof(r));
	memcpy(buf, &r, offsetof(migtest_var_request_t, items));
	return size;
}

static void test_var_counts(void)
{
	_Alignas(8) uint8_t buf[sizeof(migtest_var_request_t) + 64];
	size_t size;

	size = var_request(buf, 3, 3);
	CHECK(serve(buf, size) == KERN_SUCCESS);
	/* Past the bound, with the message as long as the count says. */
	size = var_request(buf, 9, 9);
	CHECK(serve(buf, size) == MIG_BAD_ARGUMENTS);
	/* Past the message: claims 8, carries 2 (and the tail). */
	size = var_request(buf, 8, 2);
	CHECK(serve(buf, size) == MIG_BAD_ARGUMENTS);
	/* Counts that overflow a 32-bit byte size. */
	size = var_request(buf, 0x40000001u, 2);
	CHECK(serve(buf, size) == MIG_BAD_ARGUMENTS);
	/* Fewer than carried: the bytes left over make it the wrong size. */
	size = var_request(buf, 1, 3);
	CHECK(serve(buf, size) == MIG_BAD_ARGUMENTS);
}

/* strings(name: c_string[16], path: c_string[*:64], after: int32_t). */
static size_t strings_request(uint8_t *buf, const char name[16], uint32_t offset, uint32_t count,
                              const void *path, uint32_t path_bytes)
{
	uint8_t *p = buf;
	migtest_strings_request_t r;
	int32_t after = 1;

	head(&r.Head, 4205, 0, false);
	r.NDR = NDR_RECORD_NATIVE;
	memcpy(p, &r, offsetof(migtest_strings_request_t, name));
	p += offsetof(migtest_strings_request_t, name);
	memcpy(p, name, 16);
	p += 16;
	memcpy(p, &offset, 4);
	memcpy(p + 4, &count, 4);
	p += 8;
	memcpy(p, path, path_bytes);
	p += (path_bytes + 3) & ~3u;
	memcpy(p, &after, 4);
	p += 4;
	mach_msg_size_t size = (mach_msg_size_t)(p - buf);
	memcpy(buf + offsetof(mach_msg_header_t, msgh_size), &size, 4);
	return size;
}

static void test_strings(void)
{
	_Alignas(8) uint8_t buf[sizeof(migtest_strings_request_t) + 16];
	char name[16] = "ok";
	char unterminated[16];
	char path[64];
	size_t size;

	memset(unterminated, 'x', sizeof(unterminated));
	memset(path, 'p', sizeof(path));
	path[9] = '\0';
	size = strings_request(buf, name, 0, 10, path, 10);
	CHECK(serve(buf, size) == KERN_SUCCESS);
	/* The fixed string fills its 16 bytes with no NUL. */
	size = strings_request(buf, unterminated, 0, 10, path, 10);
	CHECK(serve(buf, size) == MIG_BAD_ARGUMENTS);
	/* No NUL within the count. */
	size = strings_request(buf, name, 0, 9, path, 9);
	CHECK(serve(buf, size) == MIG_BAD_ARGUMENTS);
	/* Count zero, count past the bound, an offset MIG never sends. */
	size = strings_request(buf, name, 0, 0, path, 0);
	CHECK(serve(buf, size) == MIG_BAD_ARGUMENTS);
	memset(path, 'p', sizeof(path));
	path[63] = '\0';
	size = strings_request(buf, name, 0, 64, path, 64);
	CHECK(serve(buf, size) == KERN_SUCCESS);
	size = strings_request(buf, name, 0, 65, path, 64);
	CHECK(serve(buf, size) == MIG_BAD_ARGUMENTS);
	size = strings_request(buf, name, 4, 10, path, 10);
	CHECK(serve(buf, size) == MIG_BAD_ARGUMENTS);
	/* A count that runs past the end of the message. */
	size = strings_request(buf, name, 0, 60, path, 8);
	CHECK(serve(buf, size - 4) == MIG_BAD_ARGUMENTS);
}

static void ool_request(migtest_ool_request_t *r, const uint8_t *data, uint32_t n,
                        const int32_t *words, uint32_t nwords)
{
	head(&r->Head, 4206, sizeof(*r), true);
	r->msgh_body.msgh_descriptor_count = 2;
	r->data = (mach_msg_ool_descriptor64_t){.address = (uint64_t)(uintptr_t)data,
	                                        .copy = MACH_MSG_VIRTUAL_COPY,
	                                        .type = MACH_MSG_OOL_DESCRIPTOR,
	                                        .size = n};
	r->words = (mach_msg_ool_descriptor64_t){.address = (uint64_t)(uintptr_t)words,
	                                         .copy = MACH_MSG_VIRTUAL_COPY,
	                                         .type = MACH_MSG_OOL_DESCRIPTOR,
	                                         .size = 4 * nwords};
	r->NDR = NDR_RECORD_NATIVE;
	r->dataCnt = n;
	r->wordsCnt = nwords;
}

static void test_ool(void)
{
	static uint8_t data[32];
	static int32_t words[65];
	migtest_ool_request_t r;
	migtest_ool_reply_t *ok = (migtest_ool_reply_t *)&reply;

	ool_request(&r, data, 32, words, 64);
	CHECK(serve(&r, sizeof(r)) == KERN_SUCCESS);
	CHECK(ok->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	CHECK(ok->copy.size == 32 && ok->copy.deallocate == 1 && ok->copyCnt == 32);
	free((void *)(uintptr_t)ok->copy.address);
	/* Complex bit missing. */
	ool_request(&r, data, 32, words, 64);
	r.Head.msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* Wrong descriptor count. */
	ool_request(&r, data, 32, words, 64);
	r.msgh_body.msgh_descriptor_count = 1;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* A port descriptor where memory belongs. */
	ool_request(&r, data, 32, words, 64);
	r.data.type = MACH_MSG_PORT_DESCRIPTOR;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	ool_request(&r, data, 32, words, 64);
	r.words.type = MACH_MSG_OOL_VOLATILE_DESCRIPTOR;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* The descriptor's size and the count disagree, either way. */
	ool_request(&r, data, 32, words, 64);
	r.data.size = 4096;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	ool_request(&r, data, 32, words, 64);
	r.wordsCnt = 63;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* Past the ^array[*:64] bound, consistently sized. */
	ool_request(&r, data, 32, words, 65);
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
}

static void ports_request(migtest_ports_request_t *r)
{
	head(&r->Head, 4207, sizeof(*r), true);
	r->msgh_body.msgh_descriptor_count = 4;
	r->send = (mach_msg_port_descriptor_t){.name = 0x1000,
	                                       .disposition = MACH_MSG_TYPE_PORT_SEND,
	                                       .type = MACH_MSG_PORT_DESCRIPTOR};
	r->once = (mach_msg_port_descriptor_t){.name = 0x2000,
	                                       .disposition = MACH_MSG_TYPE_PORT_SEND_ONCE,
	                                       .type = MACH_MSG_PORT_DESCRIPTOR};
	r->recv = (mach_msg_port_descriptor_t){.name = 0x3000,
	                                       .disposition = MACH_MSG_TYPE_PORT_RECEIVE,
	                                       .type = MACH_MSG_PORT_DESCRIPTOR};
	r->poly = (mach_msg_port_descriptor_t){.name = 0x4000,
	                                       .disposition = MACH_MSG_TYPE_PORT_SEND,
	                                       .type = MACH_MSG_PORT_DESCRIPTOR};
}

static void test_ports(void)
{
	migtest_ports_request_t r;

	ports_request(&r);
	CHECK(serve(&r, sizeof(r)) == KERN_SUCCESS);
	/* Each right of the wrong kind. */
	ports_request(&r);
	r.send.disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	ports_request(&r);
	r.once.disposition = MACH_MSG_TYPE_PORT_SEND;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	ports_request(&r);
	r.recv.disposition = MACH_MSG_TYPE_PORT_SEND;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* A polymorphic right must still be a right a receiver can hold. */
	static const uint8_t bad_poly[] = {0, MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND,
	                                   255};
	for (size_t i = 0; i < sizeof(bad_poly); i++) {
		ports_request(&r);
		r.poly.disposition = bad_poly[i];
		CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	}
	/* Memory where a port belongs. */
	ports_request(&r);
	r.recv.type = MACH_MSG_OOL_DESCRIPTOR;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* A complex request that is not complex. */
	ports_request(&r);
	r.Head.msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* Cut inside the descriptors. */
	ports_request(&r);
	r.Head.msgh_size = sizeof(r) - 12;
	CHECK(serve(&r, sizeof(r) - 12) == MIG_BAD_ARGUMENTS);
}

static void portarray_request(migtest_portarray_request_t *r, mach_port_t *rights, uint32_t nrights,
                              mach_port_t *once, uint32_t nonce)
{
	head(&r->Head, 4213, sizeof(*r), true);
	r->msgh_body.msgh_descriptor_count = 2;
	r->rights = (mach_msg_ool_ports_descriptor64_t){.address = (uint64_t)(uintptr_t)rights,
	                                                .disposition = MACH_MSG_TYPE_PORT_SEND,
	                                                .type = MACH_MSG_OOL_PORTS_DESCRIPTOR,
	                                                .count = nrights};
	r->once = (mach_msg_ool_ports_descriptor64_t){.address = (uint64_t)(uintptr_t)once,
	                                              .disposition = MACH_MSG_TYPE_PORT_SEND_ONCE,
	                                              .type = MACH_MSG_OOL_PORTS_DESCRIPTOR,
	                                              .count = nonce};
	r->NDR = NDR_RECORD_NATIVE;
	r->rightsCnt = nrights;
	r->onceCnt = nonce;
	r->stateCnt = 6;
}

static void test_port_arrays(void)
{
	static mach_port_t rights[3] = {1, 2, 3}, once[5] = {4, 5, 6, 7, 8};
	migtest_portarray_request_t r;
	migtest_portarray_reply_t *ok = (migtest_portarray_reply_t *)&reply;

	portarray_request(&r, rights, 3, once, 4);
	CHECK(serve(&r, sizeof(r)) == KERN_SUCCESS);
	CHECK(ok->back.type == MACH_MSG_OOL_PORTS_DESCRIPTOR && ok->back.count == 3);
	CHECK(ok->back.disposition == MACH_MSG_TYPE_MOVE_SEND && ok->back.deallocate == 1);
	free((void *)(uintptr_t)ok->back.address);
	/* Memory where port names belong. */
	portarray_request(&r, rights, 3, once, 4);
	r.rights.type = MACH_MSG_OOL_DESCRIPTOR;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* Send-once rights where send rights belong, and the reverse. */
	portarray_request(&r, rights, 3, once, 4);
	r.rights.disposition = MACH_MSG_TYPE_PORT_SEND_ONCE;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	portarray_request(&r, rights, 3, once, 4);
	r.once.disposition = MACH_MSG_TYPE_PORT_SEND;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* The descriptor's count and the inline count disagree. */
	portarray_request(&r, rights, 3, once, 4);
	r.rightsCnt = 2;
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* Past the bound of 4, consistently counted. */
	portarray_request(&r, rights, 3, once, 5);
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);
	/* A CountInOut room beyond the bound is cut to the bound, not refused. */
	portarray_request(&r, rights, 3, once, 4);
	r.stateCnt = 1000;
	CHECK(serve(&r, sizeof(r)) == KERN_SUCCESS);
	CHECK(server_log.state_room == 6);
	free((void *)(uintptr_t)ok->back.address);
}

/* The reply right a routine keeps for later must be the send-once right it declares. */
static void test_reply_rights(void)
{
	migtest_later_request_t r;

	head(&r.Head, 4210, sizeof(r), false);
	r.NDR = NDR_RECORD_NATIVE;
	r.value = 1;
	CHECK(serve(&r, sizeof(r)) == MIG_NO_REPLY);
	CHECK(server_log.later_reply == TEST_REPLY_PORT);
	r.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, MACH_MSG_TYPE_PORT_SEND);
	CHECK(serve(&r, sizeof(r)) == MIG_BAD_ARGUMENTS);

	migtest_ask_request_t a;
	head(&a.Head, 4209, sizeof(a), false);
	a.NDR = NDR_RECORD_NATIVE;
	a.value = 2;
	CHECK(serve(&a, sizeof(a)) == MIG_NO_REPLY);
	a.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_RECEIVE, MACH_MSG_TYPE_PORT_SEND);
	CHECK(serve(&a, sizeof(a)) == MIG_BAD_ARGUMENTS);
}

static void test_trailer(void)
{
	migtest_whoami_request_t r;

	head(&r.Head, 4211, sizeof(r), false);
	CHECK(serve(&r, sizeof(r)) == KERN_SUCCESS);
	harness.minimal_trailer = true;
	CHECK(serve(&r, sizeof(r)) == MIG_TRAILER_ERROR);
	harness.minimal_trailer = false;
}

/* Valid requests of several shapes, then random damage: never a crash or an overread. */
static void test_random_damage(void)
{
	static uint8_t data[8];
	static int32_t words[4];
	_Alignas(8) uint8_t valid[4][sizeof(migtest_strings_request_t) + 16];
	size_t sizes[4];
	migtest_add_request_t add;
	migtest_ool_request_t ool;
	migtest_ports_request_t ports;
	char name[16] = "n";

	add_request(&add);
	memcpy(valid[0], &add, sizes[0] = sizeof(add));
	ool_request(&ool, data, 8, words, 4);
	memcpy(valid[1], &ool, sizes[1] = sizeof(ool));
	ports_request(&ports);
	memcpy(valid[2], &ports, sizes[2] = sizeof(ports));
	sizes[3] = strings_request(valid[3], name, 0, 2, "p", 2);

	unsigned long long seed = 0x6d6967u;
	_Alignas(8) uint8_t msg[sizeof(valid[0])];
	for (int round = 0; round < 20000; round++) {
		int which = (int)(test_rand(&seed) % 4);
		size_t size = sizes[which];
		memcpy(msg, valid[which], size);
		for (int flips = 1 + (int)(test_rand(&seed) % 3); flips > 0; flips--) {
			size_t at = sizeof(mach_msg_header_t) - 4 + test_rand(&seed) % (size - 20);
			msg[at] = (uint8_t)test_rand(&seed);
		}
		/* The kernel, not the sender, makes out-of-line addresses and sizes true. */
		if (which == 1) {
			memcpy(msg + offsetof(migtest_ool_request_t, data), &ool.data, 8);
			memcpy(msg + offsetof(migtest_ool_request_t, words), &ool.words, 8);
			memcpy(msg + offsetof(migtest_ool_request_t, words) + 12, &ool.words.size,
			       4);
			memcpy(msg + offsetof(migtest_ool_request_t, data) + 12, &ool.data.size, 4);
		}
		if (test_rand(&seed) % 4 == 0)
			size = sizeof(mach_msg_header_t) +
			       4 * (test_rand(&seed) % ((size - 24) / 4 + 1));
		mach_msg_size_t s = (mach_msg_size_t)size;
		memcpy(msg + offsetof(mach_msg_header_t, msgh_size), &s, 4);
		int calls = server_log.calls;
		kern_return_t kr = serve(msg, size);
		/* Refused by the stub, or accepted and answered by the routine. */
		CHECK(kr == MIG_BAD_ARGUMENTS || kr == MIG_BAD_ID || server_log.calls == calls + 1);
		if (kr == KERN_SUCCESS && (reply.head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
		    reply.head.msgh_id == 4306)
			free((void *)(uintptr_t)((migtest_ool_reply_t *)&reply)->copy.address);
	}
}

int main(void)
{
	void (*const tests[])(void) = {
	    test_ids,   test_sizes,       test_var_counts,   test_strings, test_ool,
	    test_ports, test_port_arrays, test_reply_rights, test_trailer, test_random_damage,
	};
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		harness_reset();
		memset(&server_log, 0, sizeof(server_log));
		tests[i]();
	}
	return 0;
}
