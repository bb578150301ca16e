/*
 * Kernel objects (tasks, threads, the host) are named by ports whose messages
 * the kernel itself receives and answers, MIG-style, with XNU's message ids.
 * A routine the kernel does not provide is answered MIG_BAD_ID, so a client
 * learns it is not there instead of waiting.
 */
#ifndef IPC_IPC_KOBJECT_H
#define IPC_IPC_KOBJECT_H

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"

/* A port standing for `object` (one reference, no rights yet), or NULL. ipc_lock held. */
struct ipc_port *ipc_kobject_port_alloc(enum ipc_kobject_type type, void *object);

/* The object is going away: its port dies. ipc_lock held. */
void ipc_kobject_port_destroy(struct ipc_port *port);

/* A reply to request `id` with room for `size` bytes, size and id set; NULL when out of memory. */
struct ipc_kmsg *ipc_kobject_reply_alloc(mach_msg_size_t size, mach_msg_id_t request_id);

/* A MIG error reply (mig_reply_error_t) for request `id`, or NULL when out of memory. */
struct ipc_kmsg *ipc_kobject_error_reply(mach_msg_id_t id, kern_return_t code);

/* Handles a request sent to a kernel object port and replies; consumes it. No lock held. */
void ipc_kobject_server(struct ipc_kmsg *kmsg);

#endif
