/*
 * Kernel objects (tasks, threads, the host) are named by ports whose messages
 * the kernel itself receives and answers, MIG-style, with XNU's message ids.
 * A routine the kernel does not provide is answered MIG_BAD_ID, so a client
 * learns it is not there instead of waiting.
 */
#ifndef IPC_IPC_KOBJECT_H
#define IPC_IPC_KOBJECT_H

#include <stdbool.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "mach/mig_errors.h"

/* A port standing for `object` (one reference, no rights yet), or NULL. ipc_lock held. */
struct ipc_port *ipc_kobject_port_alloc(enum ipc_kobject_type type, void *object);

/* The object is going away: its port dies. ipc_lock held. */
void ipc_kobject_port_destroy(struct ipc_port *port);

/* A reply to request `id` with room for `size` bytes, size and id set; NULL when out of memory. */
struct ipc_kmsg *ipc_kobject_reply_alloc(mach_msg_size_t size, mach_msg_id_t request_id);

/* A request of exactly `size` bytes that carries one descriptor, of type `type`. */
bool ipc_kobject_request_has_one_desc(const struct ipc_kmsg *request, mach_msg_size_t size,
                                      unsigned int type);

/* A request of exactly `size` bytes with no descriptors. */
bool ipc_kobject_request_is_simple(const struct ipc_kmsg *request, mach_msg_size_t size);

/*
 * A complex reply of `size` bytes with `ndescs` descriptors (the kernel's
 * side zeroed, for the caller to fill in with the buffer's), or NULL when out
 * of memory.
 */
struct ipc_kmsg *ipc_kobject_complex_reply_alloc(mach_msg_size_t size, mach_msg_id_t id,
                                                 uint32_t ndescs);

/*
 * A reply carrying one port descriptor, for the routines that answer with a
 * port; NULL when out of memory. Allocated before the object is made, so a
 * routine never has to undo one for want of a reply.
 */
struct ipc_kmsg *ipc_kobject_port_reply_alloc(mach_msg_id_t id);

/*
 * Puts a right of type `right` (MACH_MSG_TYPE_PORT_*: the caller's, which the
 * reply takes over; NULL for none) into such a reply.
 */
void ipc_kobject_port_reply_set(struct ipc_kmsg *reply, struct ipc_port *port,
                                mach_msg_type_name_t right);

/* The request of host_info, task_info and thread_info: a flavor and the room for the answer. */
struct ipc_kobject_info_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t flavor;
	uint32_t info_outCnt; /* words */
};

/* Their reply: `count` words of `info` (a flavor's structure) after the count. */
struct ipc_kmsg *ipc_kobject_info_reply(mach_msg_id_t id, const void *info, uint32_t count);

/* A MIG error reply (mig_reply_error_t) for request `id`, or NULL when out of memory. */
struct ipc_kmsg *ipc_kobject_error_reply(mach_msg_id_t id, kern_return_t code);

/* Handles a request sent to a kernel object port and replies; consumes it. No lock held. */
void ipc_kobject_server(struct ipc_kmsg *kmsg);

/*
 * Sends a message the kernel built (a reply, a notification, a device
 * interrupt) to kmsg->dest, consuming it, as mach_msg_send_from_kernel does;
 * but nobody receives on a kernel object's port, and the object would find
 * such a message malformed and answer nobody, so there it is destroyed at
 * once, its rights released as an unused message's are (a thread waiting on
 * an exception's or a BSD call's reply port learns that no answer comes).
 * Queued instead, it would hold its right to the object for ever. ipc_lock held.
 */
void ipc_kobject_send_from_kernel(struct ipc_kmsg *kmsg);

#endif
