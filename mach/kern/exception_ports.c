/*
 * Exception messages, by XNU's ids and layouts: exc.defs (exception_raise
 * 2401, _state 2402, _state_identity 2403; 32-bit codes) and mach_exc.defs
 * (mach_exception_raise 2405, _state 2406, _state_identity 2407; 64-bit
 * codes), each answered at id + 100. Requests are MIG's packed layouts
 * (4-byte alignment, so 64-bit codes may sit at any multiple of 4), written
 * field by field.
 */
#include "kern/exception_ports.h"

#include <stddef.h>
#include <string.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_right.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/thread_state.h"
#include "mach/thread_status.h"
#include "vm/vm_kern.h"

#define EXCEPTION_RAISE      2401 /* + behavior - EXCEPTION_DEFAULT */
#define MACH_EXCEPTION_RAISE 2405
#define REPLY_ID(id)         ((id) + 100)
#define EXC_MASK_VALID       ((1u << EXC_TYPES_COUNT) - (1u << EXC_BAD_ACCESS))

/* The reply to a _state routine: mig_reply_error_t, then the new state. */
struct state_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	int32_t flavor;
	uint32_t new_stateCnt;
	uint32_t new_state[];
};

/* NDR_record: MIG version 0, int_rep 1 (little-endian), ASCII, IEEE floats. */
static const uint32_t ndr_record[2] = {0, 1};

kern_return_t exception_ports_check(uint32_t mask, uint32_t behavior, int32_t flavor)
{
	uint32_t kind = behavior & ~MACH_EXCEPTION_CODES;

	if (mask & ~EXC_MASK_VALID)
		return KERN_INVALID_ARGUMENT;
	if (kind < EXCEPTION_DEFAULT || kind > EXCEPTION_STATE_IDENTITY)
		return KERN_INVALID_ARGUMENT;
	/* The states thread_get_state gives; DEFAULT sends none. */
	if (flavor != ARM_THREAD_STATE64 && flavor != ARM_NEON_STATE64 &&
	    !(flavor == THREAD_STATE_NONE && kind == EXCEPTION_DEFAULT))
		return KERN_INVALID_ARGUMENT;
	return KERN_SUCCESS;
}

void exception_ports_set(struct exception_action *table, uint32_t mask, struct ipc_port *port,
                         uint32_t behavior, int32_t flavor)
{
	for (int exc = EXC_BAD_ACCESS; exc < EXC_TYPES_COUNT; exc++) {
		if (!(mask & (1u << exc)))
			continue;
		struct ipc_port *old = table[exc].port;
		if (port) {
			/* Each entry gets its own copy of the send right. */
			port->srights++;
			ipc_port_reference(port);
		}
		table[exc] = (struct exception_action){port, behavior, flavor};
		if (old)
			ipc_right_release(old, MACH_MSG_TYPE_PORT_SEND);
	}
	if (port)
		ipc_right_release(port, MACH_MSG_TYPE_PORT_SEND);
}

void exception_ports_release(struct exception_action *table)
{
	for (int exc = 0; exc < EXC_TYPES_COUNT; exc++) {
		if (table[exc].port)
			ipc_right_release(table[exc].port, MACH_MSG_TYPE_PORT_SEND);
		table[exc].port = NULL;
	}
}

static bool carries_state(mach_msg_id_t id)
{
	return id != EXCEPTION_RAISE && id != MACH_EXCEPTION_RAISE;
}

static bool carries_identity(uint32_t behavior)
{
	uint32_t kind = behavior & ~MACH_EXCEPTION_CODES;

	return kind == EXCEPTION_DEFAULT || kind == EXCEPTION_STATE_IDENTITY;
}

static void put(uint8_t *msg, size_t *offset, const void *value, size_t size)
{
	memcpy(msg + *offset, value, size);
	*offset += size;
}

