/*
 * Kernel-object routines, answered MIG-style with XNU's message ids and
 * layouts: task 3400 (task_create, terminate, suspend/resume, special ports,
 * thread_create_running, exception ports, semaphores), with mach_port 3200
 * (ipc/mach_port_server.c) and mach_vm 4800 (vm/mach_vm_server.c) on task
 * ports too, and thread_act 3600 (terminate, get/set state, suspend/resume,
 * exception ports). Anything
 * else gets MIG_BAD_ID. Replies to forwarded BSD calls and to exception
 * messages also arrive here (kern/syscall_forward.c, kern/exception_ports.c).
 * Every request is validated before use; a malformed one gets
 * MIG_BAD_ARGUMENTS.
 */
#include "ipc/ipc_kobject.h"

#include <stddef.h>
#include <string.h>

#include "ipc/ipc_right.h"
#include "ipc/mach_port_server.h"
#include "ipc/mach_msg.h"
#include "kern/exception_ports.h"
#include "kern/semaphore.h"
#include "kern/syscall_forward.h"
#include "kern/task.h"
#include "mach/syscall_forward.h"
#include "kern/thread.h"
#include "kern/thread_state.h"
#include "mach/thread_status.h"
#include "vm/mach_vm_server.h"
#include "vm/vm_kern.h"

#define MIG_BAD_ARGUMENTS (-304)

#define TASK_CREATE                3400
#define TASK_TERMINATE             3401
#define TASK_SUSPEND               3407
#define TASK_RESUME                3408
#define TASK_SET_SPECIAL_PORT      3410
#define THREAD_CREATE_RUNNING      3412
#define TASK_SET_EXCEPTION_PORTS   3413
#define SEMAPHORE_CREATE           3418
#define SEMAPHORE_DESTROY          3419
#define THREAD_TERMINATE           3600
#define THREAD_GET_STATE           3603
#define THREAD_SET_STATE           3604
#define THREAD_SUSPEND             3605
#define THREAD_RESUME              3606
#define THREAD_SET_EXCEPTION_PORTS 3613
#define REPLY_ID(id)               ((id) + 100)

struct thread_create_running_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t flavor;
	uint32_t new_stateCnt;
	uint32_t new_state[];
};

struct port_reply {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t port;
};

struct ipc_port *ipc_kobject_port_alloc(enum ipc_kobject_type type, void *object)
{
	struct ipc_port *port = ipc_port_alloc();

	if (port) {
		port->kotype = type;
		port->kobject = object;
	}
	return port;
}

void ipc_kobject_port_destroy(struct ipc_port *port)
{
	port->kobject = NULL;
	ipc_port_destroy(port);
	ipc_port_release(port);
}

/* A reply message to the request's reply right; NULL if out of memory. */
struct ipc_kmsg *ipc_kobject_reply_alloc(mach_msg_size_t size, mach_msg_id_t request_id)
{
	struct ipc_kmsg *reply = ipc_kmsg_alloc(size);

	if (reply) {
		reply->header.msgh_size = size;
		reply->header.msgh_id = REPLY_ID(request_id);
	}
	return reply;
}

struct ipc_kmsg *ipc_kobject_error_reply(mach_msg_id_t id, kern_return_t code)
{
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(mig_reply_error_t), id);

	if (reply) {
		mig_reply_error_t *body = (mig_reply_error_t *)&reply->header;
		/* NDR_record: MIG version 0, int_rep 1 (little-endian), ASCII, IEEE floats. */
		body->NDR[0] = 0;
		body->NDR[1] = 1;
		body->RetCode = code;
	}
	return reply;
}

/* A request of exactly `size` bytes that carries one descriptor, of type `type`. */
static bool request_has_one_desc(const struct ipc_kmsg *request, mach_msg_size_t size,
                                 unsigned int type)
{
	return (request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) && request->size == size &&
	       request->ndescs == 1 && request->descs[0].type == type;
}

