/*
 * Generated client stubs against malformed replies: a stand-in server
 * answers each request with a reply built by hand, and the client must
 * return the right error, destroy what it will not use, and read nothing
 * outside the reply.
 */
#include <string.h>

#include "harness.h"
#include "mach/notify.h"
#include "host/check.h"
#include "tests/host/mig/migtest.h"

static const char *scenario;

/* The common reply header for `request`. */
static void head(const mach_msg_header_t *request, mach_msg_header_t *h, mach_msg_size_t size,
                 bool complex)
{
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0) |
	               (complex ? MACH_MSGH_BITS_COMPLEX : 0);
	h->msgh_size = size;
	h->msgh_remote_port = request->msgh_remote_port;
	h->msgh_local_port = MACH_PORT_NULL;
	h->msgh_voucher_port = MACH_PORT_NULL;
	h->msgh_id = request->msgh_id + 100;
}

static void var_server(const mach_msg_header_t *request, mach_msg_header_t *out)
{
	migtest_var_reply_t *r = (migtest_var_reply_t *)out;
	size_t size = offsetof(migtest_var_reply_t, reversed) + 3 * 4 + 4;

	head(request, out, (mach_msg_size_t)size, false);
	r->NDR = NDR_RECORD_NATIVE;
	r->RetCode = KERN_SUCCESS;
	r->reversedCnt = 3;
	r->reversed[0] = 1;
	r->reversed[1] = 2;
	r->reversed[2] = 3;
	r->reversed[3] = 99; /* `count`, moved up behind three items */
	if (strcmp(scenario, "id") == 0)
		out->msgh_id++;
	else if (strcmp(scenario, "died") == 0)
		out->msgh_id = MACH_NOTIFY_SEND_ONCE;
	else if (strcmp(scenario, "short") == 0)
		out->msgh_size -= 4;
	else if (strcmp(scenario, "long") == 0)
		out->msgh_size += 4;
	else if (strcmp(scenario, "count") == 0)
		r->reversedCnt = 9;
	else if (strcmp(scenario, "count_past_end") == 0)
		r->reversedCnt = 5;
	else if (strcmp(scenario, "complex") == 0)
		out->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	else if (strcmp(scenario, "retcode") == 0)
		r->RetCode = KERN_FAILURE;
	else if (strcmp(scenario, "error") == 0) {
		out->msgh_size = sizeof(mig_reply_error_t);
		r->RetCode = KERN_NO_SPACE;
	}
}

