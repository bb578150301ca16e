/*
 * Generated client stubs talking to generated server stubs through the
 * harness's mach_msg: every kind of argument goes there and back intact,
 * and every client-side limit answers the documented error.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "host/check.h"
#include "tests/host/mig/migtest.h"
#include "migtest_server.h"

static void test_scalars(void)
{
	int64_t sum = 0;
	CHECK(mt_add(TEST_SERVER_PORT, -5, 1LL << 40, &sum) == KERN_SUCCESS);
	CHECK(sum == (1LL << 40) - 5);
	CHECK(server_log.request_port == TEST_SERVER_PORT);

	uint32_t acc = 10;
	boolean_t flag = 0;
	point_t moved = {0, 0};
	CHECK(mt_scalars(TEST_SERVER_PORT, 'x', -3, &acc, (point_t){7, -9}, &flag, &moved) ==
	      KERN_SUCCESS);
	CHECK(flag == 1 && acc == 7 && moved.x == 8 && moved.y == -8);
	CHECK(mt_scalars(TEST_SERVER_PORT, 'y', 2, &acc, (point_t){0, 0}, &flag, &moved) ==
	      KERN_SUCCESS);
	CHECK(flag == 0 && acc == 9);
}

static void test_fixed(void)
{
	const int32_t vec[4] = {1, -2, 3, 1 << 29};
	int32_t doubled[4];
	uint8_t bytes[3] = {0x00, 0x0f, 0xff};
	CHECK(mt_fixed(TEST_SERVER_PORT, vec, doubled, bytes) == KERN_SUCCESS);
	CHECK(doubled[0] == 2 && doubled[1] == -4 && doubled[2] == 6 && doubled[3] == 1 << 30);
	CHECK(bytes[0] == 0xff && bytes[1] == 0xf0 && bytes[2] == 0x00);
}

static void test_var(void)
{
	const int32_t items[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	int32_t reversed[8];
	mach_msg_type_number_t n;
	int32_t count;

	/* Every length, so the item after the array lands at every offset. */
	for (mach_msg_type_number_t len = 0; len <= 8; len++) {
		n = 8;
		memset(reversed, 0, sizeof(reversed));
		CHECK(mt_var(TEST_SERVER_PORT, items, len, 100, reversed, &n, &count) ==
		      KERN_SUCCESS);
		CHECK(n == len && count == 100 + (int32_t)len);
		for (mach_msg_type_number_t i = 0; i < len; i++)
			CHECK(reversed[i] == items[len - 1 - i]);
	}
	/* Past the bound: refused before sending. */
	int32_t nine[9] = {0};
	int calls = server_log.calls;
	n = 8;
	CHECK(mt_var(TEST_SERVER_PORT, nine, 9, 0, reversed, &n, &count) == MIG_ARRAY_TOO_LARGE);
	CHECK(server_log.calls == calls);
	/* The caller's buffer holds fewer elements than the reply carries. */
	n = 2;
	CHECK(mt_var(TEST_SERVER_PORT, items, 5, 0, reversed, &n, &count) == MIG_ARRAY_TOO_LARGE);
	CHECK(harness.destroys == 1);
}

static void test_strings(void)
{
	char greeting[64], upper[16];
	CHECK(mt_strings(TEST_SERVER_PORT, "tess", "/usr/lib", 7, greeting, upper) == KERN_SUCCESS);
	CHECK(strcmp(greeting, "tess@/usr/lib#7") == 0);
	CHECK(strcmp(upper, "TESS") == 0);
	/* Longest that fit: 15 + NUL and 63 + NUL. */
	char name[16], path[64];
	memset(name, 'n', 15);
	name[15] = '\0';
	memset(path, 'p', 63);
	path[63] = '\0';
	CHECK(mt_strings(TEST_SERVER_PORT, name, "", 1, greeting, upper) == KERN_SUCCESS);
	CHECK(strcmp(upper, "NNNNNNNNNNNNNNN") == 0);
	CHECK(mt_strings(TEST_SERVER_PORT, "", path, 1, greeting, upper) == KERN_SUCCESS);
	CHECK(strlen(greeting) == 63);
	/* One more does not. */
	char long_name[17], long_path[65];
	memset(long_name, 'n', 16);
	long_name[16] = '\0';
	memset(long_path, 'p', 64);
	long_path[64] = '\0';
	CHECK(mt_strings(TEST_SERVER_PORT, long_name, "", 1, greeting, upper) ==
	      MIG_ARRAY_TOO_LARGE);
	CHECK(mt_strings(TEST_SERVER_PORT, "", long_path, 1, greeting, upper) ==
	      MIG_ARRAY_TOO_LARGE);
	/* The server's own error comes back as the result. */
	CHECK(mt_strings(TEST_SERVER_PORT, "a", "b", -1, greeting, upper) == KERN_INVALID_ARGUMENT);
}