/* thread_create_running(parent_task, flavor, new_state) -> child_act. */
static struct ipc_kmsg *task_thread_create_running(struct task *task, struct ipc_kmsg *request)
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

	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct port_reply), id);
	struct ipc_kmsg_desc *desc = kalloc_zeroed(sizeof(*desc));
	struct thread *t = reply && desc ? thread_create_user(task, &frame) : NULL;
	if (!t) {
		if (reply)
			ipc_kmsg_free(reply);
		kfree(desc);
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	}
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	t->ith_self = ipc_kobject_port_alloc(IKOT_THREAD, t);
	if (t->ith_self) {
		t->ith_self->srights++;
		t->ith_self->mscount++;
		ipc_port_reference(t->ith_self);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	thread_start(t);
	if (!t->ith_self) {
		kfree(desc);
		ipc_kmsg_free(reply);
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	}
	struct port_reply *body = (struct port_reply *)&reply->header;
	body->Head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	body->msgh_body.msgh_descriptor_count = 1;
	body->port.type = MACH_MSG_PORT_DESCRIPTOR;
	desc->type = MACH_MSG_PORT_DESCRIPTOR;
	desc->port = t->ith_self;
	desc->right = MACH_MSG_TYPE_PORT_SEND;
	reply->descs = desc;
	reply->ndescs = 1;
	return reply;
}

struct task_set_special_port_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t special_port;
	uint32_t NDR[2];
	int32_t which_port;
};

/*
 * task_set_special_port(task, which_port, special_port). Only Tessera's
 * TASK_SYSCALL_PORT is kept so far; the kernel holds the send right.
 */
static struct ipc_kmsg *task_set_special_port(struct task *task, struct ipc_kmsg *request)
{
	const struct task_set_special_port_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!request_has_one_desc(request, sizeof(*req), MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->which_port != TASK_SYSCALL_PORT)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	struct ipc_kmsg_desc *d = &request->descs[0];
	if (d->port && d->right != MACH_MSG_TYPE_PORT_SEND)
		return ipc_kobject_error_reply(id, KERN_INVALID_RIGHT);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *old = task->syscall_port;
	task->syscall_port = d->port; /* the right moves from the message to the task */
	d->port = NULL;
	if (old)
		ipc_right_release(old, MACH_MSG_TYPE_PORT_SEND);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return ipc_kobject_error_reply(id, KERN_SUCCESS);
}

/* task_set_exception_ports and thread_set_exception_ports, which share a layout. */
struct set_exception_ports_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t new_port;
	uint32_t NDR[2];
	uint32_t exception_mask;
	uint32_t behavior;
	int32_t new_flavor;
};

/*
 * (task|thread)_set_exception_ports(target, exception_mask, new_port,
 * behavior, new_flavor) on the target's `table`, which keeps the send right.
 * ipc_lock held.
 */
static struct ipc_kmsg *set_exception_ports(struct exception_action *table,
                                            struct ipc_kmsg *request)
{
	const struct set_exception_ports_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!request_has_one_desc(request, sizeof(*req), MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	kern_return_t kr =
	    exception_ports_check(req->exception_mask, req->behavior, req->new_flavor);
	if (kr != KERN_SUCCESS)
		return ipc_kobject_error_reply(id, kr);
	struct ipc_kmsg_desc *d = &request->descs[0];
	if (d->port && d->right != MACH_MSG_TYPE_PORT_SEND)
		return ipc_kobject_error_reply(id, KERN_INVALID_RIGHT);
	exception_ports_set(table, req->exception_mask, d->port, req->behavior, req->new_flavor);
	d->port = NULL; /* the right moved from the message to the table */
	return ipc_kobject_error_reply(id, KERN_SUCCESS);
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

	if (!request_has_one_desc(request, sizeof(*req), MACH_MSG_OOL_PORTS_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct port_reply), id);
	struct ipc_kmsg_desc *desc = kalloc_zeroed(sizeof(*desc));
	struct task *child =
	    reply && desc ? task_create(parent->name, req->inherit_memory ? parent : NULL) : NULL;
	if (!child) {
		if (reply)
			ipc_kmsg_free(reply);
		kfree(desc);
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	}
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	child->itk_self->srights++;
	child->itk_self->mscount++;
	ipc_port_reference(child->itk_self);
	spin_unlock_irqrestore(&ipc_lock, daif);
	struct port_reply *body = (struct port_reply *)&reply->header;
	body->Head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	body->msgh_body.msgh_descriptor_count = 1;
	body->port.type = MACH_MSG_PORT_DESCRIPTOR;
	desc->type = MACH_MSG_PORT_DESCRIPTOR;
	desc->port = child->itk_self;
	desc->right = MACH_MSG_TYPE_PORT_SEND;
	reply->descs = desc;
	reply->ndescs = 1;
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
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct port_reply), id);
	struct ipc_kmsg_desc *desc = kalloc_zeroed(sizeof(*desc));
	struct ipc_port *port = reply && desc ? semaphore_create(task, req->value, &kr) : NULL;
	if (!port) {
		if (reply)
			ipc_kmsg_free(reply);
		kfree(desc);
		return ipc_kobject_error_reply(id, reply && desc ? kr : KERN_RESOURCE_SHORTAGE);
	}
	struct port_reply *body = (struct port_reply *)&reply->header;
	body->Head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	body->msgh_body.msgh_descriptor_count = 1;
	body->port.type = MACH_MSG_PORT_DESCRIPTOR;
	desc->type = MACH_MSG_PORT_DESCRIPTOR;
	desc->port = port;
	desc->right = MACH_MSG_TYPE_PORT_SEND;
	reply->descs = desc;
	reply->ndescs = 1;
	return reply;
}

