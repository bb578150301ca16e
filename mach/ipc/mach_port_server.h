/*
 * The mach_port subsystem (XNU's mach_port.defs, ids 3200-3299) served on a
 * task's port: operations on the names and rights of that task's IPC space.
 * So far: mach_port_names, mach_port_type, mach_port_destroy,
 * mach_port_get_refs, mach_port_request_notification,
 * mach_port_extract_right, mach_port_get/set_attributes and
 * mach_port_get/set_context; the rest answer MIG_BAD_ID. The common port
 * operations also have traps (ipc/mach_traps.c), some of them through the
 * functions below.
 */
#ifndef IPC_MACH_PORT_SERVER_H
#define IPC_MACH_PORT_SERVER_H

#include <stdint.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_space.h"

struct task;

#define MACH_PORT_SUBSYSTEM     3200
#define MACH_PORT_SUBSYSTEM_END 3300

/* Answers a request to `task`'s port; the caller holds a task reference. No lock held. */
struct ipc_kmsg *mach_port_server(struct task *task, struct ipc_kmsg *request);

/*
 * The routines the _kernelrpc traps share (ipc/mach_traps.c), on `space`.
 * ipc_lock held.
 */

/* mach_port_type: the name's MACH_PORT_TYPE_* bits. */
kern_return_t mach_port_type_locked(struct ipc_space *space, mach_port_name_t name, uint32_t *type);

/*
 * mach_port_get_attributes of a receive right: MACH_PORT_LIMITS_INFO or
 * MACH_PORT_RECEIVE_STATUS into info; *count is its room in words on entry,
 * the words used on return. KERN_INVALID_ARGUMENT for another flavor or too
 * little room.
 */
kern_return_t mach_port_get_attributes_locked(struct ipc_space *space, mach_port_name_t name,
                                              int32_t flavor, uint32_t *info, uint32_t *count);

/*
 * mach_port_request_notification: registers `notify` (a send-once right,
 * consumed on success; NULL cancels) for `msgid` on `name`; *previous gets the
 * send-once right it replaces, or NULL.
 */
kern_return_t mach_port_request_notification_locked(struct ipc_space *space, mach_port_name_t name,
                                                    mach_msg_id_t msgid, uint32_t sync,
                                                    struct ipc_port *notify,
                                                    struct ipc_port **previous);

/*
 * mach_port_guard / mach_port_unguard of a receive right: `guard` becomes its
 * context and only mach_port_destruct with it destroys the right; unguarding
 * needs the same guard. KERN_INVALID_ARGUMENT when already guarded, or not
 * guarded so. (XNU also raises EXC_GUARD for a wrong guard; Tessera does not.)
 */
kern_return_t mach_port_guard_locked(struct ipc_space *space, mach_port_name_t name,
                                     uint64_t guard);
kern_return_t mach_port_unguard_locked(struct ipc_space *space, mach_port_name_t name,
                                       uint64_t guard);

#endif
