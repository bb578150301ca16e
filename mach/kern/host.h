/*
 * The host: the machine as Mach names it, by two kernel ports. The host port
 * answers the mach_host routines (information anyone may have); the host_priv
 * port answers those and the privileged host_priv routines (special ports,
 * host exception ports, reboot). Privilege is the capability: the kernel
 * gives the first task a send right to host_priv as its TASK_HOST_PORT (what
 * mach_host_self returns), tasks inherit their creator's, and a task that
 * should have less is given the plain host port with task_set_special_port.
 *
 * Locking: the special ports and the host exception table are protected by
 * ipc_lock.
 */
#ifndef KERN_HOST_H
#define KERN_HOST_H

#include <stdbool.h>

#include "ipc/ipc_kmsg.h"
#include "kern/exception_ports.h"

struct platform;

/* Makes the host ports and reads the machine's description. Once, at boot. */
void host_init(const struct platform *p);

/* The host port or, with `privileged`, the host_priv port; the kernel's, for ever. */
struct ipc_port *host_port(bool privileged);

/* The host-level exception handlers, tried after the thread's and the task's. ipc_lock held. */
const struct exception_action *host_exception_actions(void);

/* Answers a request to a host port (host_priv when `privileged`). No lock held. */
struct ipc_kmsg *host_server(bool privileged, struct ipc_kmsg *request);

#endif
