/*
 * Test scaffolding for the generated stubs: a one-process stand-in for the
 * kernel's mach_msg (and for libSystem's reply-port and destroy calls). A
 * request sent to TEST_SERVER_PORT is delivered to migtest_server() as the
 * kernel would deliver it (header ports swapped, dispositions turned into
 * received types, a trailer after the body, in a buffer of exactly that
 * size), and the reply comes back to the client the same way.
 */
#ifndef MIGTEST_HARNESS_H
#define MIGTEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#include "mach/mig.h"

#define TEST_SERVER_PORT 0x0103u
#define TEST_REPLY_PORT  0x0207u
#define TEST_AUDIT_PID   4242u /* audit_token_t.val[5] */

struct harness {
	mach_msg_option_t last_option; /* of the last mach_msg call */
	int destroys;                  /* mach_msg_destroy calls */
	int reply_port_deallocs;       /* mig_dealloc_reply_port calls */
	bool minimal_trailer;          /* deliver requests without the audit trailer */
	mach_msg_return_t fail_with;   /* nonzero: mach_msg fails at once with this */
	kern_return_t last_retcode;    /* the server's RetCode, MIG_NO_REPLY included */
	/* Stands in for the server when set: writes the raw reply to `request`. */
	void (*fake_server)(const mach_msg_header_t *request, mach_msg_header_t *reply);
	/* Runs when the client waits and no reply is queued (deferred replies). */
	void (*on_wait)(void);
};

extern struct harness harness;

void harness_reset(void);

/*
 * Hands `size` bytes of an already-delivered request to migtest_server(),
 * with an audit trailer (or a minimal one) right after them, and copies the
 * reply into `reply` (migtest_MAX_REPLY_SIZE bytes). Returns migtest_server's
 * result.
 */
bool harness_serve_raw(const void *request, size_t size, mach_msg_header_t *reply);

#endif
