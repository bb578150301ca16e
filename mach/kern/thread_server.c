/*
 * The thread routines (XNU's thread_act.defs) on a thread's kernel port:
 * thread_terminate, thread_get_state, thread_set_state, thread_suspend,
 * thread_resume, thread_abort(_safely), thread_depress_abort, thread_info and
 * thread_set_exception_ports, with XNU's ids and layouts.
 * Anything else gets MIG_BAD_ID; a malformed request, MIG_BAD_ARGUMENTS.
 */
#include "kern/thread_server.h"

#include <stddef.h>
#include <string.h>

#include "ipc/ipc_kobject.h"
#include "kern/exception_ports.h"
#include "kern/sched.h"
#include "kern/thread.h"
#include "kern/task.h"
#include "kern/thread_state.h"
#include "mach/thread_status.h"

#define THREAD_TERMINATE            3600
#define THREAD_GET_STATE            3603
#define THREAD_SET_STATE            3604
#define THREAD_SUSPEND              3605
#define THREAD_RESUME               3606
#define THREAD_ABORT                3607
#define THREAD_ABORT_SAFELY         3608
#define THREAD_DEPRESS_ABORT        3609
#define THREAD_INFO                 3612
#define THREAD_SET_EXCEPTION_PORTS  3613
#define THREAD_GET_EXCEPTION_PORTS  3614
#define THREAD_SWAP_EXCEPTION_PORTS 3615

/* thread_info flavors (<mach/thread_info.h>) and their sizes in words. */
#define THREAD_BASIC_INFO            3
#define THREAD_BASIC_INFO_COUNT      10
#define THREAD_IDENTIFIER_INFO       4
#define THREAD_IDENTIFIER_INFO_COUNT 6
#define THREAD_SCHED_TIMESHARE_INFO  10
#define POLICY_TIMESHARE_INFO_COUNT  5
#define POLICY_TIMESHARE             1
#define TH_STATE_RUNNING             1
#define TH_STATE_STOPPED             2
#define TH_STATE_WAITING             3
#define TH_STATE_HALTED              5

struct thread_get_state_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t flavor;
	uint32_t old_stateCnt;
};

struct thread_get_state_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint32_t old_stateCnt;
	uint32_t old_state[];
};

struct thread_set_state_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t flavor;
	uint32_t new_stateCnt;
	uint32_t new_state[];
};

/* thread_get_state(thread, flavor, old_stateCnt) -> old_state. */
static struct ipc_kmsg *thread_get_state_routine(struct thread *t, struct ipc_kmsg *request)
{
	const struct thread_get_state_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	uint32_t words[THREAD_STATE_MAX];

	if ((request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) || request->size != sizeof(*req))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	uint32_t count =
	    req->old_stateCnt < THREAD_STATE_MAX ? req->old_stateCnt : THREAD_STATE_MAX;
	kern_return_t kr = thread_state_get(t, req->flavor, words, &count);
	if (kr != KERN_SUCCESS)
		return ipc_kobject_error_reply(id, kr);
	mach_msg_size_t size = sizeof(struct thread_get_state_reply) + count * 4;
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(size, id);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct thread_get_state_reply *r = (void *)&reply->header;
	r->NDR[1] = 1;
	r->old_stateCnt = count;
	memcpy(r->old_state, words, count * 4);
	return reply;
}

/* thread_set_state(thread, flavor, new_state). */
static struct ipc_kmsg *thread_set_state_routine(struct thread *t, struct ipc_kmsg *request)
{
	const struct thread_set_state_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	size_t fixed = offsetof(struct thread_set_state_request, new_state);

	if ((request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) || request->size < fixed ||
	    req->new_stateCnt > THREAD_STATE_MAX || request->size != fixed + req->new_stateCnt * 4)
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	return ipc_kobject_error_reply(
	    id, thread_state_set(t, req->flavor, req->new_state, req->new_stateCnt));
}

/*
 * thread_info(thread, flavor, thread_info_outCnt) -> thread_info_out. The
 * basic flavor's cpu_usage and sleep_time are not kept: they read 0. As in
 * XNU, the basic flavor has no priorities; THREAD_SCHED_TIMESHARE_INFO does.
 */