/* semaphore_destroy(task, semaphore). */
static struct ipc_kmsg *semaphore_destroy_routine(struct task *task, struct ipc_kmsg *request)
{
	mach_msg_id_t id = request->header.msgh_id;

	if (!request_has_one_desc(request, sizeof(struct semaphore_destroy_request),
	                          MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	kern_return_t kr = semaphore_destroy(task, request->descs[0].port);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return ipc_kobject_error_reply(id, kr);
}

/* Runs a task routine; the caller holds a task reference. */
static struct ipc_kmsg *task_server(struct task *task, struct ipc_kmsg *request)
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
		return task_thread_create_running(task, request);
	case TASK_SET_SPECIAL_PORT: return task_set_special_port(task, request);
	case TASK_SET_EXCEPTION_PORTS: {
		uint64_t daif = spin_lock_irqsave(&ipc_lock);
		struct ipc_kmsg *reply = set_exception_ports(task->exc_actions, request);
		spin_unlock_irqrestore(&ipc_lock, daif);
		return reply;
	}
	default:
		if (id >= MACH_PORT_SUBSYSTEM && id < MACH_PORT_SUBSYSTEM_END)
			return mach_port_server(task, request);
		if (id >= MACH_VM_SUBSYSTEM && id < MACH_VM_SUBSYSTEM_END)
			return mach_vm_server(task, request);
		return ipc_kobject_error_reply(id, MIG_BAD_ID);
	}
}

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

/* Runs a thread routine. ipc_lock held (it keeps the thread from being freed). */
static struct ipc_kmsg *thread_server(struct thread *t, struct ipc_kmsg *request)
{
	mach_msg_id_t id = request->header.msgh_id;

	switch (id) {
	case THREAD_GET_STATE: return thread_get_state_routine(t, request);
	case THREAD_SET_STATE: return thread_set_state_routine(t, request);
	case THREAD_SUSPEND:
	case THREAD_RESUME:
		if ((request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
		    request->size != sizeof(mach_msg_header_t))
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		return ipc_kobject_error_reply(id, id == THREAD_SUSPEND ? thread_suspend(t)
		                                                        : thread_resume(t));
	case THREAD_TERMINATE:
		if ((request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
		    request->size != sizeof(mach_msg_header_t))
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		thread_terminate(t);
		return ipc_kobject_error_reply(id, KERN_SUCCESS);
	case THREAD_SET_EXCEPTION_PORTS: return set_exception_ports(t->exc_actions, request);
	default: return ipc_kobject_error_reply(id, MIG_BAD_ID);
	}
}

void ipc_kobject_server(struct ipc_kmsg *request)
{
	struct ipc_kmsg *reply = NULL;
	struct task *task = NULL;

	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *port = request->dest;
	if (port->kotype == IKOT_TASK && port->kobject) {
		task = port->kobject;
		task_reference(task);
	} else if (port->kotype == IKOT_THREAD && port->kobject) {
		reply = thread_server(port->kobject, request);
	} else if (port->kotype == IKOT_SYSCALL_REPLY && port->kobject) {
		syscall_forward_reply(port->kobject, request);
	} else if (port->kotype == IKOT_EXCEPTION_REPLY && port->kobject) {
		exception_ports_reply(port->kobject, request);
	} else {
		reply = ipc_kobject_error_reply(request->header.msgh_id, MIG_BAD_ID);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);

	/* Task routines may block or free memory: they run without ipc_lock. */
	if (task) {
		reply = task_server(task, request);
		task_deallocate(task);
	}

	daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *reply_port = request->reply;
	mach_msg_type_name_t reply_type = request->reply_type;
	request->reply = NULL;
	ipc_kmsg_destroy(request);
	if (reply && reply_port) {
		reply->dest = reply_port;
		reply->dest_type = reply_type;
		reply->header.msgh_bits |= MACH_MSGH_BITS(reply_type, 0);
		mach_msg_send_from_kernel(reply);
	} else {
		if (reply_port)
			ipc_right_release(reply_port, reply_type);
		if (reply)
			ipc_kmsg_destroy(reply);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
}