/* A port descriptor carrying a new send right to `port` (none if NULL). ipc_lock held. */
static void put_send_right(uint8_t *msg, size_t *offset, struct ipc_kmsg_desc *d,
                           struct ipc_port *port)
{
	mach_msg_port_descriptor_t pd = {.type = MACH_MSG_PORT_DESCRIPTOR};

	put(msg, offset, &pd, sizeof(pd));
	d->type = MACH_MSG_PORT_DESCRIPTOR;
	d->right = MACH_MSG_TYPE_PORT_SEND;
	if (port) {
		ipc_port_make_send(port);
		d->port = port;
	}
}

/*
 * The exception message `a` asks for, about thread `t` (its state in a's
 * flavor for the _STATE behaviors); NULL if out of memory. Its destination
 * and reply rights are the caller's to add. ipc_lock held.
 */
static struct ipc_kmsg *exception_message(struct thread *t, const struct exception_action *a,
                                          int exc, const int64_t code[2])
{
	uint32_t kind = a->behavior & ~MACH_EXCEPTION_CODES;
	bool wide = a->behavior & MACH_EXCEPTION_CODES;
	bool identity = carries_identity(a->behavior);
	bool state = kind != EXCEPTION_DEFAULT;
	size_t code_size = wide ? sizeof(int64_t) : sizeof(int32_t);
	size_t size =
	    sizeof(mach_msg_header_t) + sizeof(ndr_record) + 2 * sizeof(uint32_t) + 2 * code_size;
	/* The largest flavor exception_ports_check lets a handler ask for. */
	uint32_t words[ARM_NEON_STATE64_COUNT], count = ARM_NEON_STATE64_COUNT;

	if (identity)
		size += sizeof(mach_msg_body_t) + 2 * sizeof(mach_msg_port_descriptor_t);
	if (state) {
		if (thread_state_get(t, a->flavor, words, &count) != KERN_SUCCESS)
			return NULL;
		size += 2 * sizeof(uint32_t) + count * sizeof(uint32_t);
	}
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(size);
	struct ipc_kmsg_desc *descs = identity ? kalloc_zeroed(2 * sizeof(*descs)) : NULL;
	if (!kmsg || (identity && !descs)) {
		if (kmsg)
			ipc_kmsg_free(kmsg);
		kfree(descs);
		return NULL;
	}

	uint8_t *msg = (uint8_t *)&kmsg->header;
	size_t offset = sizeof(mach_msg_header_t);
	kmsg->header.msgh_size = size;
	kmsg->header.msgh_id = (wide ? MACH_EXCEPTION_RAISE : EXCEPTION_RAISE) +
	                       (mach_msg_id_t)(kind - EXCEPTION_DEFAULT);
	if (identity) {
		mach_msg_body_t body = {.msgh_descriptor_count = 2};
		kmsg->header.msgh_bits = MACH_MSGH_BITS_COMPLEX;
		put(msg, &offset, &body, sizeof(body));
		if (!t->ith_self)
			t->ith_self = ipc_kobject_port_alloc(IKOT_THREAD, t);
		put_send_right(msg, &offset, &descs[0], t->ith_self);
		put_send_right(msg, &offset, &descs[1], t->task->itk_self);
		kmsg->descs = descs;
		kmsg->ndescs = 2;
	}
	put(msg, &offset, ndr_record, sizeof(ndr_record));
	int32_t exception = exc;
	uint32_t code_count = 2;
	put(msg, &offset, &exception, sizeof(exception));
	put(msg, &offset, &code_count, sizeof(code_count));
	for (int i = 0; i < 2; i++) {
		/* exc.defs codes are 32-bit: the high halves are lost, as on XNU. */
		int32_t narrow = (int32_t)code[i];
		put(msg, &offset, wide ? (const void *)&code[i] : &narrow, code_size);
	}
	if (state) {
		put(msg, &offset, &a->flavor, sizeof(a->flavor));
		put(msg, &offset, &count, sizeof(count));
		put(msg, &offset, words, count * sizeof(uint32_t));
	}
	return kmsg;
}

