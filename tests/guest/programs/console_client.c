/*
 * console_test's client of the console driver (drivers/console), started by
 * the bootstrap after it, with host_priv only to power the machine off at
 * the end. Everything it prints goes through console_write.
 *
 * It writes a line, sends malformed requests (unknown ids, a forged
 * interrupt message, lying counts, wrong shapes, a message too large for
 * the driver, listeners that are no port or the service itself) and checks
 * each error, and that the driver still serves. Its first listener reads
 * the line the test typed before the driver started, which the driver kept
 * for whoever would listen. Then it names a listener and destroys it, asks
 * for input ("type now") and names a third listener only after waiting:
 * what was typed meanwhile was kept by the driver, not lost with the dead
 * listener.
 * That listener's queue holds one message, and the client lets input pile
 * up before it reads ("listening"), so the driver must keep what the queue
 * refused and send it later. Each line read is written back upper-cased as
 * `console_client: got "LINE"`, until the line "quit".
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <mach/mach.h>
#include <mach/notify.h>
#include <mach/tessera_device.h>
#include <mach/task_special_ports.h>

#include "drivers/console/console.h"
#include "drivers/console/console_inputServer.h"
#include "userland/bootstrap/bootstrap.h"
#include "userland/bootstrap/format.h"

#define HOST_REBOOT_HALT      0x8 /* host_reboot: power off */
#define MACH_PORT_LIMITS_INFO 1
#define LINE_MAX              512
#define EARLY_WAIT_MS         3000 /* time to type before the listener exists */
#define PILE_UP_MS            2000 /* time input piles up before the client reads */

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

static mach_port_t console;
static char line[LINE_MAX];
static size_t line_len;
static int lines_read;
static bool quit;
static bool overlong; /* a line did not fit in `line` */

/* Formats and writes through console_write, with '\n' as "\r\n" (the driver changes nothing). */
static kern_return_t say(const char *format, ...) __attribute__((format(printf, 1, 2)));
static kern_return_t say(const char *format, ...)
{
	char text[LINE_MAX + 64], out[2 * sizeof(text)];
	va_list ap;
	size_t n = 0;
	uint32_t written = 0;

	va_start(ap, format);
	size_t len = bootstrap_vformat(text, sizeof(text), format, ap);
	va_end(ap);
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			out[n++] = '\r';
		out[n++] = text[i];
	}
	kern_return_t kr = console_write(console, (const uint8_t *)out, (uint32_t)n, &written);
	return kr == KERN_SUCCESS && written != n ? KERN_FAILURE : kr;
}

/* Waits `ms` milliseconds: a receive that nothing will satisfy. */
static void pause_ms(mach_msg_timeout_t ms)
{
	mach_port_t port;
	mach_msg_header_t m;

	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port) != KERN_SUCCESS)
		return;
	mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), port, ms, MACH_PORT_NULL);
	mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
}

/*
 * Sends m (size bytes, bits as given for the header's rights) to the driver
 * with a reply port and returns the reply's RetCode; MIG_SERVER_DIED when the
 * request was destroyed unanswered (its reply right came back as a send-once
 * notification).
 */
