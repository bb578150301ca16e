/*
 * The IPC trace: every message sent or received is recorded in a kernel ring
 * buffer — time, task, thread, port, msgh_id, size, descriptor count and
 * outcome, and for a message handed straight to its receiver who received
 * it — so a developer (and the tests) can see the traffic. With boot
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
#include <stddef.h>
#include <stdint.h>

#include "arch/arm64/cpu.h"
#include "ipc/ipc_kmsg.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "mach/tessera_trace.h"

#define IPC_TRACE_RECORDS 1024 /* a power of two: the slot is the count's low bits */

/*
 * The count of records ever made (each claims its slot by an atomic add) and
 * the ring, together so that a writer finds both from one address.
 */
struct ipc_trace {
	uint64_t recorded;
	struct ipc_trace_record ring[IPC_TRACE_RECORDS] __attribute__((aligned(64)));
};
extern struct ipc_trace ipc_trace;

_Static_assert(sizeof(struct ipc_trace_record) == 64, "a record's slot is its index shifted");

/*
 * Records one message. Inline, since every message is recorded and the RPC
 * fast path (mach_msg.c) counts instructions. No lock: the slot is this
 * record's alone until the ring comes round, so an interrupt that records
 * meanwhile writes another one.
 */
static inline void ipc_trace_record(enum ipc_trace_kind kind, uint64_t port, int32_t msgh_id,
                                    uint32_t size, uint16_t descriptors, int32_t result)
{
	struct thread *t = current_thread();
	struct task *task = kind != IPC_TRACE_KERNEL ? t->task : NULL;
	uint64_t n = __atomic_fetch_add(&ipc_trace.recorded, 1, __ATOMIC_RELAXED);
	struct ipc_trace_record *r = &ipc_trace.ring[n & (IPC_TRACE_RECORDS - 1)];

	r->time = sysreg_read(cntvct_el0);
	r->task = task ? task->id : 0;
	r->thread = task ? t->id : 0;
	r->port = port;
	r->msgh_id = msgh_id;
	r->size = size;
	r->descriptors = descriptors;
	r->kind = (uint8_t)kind;
	r->pad = 0; /* with its neighbours, one store: the compiler merges them */
	r->result = result;
	r->peer_task = 0;
	r->peer_thread = 0;
}

/*
 * The one record of a message `sender` (NULL: the kernel) hands to
 * `receiver`: its send and its receive (IPC_TRACE_HANDOFF).
 */
static inline __attribute__((always_inline)) void ipc_trace_handoff(struct thread *sender,
                                                                    struct thread *receiver,
                                                                    uint64_t port, int32_t msgh_id,
                                                                    uint32_t size)
{
	_Static_assert(offsetof(struct ipc_trace_record, msgh_id) == 4 * 8 &&
	                   offsetof(struct ipc_trace_record, size) == 4 * 8 + 4 &&
	                   offsetof(struct ipc_trace_record, descriptors) == 5 * 8 &&
	                   offsetof(struct ipc_trace_record, kind) == 5 * 8 + 2 &&
	                   offsetof(struct ipc_trace_record, result) == 5 * 8 + 4 &&
	                   offsetof(struct ipc_trace_record, peer_task) == 6 * 8,
	               "the record's words ipc_trace_handoff writes");
	typedef uint64_t __attribute__((may_alias)) record_word;
	uint64_t n = __atomic_fetch_add(&ipc_trace.recorded, 1, __ATOMIC_RELAXED);
	/* Written as eight words, which go out as four pairs of stores. */
	record_word *w = (record_word *)&ipc_trace.ring[n & (IPC_TRACE_RECORDS - 1)];

	w[0] = sysreg_read(cntvct_el0);
	w[1] = sender ? sender->task->id : 0;
	w[2] = sender ? sender->id : 0;
	w[3] = port;
	w[4] = (uint32_t)msgh_id | (uint64_t)size << 32;
	w[5] = (uint64_t)IPC_TRACE_HANDOFF << 16; /* no descriptors; pad 0; MACH_MSG_SUCCESS */
	w[6] = receiver->task->id;
	w[7] = receiver->id;
}

/* Prints the records still in the ring, oldest first, and how many were lost. */
void ipc_trace_dump(void);

/* Records made since boot. */
uint64_t ipc_trace_count(void);

/* Answers ipc_trace_read (a host_priv routine). No lock held. */
struct ipc_kmsg *ipc_trace_read(struct ipc_kmsg *request);

#endif