static void wake(struct thread *t)
{
	spin_lock(&sched_lock);
	sched_wakeup_locked(t, WAIT_AWAKENED);
	spin_unlock(&sched_lock);
}

enum exception_verdict exception_ports_deliver(const struct exception_action *table, int exc,
                                               const int64_t code[2])
{
	struct thread *t = current_thread();

	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	const struct exception_action *a = &table[exc];
	struct ipc_port *dest = a->port;
	/* A kernel object never answers an exception message: the thread would only hang. */
	if (!dest || !dest->active || dest->kotype != IKOT_NONE) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return EXCEPTION_NOT_SENT;
	}
	if (!t->exc_reply)
		t->exc_reply = ipc_kobject_port_alloc(IKOT_EXCEPTION_REPLY, t);
	struct ipc_kmsg *kmsg = t->exc_reply ? exception_message(t, a, exc, code) : NULL;
	if (!kmsg) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return EXCEPTION_NOT_SENT;
	}
	dest->srights++;
	ipc_port_reference(dest);
	kmsg->dest = dest;
	kmsg->dest_type = MACH_MSG_TYPE_PORT_SEND;
	t->exc_reply->sorights++;
	ipc_port_reference(t->exc_reply);
	kmsg->reply = t->exc_reply;
	kmsg->reply_type = MACH_MSG_TYPE_PORT_SEND_ONCE;
	t->exc_request_id = kmsg->header.msgh_id;
	t->exc_handled = false;
	t->exc_waiting = true;
	/* Like XNU's kernel sends, an exception is never held back by the queue limit. */
	ipc_port_enqueue(dest, kmsg);
	while (t->exc_waiting) {
		spin_lock(&sched_lock);
		spin_unlock(&ipc_lock);
		enum wait_result r = sched_block(0, daif);
		daif = spin_lock_irqsave(&ipc_lock);
		if (r == WAIT_INTERRUPTED && t->terminating)
			t->exc_waiting = false;
	}
	enum exception_verdict verdict = t->exc_handled ? EXCEPTION_HANDLED : EXCEPTION_REFUSED;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return verdict;
}

