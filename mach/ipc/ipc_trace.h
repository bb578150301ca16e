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
#include <stddef.h>
#include <stdint.h>

#include "arch/arm64/cpu.h"
#include "ipc/ipc_kmsg.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "mach/tessera_trace.h"

#define IPC_TRACE_RECORDS 1024 /* a power of two: the slot is the count's low bits */

/* The ring and the count of records ever made (each claims its slot by an atomic add). */
extern struct ipc_trace_record ipc_trace_ring[IPC_TRACE_RECORDS];
extern uint64_t ipc_trace_recorded;

/*
 * Records one message. Inline, since every message makes two records and the
 * RPC fast path (mach_msg.c) counts instructions. No lock: the slot is this
 * record's alone until the ring comes round, so an interrupt that records
 * meanwhile writes another one.
 */
static inline void ipc_trace_record(enum ipc_trace_kind kind, uint64_t port, int32_t msgh_id,
                                    uint32_t size, uint16_t descriptors, int32_t result)
{
	struct thread *t = current_thread();
	struct task *task = kind != IPC_TRACE_KERNEL ? t->task : NULL;
	uint64_t n = __atomic_fetch_add(&ipc_trace_recorded, 1, __ATOMIC_RELAXED);
	struct ipc_trace_record *r = &ipc_trace_ring[n & (IPC_TRACE_RECORDS - 1)];

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
}

/*
 * A successful record without descriptors made by `t` (NULL: the kernel),
 * every field in order so that pairs go out in one store.
 */
static inline __attribute__((always_inline)) void ipc_trace_fill(struct ipc_trace_record *r,
                                                                 uint64_t time, struct thread *t,
                                                                 uint64_t port,
                                                                 uint64_t id_and_size, uint8_t kind)
{
	_Static_assert(offsetof(struct ipc_trace_record, size) ==
	                       offsetof(struct ipc_trace_record, msgh_id) + 4 &&
	                   offsetof(struct ipc_trace_record, kind) ==
	                       offsetof(struct ipc_trace_record, descriptors) + 2 &&
	                   offsetof(struct ipc_trace_record, result) ==
	                       offsetof(struct ipc_trace_record, descriptors) + 4,
	               "the record's layout ipc_trace_fill writes");
	uint64_t rest = (uint64_t)kind << 16; /* descriptors 0, kind, pad 0, result 0 */

	r->time = time;
	r->task = t ? t->task->id : 0;
	r->thread = t ? t->id : 0;
	r->port = port;
	__builtin_memcpy(&r->msgh_id, &id_and_size, sizeof(id_and_size));
	__builtin_memcpy(&r->descriptors, &rest, sizeof(rest));
}

/*
 * The two records of a message `sender` (NULL: the kernel) hands to
 * `receiver`, the send then its receive, written at once: one count, one
 * clock read.
 */
static inline __attribute__((always_inline)) void ipc_trace_handoff(struct thread *sender,
                                                                    struct thread *receiver,
                                                                    uint64_t port, int32_t msgh_id,
                                                                    uint32_t size)
{
	uint64_t n = __atomic_fetch_add(&ipc_trace_recorded, 2, __ATOMIC_RELAXED);
	uint64_t now = sysreg_read(cntvct_el0);
	uint64_t id_and_size = (uint32_t)msgh_id | (uint64_t)size << 32;

	ipc_trace_fill(&ipc_trace_ring[n & (IPC_TRACE_RECORDS - 1)], now, sender, port, id_and_size,
	               sender ? IPC_TRACE_SEND : IPC_TRACE_KERNEL);
	ipc_trace_fill(&ipc_trace_ring[(n + 1) & (IPC_TRACE_RECORDS - 1)], now, receiver, port,
	               id_and_size, IPC_TRACE_RECEIVE);
}

/* Prints the records still in the ring, oldest first, and how many were lost. */
void ipc_trace_dump(void);

/* Records made since boot. */
uint64_t ipc_trace_count(void);

/* Answers ipc_trace_read (a host_priv routine). No lock held. */
struct ipc_kmsg *ipc_trace_read(struct ipc_kmsg *request);

#endif
