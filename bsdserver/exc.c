#include "bsdserver/exc.h"

#include "bsdserver/bsdserver.h"
#include "bsdserver/exc_signal.h"
#include "bsdserver/excServer.h"
#include "bsdserver/proc.h"

kern_return_t bsd_exception_raise(mach_port_t port, mach_port_t thread, mach_port_t task,
                                  int32_t exception, const int32_t *code,
                                  mach_msg_type_number_t count)
{
	struct proc *p = proc_by_task(task);

	if (port != bsd.exc || p == NULL)
		return KERN_INVALID_ARGUMENT;
	int32_t code0 = count > 0 ? code[0] : 0, code1 = count > 1 ? code[1] : 0;
	p->signal = exc_signal(exception, code0, code1);
	bsd_log("bsdserver: pid %d (%s) raised exception %d (codes 0x%x, 0x%x): signal %d\n",
	        p->pid, p->name, exception, code0, code1, p->signal);
	/* The rights stay the request's: the receive loop releases them with it. */
	(void)thread;
	return KERN_FAILURE;
}

void exc_message(mach_msg_header_t *request)
{
	union {
		mig_reply_error_t error;
		uint8_t room[exc_MAX_REPLY_SIZE];
	} reply;

	if (!exc_server(request, &reply.error.Head)) {
		mach_msg_destroy(request);
		return;
	}
	/* Never KERN_SUCCESS: the request was not consumed, so its rights go here. */
	request->msgh_remote_port = MACH_PORT_NULL;
	mach_msg_destroy(request);
	if (MACH_PORT_VALID(reply.error.Head.msgh_remote_port) &&
	    mach_msg(&reply.error.Head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
	             reply.error.Head.msgh_size, 0, MACH_PORT_NULL, 0,
	             MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		mach_msg_destroy(&reply.error.Head);
}
