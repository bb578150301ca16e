/*
 * The mach_port subsystem (XNU's mach_port.defs, ids 3200-3299) served on a
 * task's port: operations on the names and rights of that task's IPC space.
 * So far: mach_port_names, mach_port_type, mach_port_destroy,
 * mach_port_get_refs, mach_port_request_notification,
 * mach_port_extract_right, mach_port_get/set_attributes and
 * mach_port_get/set_context; the rest answer MIG_BAD_ID. The common port
 * operations also have traps (ipc/mach_traps.c).
 */
#ifndef IPC_MACH_PORT_SERVER_H
#define IPC_MACH_PORT_SERVER_H

#include "ipc/ipc_kmsg.h"

struct task;

#define MACH_PORT_SUBSYSTEM     3200
#define MACH_PORT_SUBSYSTEM_END 3300

/* Answers a request to `task`'s port; the caller holds a task reference. No lock held. */
struct ipc_kmsg *mach_port_server(struct task *task, struct ipc_kmsg *request);

#endif
