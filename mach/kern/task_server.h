/*
 * The routines the kernel answers on a task's kernel port (kern/task_server.c,
 * ipc/mach_port_server.c, vm/mach_vm_server.c).
 */
#ifndef KERN_TASK_SERVER_H
#define KERN_TASK_SERVER_H

#include "ipc/ipc_kmsg.h"

struct task;

/* Answers a request to `task`'s port; the caller holds a task reference. No lock held. */
struct ipc_kmsg *task_server(struct task *task, struct ipc_kmsg *request);

#endif