static struct ipc_kmsg *thread_info_routine(struct thread *t, struct ipc_kmsg *request)
{
	const struct ipc_kobject_info_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	int32_t w[THREAD_BASIC_INFO_COUNT] = {0};
	uint32_t count;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	switch (req->flavor) {
	case THREAD_BASIC_INFO:
		count = THREAD_BASIC_INFO_COUNT;
		sched_ticks_to_time_value(t->user_ticks, &w[0]);
		sched_ticks_to_time_value(t->system_ticks, &w[2]);
		w[5] = POLICY_TIMESHARE;
		w[6] = t->state == THREAD_WAITING     ? TH_STATE_WAITING
		       : t->state == THREAD_SUSPENDED ? TH_STATE_STOPPED
		       : t->state == THREAD_HALTED    ? TH_STATE_HALTED
		                                      : TH_STATE_RUNNING;
		/* The thread's own suspensions, as XNU counts them: not its task's (see task.h). */
		w[8] = (int32_t)(t->suspend_count - (t->task ? t->task->suspend_count : 0));
		break;
	case THREAD_IDENTIFIER_INFO: {
		count = THREAD_IDENTIFIER_INFO_COUNT;
		/* thread_id, thread_handle (its TSD base, as pthreads sets it), no dispatch queue.
		 */
		memcpy(&w[0], &t->id, 8);
		memcpy(&w[2], &t->tsd_base, 8);
		break;
	}
	case THREAD_SCHED_TIMESHARE_INFO: {
		/* max, base, cur, depressed, depress_priority, as XNU fills them (base: DEPRESSPRI
		 * while depressed); nothing here raises a thread above its own priority. */
		int base = t->depressed ? t->depress_priority : t->priority;
		count = POLICY_TIMESHARE_INFO_COUNT;
		w[0] = base;
		w[1] = t->depressed ? THREAD_PRIORITY_DEPRESSED : base;
		w[2] = t->priority;
		w[3] = t->depressed;
		w[4] = t->depressed ? base : -1;
		break;
	}
	default: count = 0; break;
	}
	spin_unlock_irqrestore(&sched_lock, daif);
	if (count == 0 || req->info_outCnt < count)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	return ipc_kobject_info_reply(id, w, count);
}

struct ipc_kmsg *thread_server(struct thread *t, struct ipc_kmsg *request)
{
	mach_msg_id_t id = request->header.msgh_id;

	bool no_arguments = ipc_kobject_request_is_simple(request, sizeof(mach_msg_header_t));

	switch (id) {
	case THREAD_GET_STATE: return thread_get_state_routine(t, request);
	case THREAD_SET_STATE: return thread_set_state_routine(t, request);
	case THREAD_SUSPEND:
	case THREAD_RESUME:
		if (!no_arguments)
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		return ipc_kobject_error_reply(id, id == THREAD_SUSPEND ? thread_suspend(t)
		                                                        : thread_resume(t));
	case THREAD_ABORT:
	case THREAD_ABORT_SAFELY:
		/* Every interruptible wait is a safe point: the two are the same here. */
		if (!no_arguments)
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		thread_abort(t);
		return ipc_kobject_error_reply(id, KERN_SUCCESS);
	case THREAD_DEPRESS_ABORT:
		if (!no_arguments)
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		return ipc_kobject_error_reply(id, thread_depress_abort(t));
	case THREAD_TERMINATE:
		if (!no_arguments)
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		thread_terminate(t);
		return ipc_kobject_error_reply(id, KERN_SUCCESS);
	case THREAD_INFO: return thread_info_routine(t, request);
	case THREAD_SET_EXCEPTION_PORTS:
		return exception_ports_set_routine(t->exc_actions, request);
	case THREAD_GET_EXCEPTION_PORTS:
		return exception_ports_get_routine(t->exc_actions, request);
	case THREAD_SWAP_EXCEPTION_PORTS:
		return exception_ports_swap_routine(t->exc_actions, request);
	default: return ipc_kobject_error_reply(id, MIG_BAD_ID);
	}
}