/* Whether `reply` resumes thread `t`; a _state reply's new state is loaded on the way. */
static bool reply_resumes(struct thread *t, const struct ipc_kmsg *reply)
{
	const mig_reply_error_t *err = (const void *)&reply->header;
	const struct state_reply *sr = (const void *)&reply->header;
	size_t fixed = offsetof(struct state_reply, new_state);

	if ((reply->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    reply->header.msgh_id != REPLY_ID(t->exc_request_id) ||
	    reply->size < sizeof(mig_reply_error_t) || err->RetCode != KERN_SUCCESS)
		return false;
	if (!carries_state(t->exc_request_id))
		return reply->size == sizeof(mig_reply_error_t);
	if (reply->size < fixed || sr->new_stateCnt > THREAD_STATE_MAX ||
	    reply->size != fixed + sr->new_stateCnt * 4)
		return false;
	/* Whichever flavor the handler answers with; an unknown one or too few words refuse. */
	return thread_state_set(t, sr->flavor, sr->new_state, sr->new_stateCnt) == KERN_SUCCESS;
}

void exception_ports_abandoned(struct thread *t)
{
	if (!t->exc_waiting)
		return;
	t->exc_handled = false;
	t->exc_waiting = false;
	wake(t);
}

void exception_ports_reply(struct thread *t, const struct ipc_kmsg *reply)
{
	if (!t->exc_waiting)
		return;
	t->exc_handled = reply_resumes(t, reply);
	t->exc_waiting = false;
	wake(t);
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

struct ipc_kmsg *exception_ports_set_routine(struct exception_action *table,
                                             struct ipc_kmsg *request)
{
	const struct set_exception_ports_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_has_one_desc(request, sizeof(*req), MACH_MSG_PORT_DESCRIPTOR))
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

/* MIG's bound for the exception arrays (exception_types.defs): replies carry this many ports. */
#define EXC_ARRAY_MAX 32

#pragma pack(push, 4)
struct get_exception_ports_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint32_t exception_mask;
};

/* After masksCnt: masks[n], old_behaviors[n], old_flavors[n], each trimmed to n. */
struct exception_ports_reply {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t old_handlers[EXC_ARRAY_MAX];
	uint32_t NDR[2];
	uint32_t masksCnt;
	uint32_t arrays[3 * EXC_ARRAY_MAX];
};
#pragma pack(pop)

/*
 * The handlers `table` has for `mask`, grouped as XNU does: exceptions with
 * the same port, behavior and flavor share one entry and its mask bits. The
 * reply holds a copy of each port's send right. ipc_lock held.
 */
static struct ipc_kmsg *handlers_reply(const struct exception_action *table, uint32_t mask,
                                       mach_msg_id_t id)
{
	uint32_t masks[EXC_TYPES_COUNT];
	const struct exception_action *entry[EXC_TYPES_COUNT];
	uint32_t n = 0;

	for (int exc = EXC_BAD_ACCESS; exc < EXC_TYPES_COUNT; exc++) {
		if (!(mask & (1u << exc)))
			continue;
		const struct exception_action *a = &table[exc];
		uint32_t j = 0;
		while (j < n && (entry[j]->port != a->port || entry[j]->behavior != a->behavior ||
		                 entry[j]->flavor != a->flavor))
			j++;
		if (j == n) {
			entry[n] = a;
			masks[n++] = 0;
		}
		masks[j] |= 1u << exc;
	}
	mach_msg_size_t size = offsetof(struct exception_ports_reply, arrays) + 12 * n;
	struct ipc_kmsg *reply = ipc_kobject_complex_reply_alloc(size, id, EXC_ARRAY_MAX);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct exception_ports_reply *r = (void *)&reply->header;
	for (uint32_t i = 0; i < EXC_ARRAY_MAX; i++) {
		r->old_handlers[i].type = MACH_MSG_PORT_DESCRIPTOR;
		reply->descs[i].type = MACH_MSG_PORT_DESCRIPTOR;
		reply->descs[i].right = MACH_MSG_TYPE_PORT_SEND;
		if (i < n && entry[i]->port) {
			ipc_port_copy_send(entry[i]->port);
			reply->descs[i].port = entry[i]->port;
		}
	}
	r->NDR[1] = 1;
	r->masksCnt = n;
	for (uint32_t i = 0; i < n; i++) {
		r->arrays[i] = masks[i];
		r->arrays[n + i] = entry[i]->behavior;
		r->arrays[2 * n + i] = (uint32_t)entry[i]->flavor;
	}
	return reply;
}

struct ipc_kmsg *exception_ports_get_routine(const struct exception_action *table,
                                             struct ipc_kmsg *request)
{
	const struct get_exception_ports_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->exception_mask & ~EXC_MASK_VALID)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	return handlers_reply(table, req->exception_mask, id);
}

struct ipc_kmsg *exception_ports_swap_routine(struct exception_action *table,
                                              struct ipc_kmsg *request)
{
	const struct set_exception_ports_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_has_one_desc(request, sizeof(*req), MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	kern_return_t kr =
	    exception_ports_check(req->exception_mask, req->behavior, req->new_flavor);
	struct ipc_kmsg_desc *d = &request->descs[0];
	if (kr == KERN_SUCCESS && d->port && d->right != MACH_MSG_TYPE_PORT_SEND)
		kr = KERN_INVALID_RIGHT;
	if (kr != KERN_SUCCESS)
		return ipc_kobject_error_reply(id, kr);
	/* The old handlers first: the reply holds their rights before the table lets go. */
	struct ipc_kmsg *reply = handlers_reply(table, req->exception_mask, id);
	if (reply->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) {
		exception_ports_set(table, req->exception_mask, d->port, req->behavior,
		                    req->new_flavor);
		d->port = NULL; /* the right moved from the message to the table */
	}
	return reply;
}
