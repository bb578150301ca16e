#include "ipc/ipc_trace.h"

#include "arch/arm64/cpu.h"
#include "kern/kprintf.h"
#include "kern/task.h"
#include "kern/thread.h"

static struct ipc_trace_record ring[IPC_TRACE_RECORDS];
static uint64_t recorded; /* records ever made; each claims its slot by an atomic add */

void ipc_trace_record(enum ipc_trace_kind kind, uint64_t port, int32_t msgh_id, uint32_t size,
                      uint16_t descriptors, int32_t result)
{
	struct thread *t = current_thread();
	bool from_task = kind != IPC_TRACE_KERNEL && t->task;
	/*
	 * No lock: the slot is this record's alone until the ring comes round,
	 * so an interrupt that records meanwhile writes another one. Only the
	 * dump, at the end, reads the ring.
	 */
	uint64_t n = __atomic_fetch_add(&recorded, 1, __ATOMIC_RELAXED);
	struct ipc_trace_record *r = &ring[n % IPC_TRACE_RECORDS];

	r->time = sysreg_read(cntvct_el0);
	r->task = from_task ? t->task->id : 0;
	r->thread = from_task ? t->id : 0;
	r->port = port;
	r->msgh_id = msgh_id;
	r->size = size;
	r->descriptors = descriptors;
	r->kind = (uint8_t)kind;
	r->result = result;
}

uint64_t ipc_trace_count(void)
{
	return recorded;
}

void ipc_trace_dump(void)
{
	static const char *const kinds[] = {"send", "recv", "kern"};
	uint64_t first = recorded > IPC_TRACE_RECORDS ? recorded - IPC_TRACE_RECORDS : 0;

	kprintf("ipctrace: %lu messages recorded, %lu shown\n", recorded, recorded - first);
	for (uint64_t i = first; i < recorded; i++) {
		const struct ipc_trace_record *r = &ring[i % IPC_TRACE_RECORDS];
		kprintf("ipctrace: %lu %s task %lu thread %lu port %lu id %d size %u desc %u "
		        "result 0x%x\n",
		        r->time, kinds[r->kind], r->task, r->thread, r->port, r->msgh_id, r->size,
		        r->descriptors, (unsigned)r->result);
	}
}
