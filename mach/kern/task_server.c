/*
 * The task routines (XNU's task.defs) on a task's kernel port, answered with
 * XNU's message ids and layouts: task_create, task_terminate, task_info, task_suspend,
 * task_resume, task_get/set_special_port, thread_create, thread_create_running,
 * task_set_exception_ports, semaphore_create and semaphore_destroy; the
 * mach_port and mach_vm subsystems on the same port go to their servers, and
 * Tessera's task_set_name (mach/tessera_task.h) is answered here too.
 * Anything else gets MIG_BAD_ID; a malformed request, MIG_BAD_ARGUMENTS.
 */
#include "kern/task_server.h"

#include <stddef.h>
#include <string.h>

#include "ipc/ipc_kobject.h"
#include "ipc/ipc_right.h"
#include "ipc/mach_port_server.h"
#include "arch/arm64/pmap.h"
#include "kern/exception_ports.h"
#include "kern/sched.h"
#include "kern/semaphore.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/thread_state.h"
#include "mach/syscall_forward.h"
#include "mach/task_special_ports.h"
#include "mach/tessera_task.h"
#include "mach/thread_status.h"
#include "vm/mach_vm_server.h"
#include "vm/vm_map.h"

#define TASK_CREATE               3400
#define TASK_TERMINATE            3401
#define TASK_INFO                 3405
#define TASK_SUSPEND              3407
#define TASK_RESUME               3408
#define TASK_GET_SPECIAL_PORT     3409
#define TASK_SET_SPECIAL_PORT     3410
#define THREAD_CREATE             3411
#define THREAD_CREATE_RUNNING     3412
#define TASK_SET_EXCEPTION_PORTS  3413
#define TASK_GET_EXCEPTION_PORTS  3414
#define TASK_SWAP_EXCEPTION_PORTS 3415
#define SEMAPHORE_CREATE          3418
#define SEMAPHORE_DESTROY         3419

/* task_info flavors (<mach/task_info.h>) and their sizes in words. */
#define TASK_THREAD_TIMES_INFO       3
#define TASK_THREAD_TIMES_INFO_COUNT 4
#define TASK_BASIC_INFO_64           5
#define TASK_BASIC_INFO_64_COUNT     10
#define MACH_TASK_BASIC_INFO         20
#define MACH_TASK_BASIC_INFO_COUNT   12
#define POLICY_TIMESHARE             1

struct thread_create_running_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t flavor;
	uint32_t new_stateCnt;
	uint32_t new_state[];
};

/*
 * A new thread in `task` with the user registers of `frame`, started now
 * (`running`) or suspended once; the reply carries a send right to its port.
 */
static struct ipc_kmsg *new_thread_reply(struct task *task, const struct trap_frame *frame,
                                         bool running, mach_msg_id_t id)
{
	struct ipc_kmsg *reply = ipc_kobject_port_reply_alloc(id);
	struct thread *t = reply ? thread_create_user(task, frame) : NULL;
	if (!t) {
		if (reply)
			ipc_kmsg_free(reply);
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	}
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	t->ith_self = ipc_kobject_port_alloc(IKOT_THREAD, t);
	if (t->ith_self)
		ipc_port_make_send(t->ith_self);
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (running)
		thread_start(t);
	else
		thread_start_suspended(t);
	if (!t->ith_self) {
		/* Nobody could ever name it: it ends at once. */
		thread_terminate(t);
		ipc_kmsg_free(reply);
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	}
	ipc_kobject_port_reply_set(reply, t->ith_self, MACH_MSG_TYPE_PORT_SEND);
	return reply;
}

/* thread_create_running(parent_task, flavor, new_state) -> child_act. */
static struct ipc_kmsg *thread_create_running_routine(struct task *task, struct ipc_kmsg *request)
{
	const struct thread_create_running_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	size_t fixed = offsetof(struct thread_create_running_request, new_state);

