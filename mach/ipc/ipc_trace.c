#include "ipc/ipc_trace.h"

#include <string.h>

#include "arch/arm64/cpu.h"
#include "ipc/ipc_kobject.h"
#include "kern/kprintf.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_kern.h"

struct ipc_trace ipc_trace;

uint64_t ipc_trace_count(void)
{
	return ipc_trace.recorded;
}

static void print_event(const struct ipc_trace_record *r, const char *kind, uint64_t task,
                        uint64_t thread)
{
	kprintf("ipctrace: %lu %s task %lu thread %lu port %lu id %d size %u desc %u result 0x%x\n",
	        r->time, kind, task, thread, r->port, r->msgh_id, r->size, r->descriptors,
	        (unsigned)r->result);
}

void ipc_trace_dump(void)
{
	static const char *const kinds[] = {"send", "recv", "kern"};
	uint64_t first =
	    ipc_trace.recorded > IPC_TRACE_RECORDS ? ipc_trace.recorded - IPC_TRACE_RECORDS : 0;

	kprintf("ipctrace: %lu records made, %lu shown\n", ipc_trace.recorded,
	        ipc_trace.recorded - first);
	for (uint64_t i = first; i < ipc_trace.recorded; i++) {
		const struct ipc_trace_record *r = &ipc_trace.ring[i % IPC_TRACE_RECORDS];
		if (r->kind != IPC_TRACE_HANDOFF) {
			print_event(r, kinds[r->kind], r->task, r->thread);
			continue;
		}
		/* A handoff is shown as the send and the receive it stands for. */
		print_event(r, r->task ? "send" : "kern", r->task, r->thread);
		print_event(r, "recv", r->peer_task, r->peer_thread);
	}
}

struct ipc_kmsg *ipc_trace_read(struct ipc_kmsg *request)
{
	const struct ipc_trace_read_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	struct ipc_kmsg *reply =
	    ipc_kobject_complex_reply_alloc(sizeof(struct ipc_trace_read_reply), id, 1);
	struct ipc_trace_record *copy = kalloc(sizeof(ipc_trace.ring));
	if (!reply || !copy) {
		if (reply)
			ipc_kmsg_free(reply);
		kfree(copy);
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	}
	uint64_t daif = irq_save();
	uint64_t oldest =
	    ipc_trace.recorded > IPC_TRACE_RECORDS ? ipc_trace.recorded - IPC_TRACE_RECORDS : 0;
	uint64_t first = req->from < oldest               ? oldest
	                 : req->from > ipc_trace.recorded ? ipc_trace.recorded
	                                                  : req->from;
	uint64_t next = ipc_trace.recorded;
	for (uint64_t i = first; i < next; i++)
		copy[i - first] = ipc_trace.ring[i % IPC_TRACE_RECORDS];
	irq_restore(daif);

	uint32_t count = (uint32_t)(next - first);
	struct ipc_trace_read_reply *r = (void *)&reply->header;
	struct ipc_kmsg_desc *desc = &reply->descs[0];
	r->records.type = MACH_MSG_OOL_DESCRIPTOR;
	r->records.copy = MACH_MSG_VIRTUAL_COPY;
	r->records.size = count * sizeof(struct ipc_trace_record);
	r->NDR[1] = 1;
	r->recordsCnt = count;
	r->first = first;
	r->next = next;
	desc->type = MACH_MSG_OOL_DESCRIPTOR;
	desc->size = r->records.size;
	if (count)
		desc->data = copy;
	else
		kfree(copy);
	return reply;
}
