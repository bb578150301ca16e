/*
 * Notifications the kernel sends (<mach/notify.h>): no-senders, port-destroyed,
 * dead-name, port-deleted and send-once. Each is a message built by the kernel
 * and sent through a send-once right the requester supplied (or, for
 * send-once notifications, through the unused right itself). ipc_lock held.
 */
#ifndef IPC_IPC_NOTIFY_H
#define IPC_IPC_NOTIFY_H

#include "ipc/ipc_port.h"

/* Each consumes the send-once right `notify` (a port reference with it). */
void ipc_notify_no_senders(struct ipc_port *notify, uint32_t mscount);
void ipc_notify_port_destroyed(struct ipc_port *notify, struct ipc_port *port);
void ipc_notify_dead_name(struct ipc_port *notify, mach_port_name_t name);
void ipc_notify_port_deleted(struct ipc_port *notify, mach_port_name_t name);

/* The unused send-once right to `port` carries a send-once notification; consumes it. */
void ipc_notify_send_once(struct ipc_port *port);

#endif