	if (request->size < fixed || req->new_stateCnt > THREAD_STATE_MAX ||
	    request->size != fixed + req->new_stateCnt * 4)
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->flavor != ARM_THREAD_STATE64 || req->new_stateCnt < ARM_THREAD_STATE64_COUNT)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	struct arm_thread_state64 state;
	memcpy(&state, req->new_state, sizeof(state));

	struct trap_frame frame;
	memset(&frame, 0, sizeof(frame));
	thread_state_to_frame(&frame, &state);

	return new_thread_reply(task, &frame, true, id);
}

struct task_set_special_port_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t special_port;
	uint32_t NDR[2];
	int32_t which_port;
};

/* The slot a settable special port lives in, or NULL for any other `which`. */
static struct ipc_port **special_port_slot(struct task *task, int32_t which)
{
	switch (which) {
	case TASK_HOST_PORT: return &task->itk_host;
	case TASK_BOOTSTRAP_PORT: return &task->itk_bootstrap;
	case TASK_SYSCALL_PORT: return &task->syscall_port;
	default: return NULL;
	}
}

/*
 * task_set_special_port(task, which_port, special_port): TASK_HOST_PORT,
 * TASK_BOOTSTRAP_PORT and Tessera's TASK_SYSCALL_PORT; the kernel holds the
 * send right. The task's own port (TASK_KERNEL_PORT) cannot be replaced.
 */
static struct ipc_kmsg *task_set_special_port(struct task *task, struct ipc_kmsg *request)
{
	const struct task_set_special_port_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_has_one_desc(request, sizeof(*req), MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	struct ipc_port **slot = special_port_slot(task, req->which_port);
	if (!slot)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	struct ipc_kmsg_desc *d = &request->descs[0];
	if (d->port && d->right != MACH_MSG_TYPE_PORT_SEND)
		return ipc_kobject_error_reply(id, KERN_INVALID_RIGHT);
	/* BSD calls wait for an answer that a kernel object would never give. */
	if (d->port && slot == &task->syscall_port && d->port->kotype != IKOT_NONE)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *old = *slot;
	*slot = d->port; /* the right moves from the message to the task */
	d->port = NULL;
	if (old)
		ipc_right_release(old, MACH_MSG_TYPE_PORT_SEND);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return ipc_kobject_error_reply(id, KERN_SUCCESS);
}

struct task_get_special_port_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t which_port;
};

/* task_get_special_port(task, which_port) -> special_port: a copy, or null if unset. */
static struct ipc_kmsg *task_get_special_port(struct task *task, struct ipc_kmsg *request)
{
	const struct task_get_special_port_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	struct ipc_port **slot = special_port_slot(task, req->which_port);
	if (!slot && req->which_port != TASK_KERNEL_PORT)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	struct ipc_kmsg *reply = ipc_kobject_port_reply_alloc(id);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *port = slot ? *slot : task->itk_self;
	if (port)
		ipc_port_copy_send(port);
	spin_unlock_irqrestore(&ipc_lock, daif);
	ipc_kobject_port_reply_set(reply, port, MACH_MSG_TYPE_PORT_SEND);
	return reply;
}

/*
 * thread_create(task) -> child_act: a thread whose registers are all zero,
 * suspended once; thread_set_state and thread_resume start it.
 */
static struct ipc_kmsg *thread_create_routine(struct task *task, struct ipc_kmsg *request)
{
	mach_msg_id_t id = request->header.msgh_id;
	struct trap_frame frame;

