/*
 * Device access for user-space drivers (mach/include/mach/tessera_device.h):
 * devices found by compatible string, their registers mapped into a driver's
 * task, and their interrupts delivered as messages. The routines are answered on the host_priv port only.
 *
 * Locking: the interrupt table is protected by ipc_lock; the interrupt
 * handler takes it with interrupts already masked.
 */
#ifndef KERN_DEVICE_H
#define KERN_DEVICE_H

#include <stdbool.h>

#include "ipc/ipc_kmsg.h"

struct ipc_port;
struct platform;

/* Learns where device registers may be (below RAM, not the interrupt controller). Once. */
void device_init(const struct platform *p);

/* Whether `id` is one of the device routines. */
bool device_routine(mach_msg_id_t id);

/* Answers a device routine that came to host_priv. No lock held. */
struct ipc_kmsg *device_server(struct ipc_kmsg *request);

/* `port`, which announced interrupts, died: its attachments end. ipc_lock held. */
void device_port_died(struct ipc_port *port);

#endif
