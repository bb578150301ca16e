/*
 * The MIG reply port: one receive right per thread, made on the thread's
 * first RPC and kept in its TSD slot TSD_MIG_REPLY for the next ones, so two
 * threads never wait on the same port and never take each other's replies.
 */
#include <mach/mach.h>

#include "tsd.h"

mach_port_t mig_get_reply_port(void)
{
	void **tsd = tsd_base();

	/* MACH_PORT_DEAD fails the send (MACH_SEND_INVALID_REPLY) before the request goes out. */
	if (tsd == NULL)
		return MACH_PORT_DEAD;
	mach_port_t port = (mach_port_t)(uintptr_t)tsd[TSD_MIG_REPLY];
	if (port == MACH_PORT_NULL) {
		port = mach_reply_port();
		if (port == MACH_PORT_NULL)
			return MACH_PORT_DEAD;
		tsd[TSD_MIG_REPLY] = (void *)(uintptr_t)port;
	}
	return port;
}

/*
 * A stub whose receive failed may have left a late reply queued on the port:
 * the port is destroyed with whatever it holds, and the next call makes a new one.
 */
void mig_dealloc_reply_port(mach_port_t reply_port)
{
	void **tsd = tsd_base();

	if (tsd == NULL || reply_port == MACH_PORT_NULL ||
	    (mach_port_t)(uintptr_t)tsd[TSD_MIG_REPLY] != reply_port)
		return;
	tsd[TSD_MIG_REPLY] = NULL;
	mach_port_mod_refs(mach_task_self(), reply_port, MACH_PORT_RIGHT_RECEIVE, -1);
}

/* The port stays the thread's for its next call: there is nothing to give back. */
void mig_put_reply_port(mach_port_t reply_port)
{
	(void)reply_port;
}
