/*
 * The IPC trace: every message sent or received is recorded in a kernel ring
 * buffer — time, task, thread, port, msgh_id, size, descriptor count and
 * outcome — so a developer (and the tests) can see the traffic. With boot
 * argument ipc.trace=1 the kernel prints the ring when the bootstrap task
 * ends. Reading it from a privileged task (host_priv) and the msgtrace tool
 * come later. Recording takes no lock (a record claims its slot with one
 * atomic add), never blocks, and overwrites the oldest records when the ring
 * is full.
 */
#ifndef IPC_IPC_TRACE_H
#define IPC_IPC_TRACE_H

#include <stdint.h>

#define IPC_TRACE_RECORDS 1024

enum ipc_trace_kind {
	IPC_TRACE_SEND,    /* a task sent (result: the send's mach_msg_return_t) */
	IPC_TRACE_RECEIVE, /* a task received (result: the receive's mach_msg_return_t) */
	IPC_TRACE_KERNEL,  /* the kernel sent (a reply, notification or forwarded call) */
};

struct ipc_trace_record {
	uint64_t time;   /* counter ticks (mach_absolute_time) */
	uint64_t task;   /* task id; 0 for the kernel */
	uint64_t thread; /* thread id; 0 for the kernel */
	uint64_t port;   /* the destination or receive port's id */
	int32_t msgh_id;
	uint32_t size; /* header + body bytes */
	uint16_t descriptors;
	uint8_t kind; /* enum ipc_trace_kind */
	int32_t result;
};

void ipc_trace_record(enum ipc_trace_kind kind, uint64_t port, int32_t msgh_id, uint32_t size,
                      uint16_t descriptors, int32_t result);

/* Prints the records still in the ring, oldest first, and how many were lost. */
void ipc_trace_dump(void);

/* Records made since boot. */
uint64_t ipc_trace_count(void);

#endif
