#include "ipc/ipc_notify.h"

#include <stddef.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_right.h"
#include "mach/notify.h"
#include "vm/vm_kern.h"

/* A notification to `notify` of `size` bytes with id `id`, or NULL (and the right released). */
static struct ipc_kmsg *notify_alloc(struct ipc_port *notify, mach_msg_size_t size,
                                     mach_msg_id_t id)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(size);

	if (!kmsg) {
		/*
		 * Out of memory: the notification is lost, and its right goes as an
		 * unused one does, so that a kernel reply port's waiter hears of it
		 * (ipc_port_send_once_dropped).
		 */
		ipc_right_release(notify, MACH_MSG_TYPE_PORT_SEND_ONCE);
		return NULL;
	}
	kmsg->dest = notify;
	kmsg->dest_type = MACH_MSG_TYPE_PORT_SEND_ONCE;
	kmsg->header.msgh_size = size;
	kmsg->header.msgh_id = id;
	return kmsg;
}

static void notify_name(struct ipc_port *notify, mach_msg_id_t id, mach_port_name_t name)
{
	struct ipc_kmsg *kmsg = notify_alloc(notify, sizeof(mach_dead_name_notification_t), id);

	if (!kmsg)
		return;
	mach_dead_name_notification_t *n = (void *)&kmsg->header;
	n->NDR[1] = 1;
	n->not_port = name;
	ipc_kobject_send_from_kernel(kmsg);
}

void ipc_notify_dead_name(struct ipc_port *notify, mach_port_name_t name)
{
	notify_name(notify, MACH_NOTIFY_DEAD_NAME, name);
}

void ipc_notify_port_deleted(struct ipc_port *notify, mach_port_name_t name)
{
	notify_name(notify, MACH_NOTIFY_PORT_DELETED, name);
}

void ipc_notify_no_senders(struct ipc_port *notify, uint32_t mscount)
{
	struct ipc_kmsg *kmsg =
	    notify_alloc(notify, sizeof(mach_no_senders_notification_t), MACH_NOTIFY_NO_SENDERS);

	if (!kmsg)
		return;
	mach_no_senders_notification_t *n = (void *)&kmsg->header;
	n->NDR[1] = 1;
	n->not_count = mscount;
	ipc_kobject_send_from_kernel(kmsg);
}

void ipc_notify_port_destroyed(struct ipc_port *notify, struct ipc_port *port)
{
	/*
	 * A requester inside the port itself (or the port its own requester) would
	 * get it only in a loop: as XNU destroys a circular message, the port dies
	 * and the request's right goes unused.
	 */
	if (ipc_port_would_loop(port, notify)) {
		ipc_right_release(notify, MACH_MSG_TYPE_PORT_SEND_ONCE);
		ipc_right_release(port, MACH_MSG_TYPE_PORT_RECEIVE);
		return;
	}
	struct ipc_kmsg *kmsg = notify_alloc(notify, sizeof(mach_port_destroyed_notification_t),
	                                     MACH_NOTIFY_PORT_DESTROYED);
	struct ipc_kmsg_desc *desc = kmsg ? kalloc_zeroed(sizeof(*desc)) : NULL;

	if (!desc) {
		/* Nowhere to send the receive right: the port dies after all. */
		if (kmsg)
			ipc_kmsg_destroy(kmsg);
		ipc_right_release(port, MACH_MSG_TYPE_PORT_RECEIVE);
		return;
	}
	mach_port_destroyed_notification_t *n = (void *)&kmsg->header;
	n->not_header.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	n->not_body.msgh_descriptor_count = 1;
	n->not_port.type = MACH_MSG_PORT_DESCRIPTOR;
	desc->type = MACH_MSG_PORT_DESCRIPTOR;
	desc->port = port; /* the receive right, with the caller's reference */
	desc->right = MACH_MSG_TYPE_PORT_RECEIVE;
	kmsg->descs = desc;
	kmsg->ndescs = 1;
	ipc_kobject_send_from_kernel(kmsg);
}

void ipc_notify_send_once(struct ipc_port *port)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(sizeof(mach_send_once_notification_t));

	if (!kmsg) {
		port->sorights--;
		ipc_port_release(port);
		return;
	}
	kmsg->dest = port;
	kmsg->dest_type = MACH_MSG_TYPE_PORT_SEND_ONCE;
	kmsg->header.msgh_size = sizeof(mach_send_once_notification_t);
	kmsg->header.msgh_id = MACH_NOTIFY_SEND_ONCE;
	ipc_kobject_send_from_kernel(kmsg);
}