static void test_ool(void)
{
	uint8_t data[300];
	int32_t words[64];
	for (int i = 0; i < 300; i++)
		data[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		words[i] = i;
	uint8_t *copy = NULL;
	mach_msg_type_number_t copyCnt = 0;
	uint32_t sum = 0;
	CHECK(mt_ool(TEST_SERVER_PORT, data, 300, words, 64, &copy, &copyCnt, &sum) ==
	      KERN_SUCCESS);
	uint32_t expect = 0;
	for (int i = 0; i < 300; i++)
		expect += (uint8_t)i;
	expect += 63 * 64 / 2;
	CHECK(sum == expect && copyCnt == 300 && copy != NULL);
	for (int i = 0; i < 300; i++)
		CHECK(copy[i] == (uint8_t)(i + 1));
	free(copy);
	/* The bounded out-of-line array refuses a 65th word. */
	int32_t more[65] = {0};
	CHECK(mt_ool(TEST_SERVER_PORT, data, 1, more, 65, &copy, &copyCnt, &sum) ==
	      MIG_ARRAY_TOO_LARGE);
}

static void test_ports(void)
{
	mach_port_t made = 0, back = 0;
	mach_msg_type_name_t backPoly = 0;
	CHECK(mt_ports(TEST_SERVER_PORT, 0x1000, 0x2000, 0x3000, 0x4000, MACH_MSG_TYPE_MAKE_SEND,
	               &made, &back, &backPoly) == KERN_SUCCESS);
	CHECK(made == 0x1001 && back == 0x3000);
	/* The received type of a right moved as MOVE_RECEIVE. */
	CHECK(backPoly == MACH_MSG_TYPE_PORT_RECEIVE);
	CHECK(server_log.once == 0x2000 && server_log.recv == 0x3000 && server_log.poly == 0x4000);
	CHECK(server_log.poly_type == MACH_MSG_TYPE_PORT_SEND);
	CHECK(mt_ports(TEST_SERVER_PORT, 0x1000, 0x2000, 0x3000, 0x4000,
	               MACH_MSG_TYPE_MAKE_SEND_ONCE, &made, &back, &backPoly) == KERN_SUCCESS);
	CHECK(server_log.poly_type == MACH_MSG_TYPE_PORT_SEND_ONCE);
}

static void test_port_arrays(void)
{
	const mach_port_t rights[3] = {0x10, 0x20, 0x30};
	const mach_port_t once[1] = {0x40};
	mach_port_t *back = NULL;
	mach_msg_type_number_t backCnt = 0;
	int32_t state[8];
	mach_msg_type_number_t stateCnt = 4;

	CHECK(mt_portarray(TEST_SERVER_PORT, rights, 3, once, 1, &back, &backCnt, state,
	                   &stateCnt) == KERN_SUCCESS);
	CHECK(server_log.rights == 3 && server_log.onces == 1 && server_log.first_once == 0x40);
	CHECK(backCnt == 3 && back[0] == 0x11 && back[1] == 0x21 && back[2] == 0x31);
	free(back);
	/* CountInOut: the server sees the client's room, at most the bound. */
	CHECK(server_log.state_room == 4 && stateCnt == 4 && state[3] == 30);
	stateCnt = 8;
	CHECK(mt_portarray(TEST_SERVER_PORT, rights, 0, once, 0, &back, &backCnt, state,
	                   &stateCnt) == KERN_SUCCESS);
	CHECK(server_log.state_room == 6 && stateCnt == 6 && state[5] == 50 && backCnt == 0);
	free(back);
	/* Past the ^array[*:4] bound. */
	const mach_port_t five[5] = {1, 2, 3, 4, 5};
	CHECK(mt_portarray(TEST_SERVER_PORT, rights, 3, five, 5, &back, &backCnt, state,
	                   &stateCnt) == MIG_ARRAY_TOO_LARGE);
}

static void test_simple(void)
{
	CHECK(mt_note(TEST_SERVER_PORT, 77) == KERN_SUCCESS);
	CHECK(server_log.note == 77);
	CHECK(harness.last_option == MACH_SEND_MSG);
	CHECK(harness.last_retcode == MIG_NO_REPLY);
	CHECK(mt_ask(TEST_SERVER_PORT, 0x5000, 42) == KERN_SUCCESS);
	CHECK(server_log.answer == 0x5000 && server_log.asked == 42);
}

static void answer_later(void)
{
	CHECK(server_log.later_reply == TEST_REPLY_PORT);
	CHECK(do_later_reply(server_log.later_reply, KERN_SUCCESS, server_log.later_value * 3) ==
	      KERN_SUCCESS);
}

static void answer_later_with_error(void)
{
	CHECK(do_later_reply(server_log.later_reply, KERN_NO_ACCESS, 0) == KERN_SUCCESS);
}

static void test_deferred(void)
{
	int32_t result = 0;
	harness.on_wait = answer_later;
	CHECK(mt_later(TEST_SERVER_PORT, 14, &result) == KERN_SUCCESS);
	CHECK(result == 42);
	harness.on_wait = answer_later_with_error;
	CHECK(mt_later(TEST_SERVER_PORT, 14, &result) == KERN_NO_ACCESS);
	/* Nobody answers: the receive fails and the reply port is retired. */
	harness.on_wait = NULL;
	CHECK(mt_later(TEST_SERVER_PORT, 14, &result) == MACH_RCV_TIMED_OUT);
	CHECK(harness.reply_port_deallocs == 1);
}

static void test_audit_and_options(void)
{
	int32_t pid = 0;
	CHECK(mt_whoami(TEST_SERVER_PORT, &pid) == KERN_SUCCESS);
	CHECK(pid == TEST_AUDIT_PID);
	harness.minimal_trailer = true;
	CHECK(mt_whoami(TEST_SERVER_PORT, &pid) == MIG_TRAILER_ERROR);
	harness.minimal_trailer = false;
	CHECK((migtest_RCV_OPTIONS & MACH_RCV_TRAILER_ELEMENTS(0xf)) ==
	      MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_AUDIT));

	/* ping comes after `msgoption MACH_SEND_INTERRUPT`; whoami before it. */
	CHECK(mt_ping(TEST_SERVER_PORT) == KERN_SUCCESS);
	CHECK(harness.last_option == (MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_INTERRUPT));
	CHECK(mt_whoami(TEST_SERVER_PORT, &pid) == KERN_SUCCESS);
	CHECK(harness.last_option == (MACH_SEND_MSG | MACH_RCV_MSG));

	/* A send failure comes back unchanged and keeps the reply port. */
	harness.fail_with = MACH_SEND_INVALID_DEST;
	CHECK(mt_ping(TEST_SERVER_PORT) == MACH_SEND_INVALID_DEST);
	CHECK(harness.reply_port_deallocs == 0);
	harness.fail_with = 0;
}