	if (!ipc_kobject_request_is_simple(request, sizeof(mach_msg_header_t)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	memset(&frame, 0, sizeof(frame));
	return new_thread_reply(task, &frame, false, id);
}

struct task_create_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_ool_ports_descriptor64_t ledgers;
	uint32_t NDR[2];
	uint32_t ledgersCnt;
	int32_t inherit_memory;
};

/* task_create(parent, ledgers, inherit_memory) -> child_task. Ledgers are not kept. */
static struct ipc_kmsg *task_create_routine(struct task *parent, struct ipc_kmsg *request)
{
	const struct task_create_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_has_one_desc(request, sizeof(*req), MACH_MSG_OOL_PORTS_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	struct ipc_kmsg *reply = ipc_kobject_port_reply_alloc(id);
	struct task *child =
	    reply ? task_create(parent->name, parent, req->inherit_memory != 0) : NULL;
	if (!child) {
		if (reply)
			ipc_kmsg_free(reply);
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	}
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	ipc_port_make_send(child->itk_self);
	spin_unlock_irqrestore(&ipc_lock, daif);
	ipc_kobject_port_reply_set(reply, child->itk_self, MACH_MSG_TYPE_PORT_SEND);
	return reply;
}

struct semaphore_create_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t policy;
	int32_t value;
};

struct semaphore_destroy_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t semaphore;
};

/* semaphore_create(task, policy, value) -> semaphore. */
static struct ipc_kmsg *semaphore_create_routine(struct task *task, struct ipc_kmsg *request)
{
	const struct semaphore_create_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	kern_return_t kr;

	if ((request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) || request->size != sizeof(*req))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	struct ipc_kmsg *reply = ipc_kobject_port_reply_alloc(id);
	struct ipc_port *port = reply ? semaphore_create(task, req->value, &kr) : NULL;
	if (!port) {
		if (reply)
			ipc_kmsg_free(reply);
		return ipc_kobject_error_reply(id, reply ? kr : KERN_RESOURCE_SHORTAGE);
	}
	ipc_kobject_port_reply_set(reply, port, MACH_MSG_TYPE_PORT_SEND);
	return reply;
}

/* semaphore_destroy(task, semaphore). */
static struct ipc_kmsg *semaphore_destroy_routine(struct task *task, struct ipc_kmsg *request)
{
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_has_one_desc(request, sizeof(struct semaphore_destroy_request),
	                                      MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	kern_return_t kr = semaphore_destroy(task, request->descs[0].port);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return ipc_kobject_error_reply(id, kr);
}

/* CPU time in ticks of the task's live threads, and of all it has had. */
static void task_times(struct task *task, uint64_t live[2], uint64_t all[2])
{
	uint64_t daif = spin_lock_irqsave(&task->lock);
	uint64_t sdaif = spin_lock_irqsave(&sched_lock);
	live[0] = live[1] = 0;
	for (struct thread *t = task->threads; t; t = t->task_next) {
		live[0] += t->user_ticks;
		live[1] += t->system_ticks;
	}
	spin_unlock_irqrestore(&sched_lock, sdaif);
	all[0] = live[0] + task->dead_user_ticks;
	all[1] = live[1] + task->dead_system_ticks;
	spin_unlock_irqrestore(&task->lock, daif);
}

/* task_info(task, flavor, task_info_outCnt) -> task_info_out. */
static struct ipc_kmsg *task_info_routine(struct task *task, struct ipc_kmsg *request)
{
	const struct ipc_kobject_info_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	uint64_t live[2], all[2];
	size_t resident_max;
	int32_t w[MACH_TASK_BASIC_INFO_COUNT] = {0};
	uint32_t count;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	task_times(task, live, all);
	uint64_t resident = pmap_resident_count(vm_map_pmap(task->map), &resident_max) * PAGE_SIZE;
	uint64_t virtual_size = vm_map_size(task->map);
	switch (req->flavor) {
	case TASK_THREAD_TIMES_INFO:
		count = TASK_THREAD_TIMES_INFO_COUNT;
		sched_ticks_to_time_value(live[0], &w[0]);
		sched_ticks_to_time_value(live[1], &w[2]);
		break;
	case TASK_BASIC_INFO_64:
		count = TASK_BASIC_INFO_64_COUNT;
		w[0] = (int32_t)task->suspend_count;
		memcpy(&w[1], &virtual_size, 8);
		memcpy(&w[3], &resident, 8);
		sched_ticks_to_time_value(all[0], &w[5]);
		sched_ticks_to_time_value(all[1], &w[7]);
		w[9] = POLICY_TIMESHARE;
		break;
	case MACH_TASK_BASIC_INFO: {
		count = MACH_TASK_BASIC_INFO_COUNT;
		uint64_t max = resident_max * PAGE_SIZE;
		memcpy(&w[0], &virtual_size, 8);
		memcpy(&w[2], &resident, 8);
		memcpy(&w[4], &max, 8);
		sched_ticks_to_time_value(all[0], &w[6]);
		sched_ticks_to_time_value(all[1], &w[8]);
		w[10] = POLICY_TIMESHARE;
		w[11] = (int32_t)task->suspend_count;
		break;
	}
	default: return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	}
	if (req->info_outCnt < count)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	return ipc_kobject_info_reply(id, w, count);
}

/* Tessera's task_set_name(task, name): what the kernel's reports call the task. */
static struct ipc_kmsg *task_set_name_routine(struct task *task, struct ipc_kmsg *request)
{
	const struct task_set_name_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	size_t fixed = offsetof(struct task_set_name_request, name);

