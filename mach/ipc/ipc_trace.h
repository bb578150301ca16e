/*
 * The IPC trace: every message sent or received is recorded in a kernel ring
 * buffer — time, task, thread, port, msgh_id, size, descriptor count and
 * outcome — so a developer (and the tests) can see the traffic. With boot
 * argument ipc.trace=1 the kernel prints the ring when the bootstrap task
 * ends; a holder of host_priv reads it with ipc_trace_read
 * (mach/tessera_trace.h). Recording takes no lock (a record claims its slot
 * with one atomic add), never blocks, and overwrites the oldest records when
 * the ring is full. Readers copy the ring with interrupts masked, which keeps
 * writers out while one CPU runs; more CPUs will need a per-record sequence
 * number so a half-written record is not read.
 */
#ifndef IPC_IPC_TRACE_H
#define IPC_IPC_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc/ipc_kmsg.h"
#include "mach/tessera_trace.h"

#define IPC_TRACE_RECORDS 1024

void ipc_trace_record(enum ipc_trace_kind kind, uint64_t port, int32_t msgh_id, uint32_t size,
                      uint16_t descriptors, int32_t result);

/* Prints the records still in the ring, oldest first, and how many were lost. */
void ipc_trace_dump(void);

/* Records made since boot. */
uint64_t ipc_trace_count(void);

/* Answers ipc_trace_read (a host_priv routine). No lock held. */
struct ipc_kmsg *ipc_trace_read(struct ipc_kmsg *request);

#endif
