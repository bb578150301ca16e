/*
 * Kernel objects: ports whose messages the kernel answers in the sending
 * thread. The dispatcher hands each request to the server of the object its
 * port stands for — task (kern/task_server.c), thread (kern/thread_server.c),
 * host (kern/host.c), clock (kern/clock.c) — or to the code waiting for a reply (forwarded BSD
 * calls, exceptions), then sends the reply. The helpers here build MIG-style replies.
 */
#include "ipc/ipc_kobject.h"

#include <stddef.h>
#include <string.h>

#include "ipc/ipc_right.h"
#include "ipc/ipc_trace.h"
#include "ipc/mach_msg.h"
#include "kern/clock.h"
#include "kern/exception_ports.h"
#include "kern/host.h"
#include "kern/syscall_forward.h"
#include "kern/task.h"
#include "kern/task_server.h"
#include "kern/thread_server.h"
#include "vm/vm_kern.h"

#define REPLY_ID(id) ((id) + 100)

struct port_reply {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t port;
};

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

/* A reply message to the request's reply right; NULL if out of memory. */
struct ipc_kmsg *ipc_kobject_reply_alloc(mach_msg_size_t size, mach_msg_id_t request_id)
{
	struct ipc_kmsg *reply = ipc_kmsg_alloc(size);

	if (reply) {
		reply->header.msgh_size = size;
		reply->header.msgh_id = REPLY_ID(request_id);
	}
	return reply;
}

struct info_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint32_t info_outCnt;
	uint32_t info_out[];
};

struct ipc_kmsg *ipc_kobject_info_reply(mach_msg_id_t id, const void *info, uint32_t count)
{
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct info_reply) + 4 * count, id);

	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct info_reply *r = (void *)&reply->header;
	r->NDR[1] = 1;
	r->info_outCnt = count;
	memcpy(r->info_out, info, 4 * count);
	return reply;
}

struct ipc_kmsg *ipc_kobject_error_reply(mach_msg_id_t id, kern_return_t code)
{
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(mig_reply_error_t), id);

	if (reply) {
		mig_reply_error_t *body = (mig_reply_error_t *)&reply->header;
		/* NDR_record: MIG version 0, int_rep 1 (little-endian), ASCII, IEEE floats. */
		body->NDR[0] = 0;
		body->NDR[1] = 1;
		body->RetCode = code;
	}
	return reply;
}

bool ipc_kobject_request_has_one_desc(const struct ipc_kmsg *request, mach_msg_size_t size,
                                      unsigned int type)
{
	return (request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) && request->size == size &&
	       request->ndescs == 1 && request->descs[0].type == type;
}

bool ipc_kobject_request_is_simple(const struct ipc_kmsg *request, mach_msg_size_t size)
{
	return !(request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) && request->size == size;
}

struct ipc_kmsg *ipc_kobject_complex_reply_alloc(mach_msg_size_t size, mach_msg_id_t id,
                                                 uint32_t ndescs)
{
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(size, id);
	struct ipc_kmsg_desc *descs = kalloc_zeroed(ndescs * sizeof(*descs));

	if (!reply || !descs) {
		if (reply)
			ipc_kmsg_free(reply);
		kfree(descs);
		return NULL;
	}
	reply->header.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	((mach_msg_body_t *)(&reply->header + 1))->msgh_descriptor_count = ndescs;
	reply->descs = descs;
	reply->ndescs = ndescs;
	return reply;
}

struct ipc_kmsg *ipc_kobject_port_reply_alloc(mach_msg_id_t id)
{
	struct ipc_kmsg *reply = ipc_kobject_complex_reply_alloc(sizeof(struct port_reply), id, 1);

	if (reply) {
		((struct port_reply *)&reply->header)->port.type = MACH_MSG_PORT_DESCRIPTOR;
		reply->descs[0].type = MACH_MSG_PORT_DESCRIPTOR;
	}
	return reply;
}

void ipc_kobject_port_reply_set(struct ipc_kmsg *reply, struct ipc_port *port,
                                mach_msg_type_name_t right)
{
	reply->descs[0].port = port;
	reply->descs[0].right = right;
}

void ipc_kobject_server(struct ipc_kmsg *request)
{
	struct ipc_kmsg *reply = NULL;
	struct task *task = NULL;
	bool host = false, privileged = false;

	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *port = request->dest;
	if (port->kotype == IKOT_TASK && port->kobject) {
		task = port->kobject;
		task_reference(task);
	} else if (port->kotype == IKOT_HOST || port->kotype == IKOT_HOST_PRIV) {
		host = true;
		privileged = port->kotype == IKOT_HOST_PRIV;
	} else if (port->kotype == IKOT_THREAD && port->kobject) {
		reply = thread_server(port->kobject, request);
	} else if ((port->kotype == IKOT_CLOCK || port->kotype == IKOT_CLOCK_CTRL) &&
	           port->kobject) {
		reply = clock_server(port->kobject, port->kotype == IKOT_CLOCK_CTRL, request);
	} else if (port->kotype == IKOT_SYSCALL_REPLY && port->kobject) {
		syscall_forward_reply(port->kobject, request);
	} else if (port->kotype == IKOT_EXCEPTION_REPLY && port->kobject) {
		exception_ports_reply(port->kobject, request);
	} else {
		reply = ipc_kobject_error_reply(request->header.msgh_id, MIG_BAD_ID);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);

	/* Task and host routines may block or free memory: they run without ipc_lock. */
	if (task) {
		reply = task_server(task, request);
		task_deallocate(task);
	} else if (host) {
		reply = host_server(privileged, request);
	}

	daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *reply_port = request->reply;
	mach_msg_type_name_t reply_type = request->reply_type;
	request->reply = NULL;
	ipc_kmsg_destroy(request);
	if (reply && reply_port) {
		reply->dest = reply_port;
		reply->dest_type = reply_type;
		reply->header.msgh_bits |= MACH_MSGH_BITS(reply_type, 0);
		ipc_kobject_send_from_kernel(reply);
	} else {
		if (reply_port)
			ipc_right_release(reply_port, reply_type);
		if (reply)
			ipc_kmsg_destroy(reply);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
}

void ipc_kobject_send_from_kernel(struct ipc_kmsg *kmsg)
{
	struct ipc_port *port = kmsg->dest;

	if (port->kotype == IKOT_NONE) {
		mach_msg_send_from_kernel(kmsg);
		return;
	}
	ipc_trace_record(IPC_TRACE_KERNEL, port->id, kmsg->header.msgh_id, kmsg->size, kmsg->ndescs,
	                 MACH_SEND_INVALID_DEST);
	ipc_kmsg_destroy(kmsg);
}