static void test_names(void)
{
	static const struct {
		mach_msg_id_t id;
		const char *name;
	} expect[] = {
	    {4200, "migtest.add"},       {4201, "migtest.scalars"}, {4203, "migtest.fixed"},
	    {4204, "migtest.var"},       {4205, "migtest.strings"}, {4206, "migtest.ool"},
	    {4207, "migtest.ports"},     {4208, "migtest.note"},    {4209, "migtest.ask"},
	    {4210, "migtest.later"},     {4211, "migtest.whoami"},  {4212, "migtest.ping"},
	    {4213, "migtest.portarray"},
	};
	CHECK(migtest_routine_name_count == sizeof(expect) / sizeof(expect[0]));
	for (unsigned int i = 0; i < migtest_routine_name_count; i++) {
		CHECK(migtest_routine_names[i].id == expect[i].id);
		CHECK(strcmp(migtest_routine_names[i].name, expect[i].name) == 0);
	}
}

int main(void)
{
	void (*const tests[])(void) = {
	    test_scalars, test_fixed,       test_var,    test_strings,  test_ool,
	    test_ports,   test_port_arrays, test_simple, test_deferred, test_audit_and_options,
	    test_names,
	};
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		harness_reset();
		memset(&server_log, 0, sizeof(server_log));
		tests[i]();
	}
	return 0;
}
