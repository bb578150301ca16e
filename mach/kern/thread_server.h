/* The routines the kernel answers on a thread's kernel port (kern/thread_server.c). */
#ifndef KERN_THREAD_SERVER_H
#define KERN_THREAD_SERVER_H

#include "ipc/ipc_kmsg.h"

struct thread;

/* Answers a request to thread `t`'s port. ipc_lock held: it keeps the thread from being freed. */
struct ipc_kmsg *thread_server(struct thread *t, struct ipc_kmsg *request);

#endif