static kern_return_t raw_call(mach_msg_header_t *m, mach_msg_size_t size, mach_msg_bits_t bits)
{
	union {
		mig_reply_error_t error;
		uint8_t room[256];
	} reply;

	m->msgh_bits = bits | MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->msgh_size = size;
	m->msgh_remote_port = console;
	m->msgh_local_port = mig_get_reply_port();
	mach_msg_return_t mr = mach_msg(m, MACH_SEND_MSG, size, 0, MACH_PORT_NULL,
	                                MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = mach_msg(&reply.error.Head, MACH_RCV_MSG, 0, sizeof(reply), m->msgh_local_port,
	              MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (reply.error.Head.msgh_id == MACH_NOTIFY_SEND_ONCE)
		return MIG_SERVER_DIED;
	if (reply.error.Head.msgh_id != m->msgh_id + 100)
		return MIG_REPLY_MISMATCH;
	return reply.error.RetCode;
}

/* A console_write request with `count` claimed and `bytes` of data actually sent. */
static kern_return_t raw_write(mach_msg_id_t id, uint32_t count, size_t bytes, mach_msg_bits_t bits)
{
	static console_console_write_request_t r;

	memset(&r, 'x', sizeof(r));
	memset(&r.Head, 0, sizeof(r.Head));
	r.Head.msgh_id = id;
	r.NDR = NDR_RECORD_NATIVE;
	r.dataCnt = count;
	return raw_call(&r.Head,
	                (mach_msg_size_t)(offsetof(console_console_write_request_t, data) +
	                                  ((bytes + 3) & ~(size_t)3)),
	                bits);
}

/* A console_listen request naming `port` with `disposition`, complex or not as told. */
static kern_return_t raw_listen(mach_port_t port, mach_msg_type_name_t disposition,
                                mach_msg_bits_t bits)
{
	console_console_listen_request_t r;

	memset(&r, 0, sizeof(r));
	r.Head.msgh_id = 8201;
	r.msgh_body.msgh_descriptor_count = 1;
	r.listener.name = port;
	r.listener.disposition = disposition;
	r.listener.type = MACH_MSG_PORT_DESCRIPTOR;
	return raw_call(&r.Head, sizeof(r), bits);
}

/* Requests of the wrong shape or with wrong rights get errors, and the driver goes on. */
static int malformed(void)
{
	static uint8_t huge[8192];
	struct device_interrupt_message forged;

	CHECK(10, raw_write(8209, 4, 4, 0) == MIG_BAD_ID);
	CHECK(11, raw_write(8300, 4, 4, 0) == MIG_BAD_ID); /* a reply's id */
	memset(&forged, 0, sizeof(forged));
	forged.Head.msgh_id = DEVICE_INTERRUPT_MSG_ID;
	forged.intid = 33;
	CHECK(12, raw_call(&forged.Head, sizeof(forged), 0) == MIG_BAD_ID);
	CHECK(13, raw_write(8200, 100, 8, 0) == MIG_BAD_ARGUMENTS); /* more than was sent */
	CHECK(14, raw_write(8200, 2, 8, 0) == MIG_BAD_ARGUMENTS);   /* less than was sent */
	CHECK(15, raw_write(8200, 5000, 4096, 0) == MIG_BAD_ARGUMENTS);
	CHECK(16, raw_write(8200, 0, 0, MACH_MSGH_BITS_COMPLEX) == MIG_BAD_ARGUMENTS);
	CHECK(17, raw_listen(console, MACH_MSG_TYPE_COPY_SEND, 0) == MIG_BAD_ARGUMENTS);
	/* The service itself as the listener: input would come back as requests. */
	CHECK(18, raw_listen(console, MACH_MSG_TYPE_COPY_SEND, MACH_MSGH_BITS_COMPLEX) ==
	              KERN_INVALID_RIGHT);
	CHECK(19, console_listen(console, MACH_PORT_NULL) == KERN_INVALID_RIGHT);
	/* Larger than any request: the driver's receive drops it, the reply right comes back. */
	mach_msg_header_t *h = (mach_msg_header_t *)huge;
	h->msgh_id = 8200;
	CHECK(20, raw_call(h, sizeof(huge), 0) == MIG_SERVER_DIED);
	uint32_t written = 1;
	CHECK(21, console_write(console, NULL, 0, &written) == KERN_SUCCESS && written == 0);
	CHECK(22, say("console_client: malformed requests refused\n") == KERN_SUCCESS);
	return 0;
}

kern_return_t do_console_input(mach_port_t listener, const uint8_t *data,
                               mach_msg_type_number_t dataCnt)
{
	(void)listener;
	for (mach_msg_type_number_t i = 0; i < dataCnt && !quit; i++) {
		char c = (char)data[i];
		if (c != '\r' && c != '\n') {
			if (line_len < sizeof(line) - 1)
				line[line_len++] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
			else
				overlong = true;
			continue;
		}
		if (line_len == 0)
			continue; /* the second half of "\r\n" */
		line[line_len] = '\0';
		line_len = 0;
		lines_read++;
		if (strcmp(line, "QUIT") == 0)
			quit = true;
		else
			say("console_client: got \"%s\"\n", line);
	}
	return KERN_SUCCESS;
}

static int run(void)
{
	mach_port_t bp, first, dead, listener;
	uint32_t written = 0;
	static const char hello[] = "console_client: hello through console_write\r\n";

	CHECK(1, task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &bp) == KERN_SUCCESS);
	CHECK(2, bootstrap_look_up(bp, "console", &console) == KERN_SUCCESS);
	CHECK(3, console_write(console, (const uint8_t *)hello, sizeof(hello) - 1, &written) ==
	             KERN_SUCCESS);
	CHECK(4, written == sizeof(hello) - 1);
	int failed = malformed();
	if (failed != 0)
		return failed;

	/* The first listener gets the line typed before the driver (and any listener) existed. */
	CHECK(30, mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &first) ==
	              KERN_SUCCESS);
	CHECK(31, console_listen(console, first) == KERN_SUCCESS);
	while (lines_read == 0)
		CHECK(32, mach_msg_server_once(console_input_server, console_input_MAX_REQUEST_SIZE,
		                               first, 0) == MACH_MSG_SUCCESS);

	/* A listener that dies before more input: the driver must drop it and keep the bytes. */
	CHECK(33,
	      mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &dead) == KERN_SUCCESS);
	CHECK(34, console_listen(console, dead) == KERN_SUCCESS);
	CHECK(35, mach_port_mod_refs(mach_task_self(), dead, MACH_PORT_RIGHT_RECEIVE, -1) ==
	              KERN_SUCCESS);
	CHECK(36, say("console_client: type now\n") == KERN_SUCCESS);
	pause_ms(EARLY_WAIT_MS);

	/* A listener whose queue takes one message at a time. */
	integer_t limit = 1;
	CHECK(37, mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &listener) ==
	              KERN_SUCCESS);
	CHECK(38, mach_port_set_attributes(mach_task_self(), listener, MACH_PORT_LIMITS_INFO,
	                                   &limit, 1) == KERN_SUCCESS);
	CHECK(39, console_listen(console, listener) == KERN_SUCCESS);
	CHECK(40, say("console_client: listening\n") == KERN_SUCCESS);
	pause_ms(PILE_UP_MS);
	while (!quit)
		CHECK(41, mach_msg_server_once(console_input_server, console_input_MAX_REQUEST_SIZE,
		                               listener, 0) == MACH_MSG_SUCCESS);
	/* The first listener was replaced: the driver sent it nothing more. */
	union {
		mach_msg_header_t head;
		uint8_t room[console_input_MAX_REQUEST_SIZE + MAX_TRAILER_SIZE];
	} leftover;
	CHECK(42, mach_msg(&leftover.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(leftover),
	                   first, 0, MACH_PORT_NULL) == MACH_RCV_TIMED_OUT);
	CHECK(43, !overlong);
	CHECK(44, say("console_client: %d lines read\n", lines_read) == KERN_SUCCESS);
	return 0;
}

int main(void)
{
	mach_init();
	int failed = run();
	if (failed == 0)
		say("console_client: all checks passed\n");
	else
		say("console_client: check %d failed\n", failed);
	host_reboot(mach_host_self(), HOST_REBOOT_HALT);
	task_terminate(mach_task_self());
	return failed;
}