	if ((request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) || request->size < fixed ||
	    req->nameCnt == 0 || req->nameCnt > TASK_NAME_MAX ||
	    request->size != fixed + ((req->nameCnt + 3) & ~3u) ||
	    req->name[req->nameCnt - 1] != '\0')
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	_Static_assert(sizeof(task->name) >= TASK_NAME_MAX, "task names fit");
	uint64_t daif = spin_lock_irqsave(&task->lock);
	memcpy(task->name, req->name, req->nameCnt);
	spin_unlock_irqrestore(&task->lock, daif);
	return ipc_kobject_error_reply(id, KERN_SUCCESS);
}

struct ipc_kmsg *task_server(struct task *task, struct ipc_kmsg *request)
{
	mach_msg_id_t id = request->header.msgh_id;
	bool simple = !(request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX);

	switch (id) {
	case TASK_CREATE: return task_create_routine(task, request);
	case SEMAPHORE_CREATE: return semaphore_create_routine(task, request);
	case SEMAPHORE_DESTROY: return semaphore_destroy_routine(task, request);
	case TASK_TERMINATE:
		if (!simple || request->size != sizeof(mach_msg_header_t))
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		task_terminate(task);
		return ipc_kobject_error_reply(id, KERN_SUCCESS);
	case TASK_SUSPEND:
	case TASK_RESUME:
		if (!simple || request->size != sizeof(mach_msg_header_t))
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		return ipc_kobject_error_reply(id, id == TASK_SUSPEND ? task_suspend(task)
		                                                      : task_resume(task));
	case THREAD_CREATE_RUNNING:
		if (!simple)
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		return thread_create_running_routine(task, request);
	case TASK_INFO: return task_info_routine(task, request);
	case TASK_SET_NAME_ID: return task_set_name_routine(task, request);
	case TASK_GET_SPECIAL_PORT: return task_get_special_port(task, request);
	case TASK_SET_SPECIAL_PORT: return task_set_special_port(task, request);
	case THREAD_CREATE: return thread_create_routine(task, request);
	case TASK_SET_EXCEPTION_PORTS:
	case TASK_GET_EXCEPTION_PORTS:
	case TASK_SWAP_EXCEPTION_PORTS: {
		uint64_t daif = spin_lock_irqsave(&ipc_lock);
		struct ipc_kmsg *reply =
		    id == TASK_SET_EXCEPTION_PORTS
		        ? exception_ports_set_routine(task->exc_actions, request)
		    : id == TASK_GET_EXCEPTION_PORTS
		        ? exception_ports_get_routine(task->exc_actions, request)
		        : exception_ports_swap_routine(task->exc_actions, request);
		spin_unlock_irqrestore(&ipc_lock, daif);
		return reply;
	}
	default:
		if (id >= MACH_PORT_SUBSYSTEM && id < MACH_PORT_SUBSYSTEM_END)
			return mach_port_server(task, request);
		if (mach_vm_routine(id))
			return mach_vm_server(task, request);
		return ipc_kobject_error_reply(id, MIG_BAD_ID);
	}
}
