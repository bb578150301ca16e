#include "ipc/ipc_kobject.h"

#include <stddef.h>

#include "ipc/ipc_right.h"
#include "ipc/mach_msg.h"

struct ipc_port *ipc_kobject_port_alloc(enum ipc_kobject_type type, void *object)
{
	struct ipc_port *port = ipc_port_alloc();

	if (port) {
		port->kotype = type;
		port->kobject = object;
	}
	return port;
}

void ipc_kobject_port_destroy(struct ipc_port *port)
{
	port->kobject = NULL;
	ipc_port_destroy(port);
	ipc_port_release(port);
}

void ipc_kobject_server(struct ipc_kmsg *request)
{
	struct ipc_port *reply_port = request->reply;
	mach_msg_type_name_t reply_type = request->reply_type;
	mach_msg_id_t id = request->header.msgh_id;

	/* The request's reply right moves into the reply; the rest of it is destroyed. */
	request->reply = NULL;
	ipc_kmsg_destroy(request);
	if (!reply_port)
		return;
	struct ipc_kmsg *reply = ipc_kmsg_alloc(sizeof(mig_reply_error_t));
	if (!reply) {
		ipc_right_release(reply_port, reply_type);
		return;
	}
	mig_reply_error_t *body = (mig_reply_error_t *)&reply->header;
	reply->dest = reply_port;
	reply->dest_type = reply_type;
	body->Head.msgh_bits = MACH_MSGH_BITS(reply_type, 0);
	body->Head.msgh_size = sizeof(*body);
	body->Head.msgh_id = id + 100;
	/* NDR_record: MIG version 0, int_rep 1 (little-endian), ASCII, IEEE floats. */
	body->NDR[0] = 0;
	body->NDR[1] = 1;
	body->RetCode = MIG_BAD_ID;
	mach_msg_send_from_kernel(reply);
}
