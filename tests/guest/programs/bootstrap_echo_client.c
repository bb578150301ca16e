/*
 * bootstrap_test's client: started by the bootstrap after
 * bootstrap_echo_server, with host_priv so it can print on the early
 * console. It looks up "test.echo", calls the server, checks the name
 * service's refusals (another server's service, unknown and malformed names,
 * names in use), then tells the server to exit and sends to the same port
 * again: the port stays alive, the bootstrap holds it again, and the
 * messages wait there; malformed requests are refused. Prints "bootstrap_echo_client: all checks
 * passed" or the first failed check.
 */
#include <stddef.h>
#include <string.h>

#include <mach/mach.h>
#include <mach/task_special_ports.h>

#include "tests/guest/bootstrap_echo.h"
#include "userland/bootstrap/bootstrap.h"
#include "userland/bootstrap/early_console.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

/*
 * Sends a look-up request built by hand, with `count` as the name's count and
 * `name` copied as it is, and returns the reply's RetCode (or the mach_msg error).
 */
static kern_return_t raw_look_up(mach_port_t bp, mach_msg_id_t id, uint32_t count, const char *name,
                                 size_t name_bytes)
{
	union {
		bootstrap_bootstrap_look_up_request_t request;
		mig_reply_error_t reply;
		char room[512];
	} m;

	memset(&m, 0, sizeof(m));
	m.request.Head.msgh_bits =
	    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.request.Head.msgh_size =
	    (mach_msg_size_t)(offsetof(bootstrap_bootstrap_look_up_request_t, name) +
	                      ((name_bytes + 3) & ~(size_t)3));
	m.request.Head.msgh_remote_port = bp;
	m.request.Head.msgh_local_port = mig_get_reply_port();
	m.request.Head.msgh_id = id;
	m.request.NDR = NDR_RECORD_NATIVE;
	m.request.nameCnt = count;
	memcpy(m.request.name, name, name_bytes);
	mach_msg_return_t mr = mach_msg(
	    &m.request.Head, MACH_SEND_MSG | MACH_RCV_MSG, m.request.Head.msgh_size, sizeof(m),
	    m.request.Head.msgh_local_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (m.reply.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		mach_msg_destroy(&m.reply.Head);
		return KERN_SUCCESS;
	}
	return m.reply.RetCode;
}

static int run(void)
{
	mach_port_t bp, echo, again, port;
	char answer[128];

	CHECK(1,
	      task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &bp) == KERN_SUCCESS &&
	          MACH_PORT_VALID(bp));

	/* 2-3: the service, and RPCs its server answers. */
	CHECK(2,
	      bootstrap_look_up(bp, "test.echo", &echo) == KERN_SUCCESS && MACH_PORT_VALID(echo));
	const char *words[] = {"one", "two", "three"};
	for (int i = 0; i < 3; i++) {
		char expected[32] = "echo: ";
		strcat(expected, words[i]);
		CHECK(3, echo_string(echo, words[i], answer) == KERN_SUCCESS);
		CHECK(3, strcmp(answer, expected) == 0);
	}
	int32_t failed = -1;
	/* The server's own checks, 7 among them: the boot volume shared with it read-only. */
	CHECK(4, echo_checks(echo, &failed) == KERN_SUCCESS && failed == 0);

	/* 5-6: the name service's refusals. */
	CHECK(5, bootstrap_check_in(bp, "test.echo", &again) == BOOTSTRAP_NOT_PRIVILEGED);
	CHECK(6, bootstrap_look_up(bp, "no.such.service", &again) == BOOTSTRAP_UNKNOWN_SERVICE);
	CHECK(6, bootstrap_look_up(bp, "", &again) == BOOTSTRAP_UNKNOWN_SERVICE);
	CHECK(6, bootstrap_look_up(bp, "two words", &again) == BOOTSTRAP_UNKNOWN_SERVICE);

	/* 7-8: a registered service: found, not taken twice, not checked in. */
	CHECK(7,
	      mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port) == KERN_SUCCESS);
	CHECK(7, mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND) ==
	             KERN_SUCCESS);
	CHECK(7, bootstrap_register(bp, "test.client", port) == KERN_SUCCESS);
	CHECK(7, bootstrap_look_up(bp, "test.client", &again) == KERN_SUCCESS && again == port);
	CHECK(8, bootstrap_register(bp, "test.client", port) == BOOTSTRAP_NAME_IN_USE);
	CHECK(8, bootstrap_register(bp, "test.echo", port) == BOOTSTRAP_NAME_IN_USE);
	CHECK(8, bootstrap_register(bp, "test.null", MACH_PORT_NULL) != KERN_SUCCESS);
	CHECK(8, bootstrap_check_in(bp, "test.client", &again) == BOOTSTRAP_UNKNOWN_SERVICE);

	/*
	 * 9-10: the server exits. A note sent at once most likely waits on the port while the
	 * server still holds it, and travels back to the bootstrap with the right; one sent later
	 * waits on the port the bootstrap holds. The port lives on, under the same name.
	 */
	CHECK(9, echo_exit(echo) == KERN_SUCCESS);
	CHECK(10, echo_note(echo, 1) == KERN_SUCCESS);
	for (int i = 0; i < 200; i++)
		thread_switch(MACH_PORT_NULL, 0, 0);
	mach_port_type_t type = 0;
	CHECK(9, mach_port_type(mach_task_self(), echo, &type) == KERN_SUCCESS &&
	             type == MACH_PORT_TYPE_SEND);
	CHECK(9, bootstrap_look_up(bp, "test.echo", &again) == KERN_SUCCESS && again == echo);
	CHECK(10, echo_note(echo, 2) == KERN_SUCCESS);

	/* 11: malformed requests are refused, and the bootstrap goes on serving. */
	CHECK(11, raw_look_up(bp, 8009, 10, "test.echo", 10) == MIG_BAD_ID);
	CHECK(11, raw_look_up(bp, 8001, 9, "test.echo", 9) != KERN_SUCCESS); /* no NUL */
	CHECK(11, raw_look_up(bp, 8001, 200, "test.echo", 10) != KERN_SUCCESS);
	CHECK(11, raw_look_up(bp, 8001, 10, "test.echo", 10) == KERN_SUCCESS);
	return 0;
}

int main(int argc, char **argv, char **envp, char **apple)
{
	(void)argc;
	(void)argv;
	(void)envp;
	mach_init();
	early_console_init(mach_host_self());
	int failed = run();
	/* 12: without `boot_volume` in its line, apple[] names no volume. */
	if (failed == 0 && apple[1] != NULL)
		failed = 12;
	if (failed == 0)
		early_console_printf("bootstrap_echo_client: all checks passed\n");
	else
		early_console_printf("bootstrap_echo_client: check %d failed\n", failed);
	task_terminate(mach_task_self());
	return failed;
}