static void test_var_replies(void)
{
	static const struct {
		const char *scenario;
		kern_return_t expect;
		bool destroyed;
	} cases[] = {
	    {"good", KERN_SUCCESS, false},
	    {"id", MIG_REPLY_MISMATCH, true},
	    {"died", MIG_SERVER_DIED, true},
	    {"short", MIG_TYPE_ERROR, true},
	    {"long", MIG_TYPE_ERROR, true},
	    {"count", MIG_TYPE_ERROR, true},
	    {"count_past_end", MIG_TYPE_ERROR, true},
	    {"complex", MIG_TYPE_ERROR, true},
	    {"retcode", MIG_TYPE_ERROR, true},
	    {"error", KERN_NO_SPACE, false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int32_t items[1] = {0}, reversed[8], count = 0;
		mach_msg_type_number_t n = 8;

		harness_reset();
		harness.fake_server = var_server;
		scenario = cases[i].scenario;
		CHECK(mt_var(TEST_SERVER_PORT, items, 1, 0, reversed, &n, &count) ==
		      cases[i].expect);
		CHECK(harness.destroys == (cases[i].destroyed ? 1 : 0));
		if (cases[i].expect == KERN_SUCCESS)
			CHECK(n == 3 && reversed[2] == 3 && count == 99);
	}
}

static void ports_server(const mach_msg_header_t *request, mach_msg_header_t *out)
{
	migtest_ports_reply_t *r = (migtest_ports_reply_t *)out;

	head(request, out, sizeof(*r), true);
	r->msgh_body.msgh_descriptor_count = 2;
	r->made = (mach_msg_port_descriptor_t){
	    .name = 0x10, .disposition = MACH_MSG_TYPE_MAKE_SEND, .type = MACH_MSG_PORT_DESCRIPTOR};
	r->back = (mach_msg_port_descriptor_t){.name = 0x20,
	                                       .disposition = MACH_MSG_TYPE_MOVE_SEND_ONCE,
	                                       .type = MACH_MSG_PORT_DESCRIPTOR};
	if (strcmp(scenario, "not_complex") == 0)
		out->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX;
	else if (strcmp(scenario, "descriptors") == 0)
		r->msgh_body.msgh_descriptor_count = 3;
	else if (strcmp(scenario, "disposition") == 0)
		r->made.disposition = MACH_MSG_TYPE_MOVE_SEND_ONCE;
	else if (strcmp(scenario, "poly") == 0)
		r->back.disposition = MACH_MSG_TYPE_COPY_RECEIVE;
	else if (strcmp(scenario, "kind") == 0)
		r->back.type = MACH_MSG_OOL_DESCRIPTOR;
	else if (strcmp(scenario, "error") == 0) {
		mig_reply_error_t *e = (mig_reply_error_t *)out;
		head(request, out, sizeof(*e), false);
		e->RetCode = KERN_INVALID_RIGHT;
	} else if (strcmp(scenario, "zero_error") == 0) {
		mig_reply_error_t *e = (mig_reply_error_t *)out;
		head(request, out, sizeof(*e), false);
		e->RetCode = KERN_SUCCESS;
	}
}

static void test_port_replies(void)
{
	static const struct {
		const char *scenario;
		kern_return_t expect;
	} cases[] = {
	    {"good", KERN_SUCCESS},          {"not_complex", MIG_TYPE_ERROR},
	    {"descriptors", MIG_TYPE_ERROR}, {"disposition", MIG_TYPE_ERROR},
	    {"poly", MIG_TYPE_ERROR},        {"kind", MIG_TYPE_ERROR},
	    {"error", KERN_INVALID_RIGHT},   {"zero_error", MIG_TYPE_ERROR},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mach_port_t made = 0, back = 0;
		mach_msg_type_name_t backPoly = 0;

		harness_reset();
		harness.fake_server = ports_server;
		scenario = cases[i].scenario;
		CHECK(mt_ports(TEST_SERVER_PORT, 1, 2, 3, 4, MACH_MSG_TYPE_COPY_SEND, &made, &back,
		               &backPoly) == cases[i].expect);
		if (cases[i].expect == KERN_SUCCESS)
			CHECK(made == 0x10 && back == 0x20 &&
			      backPoly == MACH_MSG_TYPE_PORT_SEND_ONCE);
	}
}

static void ool_server(const mach_msg_header_t *request, mach_msg_header_t *out)
{
	static uint8_t memory[16];
	migtest_ool_reply_t *r = (migtest_ool_reply_t *)out;

	head(request, out, sizeof(*r), true);
	r->msgh_body.msgh_descriptor_count = 1;
	r->copy = (mach_msg_ool_descriptor64_t){.address = (uint64_t)(uintptr_t)memory,
	                                        .copy = MACH_MSG_VIRTUAL_COPY,
	                                        .type = MACH_MSG_OOL_DESCRIPTOR,
	                                        .size = 16};
	r->NDR = NDR_RECORD_NATIVE;
	r->copyCnt = 16;
	r->sum = 5;
	if (strcmp(scenario, "lying_size") == 0)
		r->copy.size = 17;
	else if (strcmp(scenario, "lying_count") == 0)
		r->copyCnt = 15;
}

static void string_server(const mach_msg_header_t *request, mach_msg_header_t *out)
{
	migtest_strings_reply_t *r = (migtest_strings_reply_t *)out;
	uint8_t *p = (uint8_t *)&r->greeting;

	head(request, out, 0, false);
	r->NDR = NDR_RECORD_NATIVE;
	r->RetCode = KERN_SUCCESS;
	r->greetingOffset = 0;
	r->greetingCnt = 4;
	memcpy(p, "hi!", 4);
	memcpy(p + 4, "UPPER", 6);
	memset(p + 10, 0, 6);
	if (strcmp(scenario, "unterminated") == 0)
		memcpy(p, "hi!!", 4);
	else if (strcmp(scenario, "fixed_unterminated") == 0)
		memset(p + 4, 'U', 16);
	out->msgh_size = (mach_msg_size_t)(p + 4 + 16 - (uint8_t *)r);
}

static void test_ool_and_string_replies(void)
{
	uint8_t *copy = NULL;
	mach_msg_type_number_t copyCnt = 0;
	uint32_t sum = 0;
	uint8_t data[1] = {0};
	int32_t words[1] = {0};

	static const char *const ool_cases[] = {"good", "lying_size", "lying_count"};
	for (size_t i = 0; i < 3; i++) {
		harness_reset();
		harness.fake_server = ool_server;
		scenario = ool_cases[i];
		kern_return_t kr =
		    mt_ool(TEST_SERVER_PORT, data, 1, words, 1, &copy, &copyCnt, &sum);
		CHECK(kr == (i == 0 ? KERN_SUCCESS : MIG_TYPE_ERROR));
		CHECK(harness.destroys == (i == 0 ? 0 : 1));
		if (i == 0)
			CHECK(copyCnt == 16 && sum == 5 && copy != NULL);
	}

	char greeting[64], upper[16];
	static const char *const string_cases[] = {"good", "unterminated", "fixed_unterminated"};
	for (size_t i = 0; i < 3; i++) {
		harness_reset();
		harness.fake_server = string_server;
		scenario = string_cases[i];
		kern_return_t kr = mt_strings(TEST_SERVER_PORT, "a", "b", 1, greeting, upper);
		CHECK(kr == (i == 0 ? KERN_SUCCESS : MIG_TYPE_ERROR));
		if (i == 0)
			CHECK(strcmp(greeting, "hi!") == 0 && strcmp(upper, "UPPER") == 0);
	}
}

static void test_receive_errors(void)
{
	/* The server never answers: the stub reports the receive error, retires the port. */
	int32_t pid;
	harness_reset();
	harness.fail_with = MACH_RCV_TOO_LARGE;
	CHECK(mt_whoami(TEST_SERVER_PORT, &pid) == MACH_RCV_TOO_LARGE);
	CHECK(harness.reply_port_deallocs == 1);
	harness.fail_with = MACH_SEND_INVALID_REPLY;
	CHECK(mt_whoami(TEST_SERVER_PORT, &pid) == MACH_SEND_INVALID_REPLY);
	CHECK(harness.reply_port_deallocs == 2);
}

int main(void)
{
	test_var_replies();
	test_port_replies();
	test_ool_and_string_replies();
	test_receive_errors();
	return 0;
}
