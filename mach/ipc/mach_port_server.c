#include "ipc/mach_port_server.h"

#include <stddef.h>
#include <string.h>

#include "ipc/ipc_kobject.h"
#include "ipc/ipc_notify.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/task.h"
#include "mach/notify.h"
#include "vm/vm_kern.h"

#define MACH_PORT_NAMES_ID          3200
#define MACH_PORT_TYPE_ID           3201
#define MACH_PORT_DESTROY_ID        3205
#define MACH_PORT_GET_REFS_ID       3207
#define MACH_PORT_REQUEST_NOTIFY_ID 3213
#define MACH_PORT_EXTRACT_RIGHT_ID  3215
#define MACH_PORT_GET_ATTRIBUTES_ID 3217
#define MACH_PORT_SET_ATTRIBUTES_ID 3218
#define MACH_PORT_GET_CONTEXT_ID    3228
#define MACH_PORT_SET_CONTEXT_ID    3229

#define MACH_PORT_LIMITS_INFO    1
#define MACH_PORT_RECEIVE_STATUS 2
#define MACH_PORT_INFO_MAX       17 /* words in mach_port_info_t */

/* Requests and replies with XNU's MIG layouts. */
struct name_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	mach_port_name_t name;
};

struct name_right_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	mach_port_name_t name;
	uint32_t right;
};

struct value_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint32_t value;
};

struct request_notification_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t notify;
	uint32_t NDR[2];
	mach_port_name_t name;
	mach_msg_id_t msgid;
	uint32_t sync;
};

struct get_attributes_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	mach_port_name_t name;
	int32_t flavor;
	uint32_t port_info_outCnt;
};

struct get_attributes_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint32_t port_info_outCnt;
	uint32_t port_info_out[MACH_PORT_INFO_MAX];
};

struct set_attributes_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	mach_port_name_t name;
	int32_t flavor;
	uint32_t port_infoCnt;
	uint32_t port_info[];
};

#pragma pack(push, 4)
struct names_reply {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_ool_descriptor64_t names;
	mach_msg_ool_descriptor64_t types;
	uint32_t NDR[2];
	uint32_t namesCnt;
	uint32_t typesCnt;
};

struct context_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint64_t context;
};

struct set_context_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	mach_port_name_t name;
	uint64_t context;
};
#pragma pack(pop)

/* mach_port_status_t (MACH_PORT_RECEIVE_STATUS), 10 words. */
struct port_status {
	uint32_t mps_pset, mps_seqno, mps_mscount, mps_qlimit, mps_msgcount, mps_sorights;
	uint32_t mps_srights, mps_pdrequest, mps_nsrequest, mps_flags;
};

static struct ipc_kmsg *value_reply(mach_msg_id_t id, kern_return_t kr, uint32_t value)
{
	if (kr != KERN_SUCCESS)
		return ipc_kobject_error_reply(id, kr);
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct value_reply), id);
	if (reply) {
		struct value_reply *r = (void *)&reply->header;
		r->NDR[1] = 1;
		r->value = value;
	}
	return reply;
}

/* The receive right `name` names in `space`, or NULL. ipc_lock held. */
static struct ipc_port *receive_right(struct ipc_space *space, mach_port_name_t name,
                                      kern_return_t *kr)
{
	struct ipc_entry *e = ipc_space_lookup(space, name);

	*kr = !e                                    ? KERN_INVALID_NAME
	      : !(e->type & MACH_PORT_TYPE_RECEIVE) ? KERN_INVALID_RIGHT
	                                            : KERN_SUCCESS;
	return *kr == KERN_SUCCESS ? e->port : NULL;
}

kern_return_t mach_port_type_locked(struct ipc_space *space, mach_port_name_t name, uint32_t *type)
{
	struct ipc_entry *e = ipc_space_lookup(space, name);

	*type = e ? e->type : 0;
	return e ? KERN_SUCCESS : KERN_INVALID_NAME;
}

kern_return_t mach_port_guard_locked(struct ipc_space *space, mach_port_name_t name, uint64_t guard)
{
	kern_return_t kr;
	struct ipc_port *port = receive_right(space, name, &kr);

	if (!port)
		return kr;
	if (port->guarded)
		return KERN_INVALID_ARGUMENT;
	port->guarded = true;
	port->context = guard;
	return KERN_SUCCESS;
}

kern_return_t mach_port_unguard_locked(struct ipc_space *space, mach_port_name_t name,
                                       uint64_t guard)
{
	kern_return_t kr;
	struct ipc_port *port = receive_right(space, name, &kr);

	if (!port)
		return kr;
	if (!port->guarded || port->context != guard)
		return KERN_INVALID_ARGUMENT;
	port->guarded = false;
	port->context = 0;
	return KERN_SUCCESS;
}

static kern_return_t port_destroy(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *e = ipc_space_lookup(space, name);

	if (!e)
		return KERN_INVALID_NAME;
	if ((e->type & MACH_PORT_TYPE_RECEIVE) && e->port->guarded)
		return KERN_INVALID_RIGHT;
	if (e->type & MACH_PORT_TYPE_RECEIVE)
		ipc_right_mod_refs(space, name, MACH_PORT_RIGHT_RECEIVE, -1);
	e = ipc_space_lookup(space, name);
	if (e && (e->type & MACH_PORT_TYPE_SEND_ONCE))
		return ipc_right_mod_refs(space, name, MACH_PORT_RIGHT_SEND_ONCE, -1);
	if (e && (e->type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DEAD_NAME)))
		return ipc_right_mod_refs(space, name, MACH_PORT_RIGHT_SEND, -(int32_t)e->urefs);
	return KERN_SUCCESS;
}

static kern_return_t get_refs(struct ipc_space *space, mach_port_name_t name, uint32_t right,
                              uint32_t *refs)
{
	struct ipc_entry *e = ipc_space_lookup(space, name);

	*refs = 0;
	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	if (!e)
		return KERN_INVALID_NAME;
	if (e->type & MACH_PORT_TYPE(right))
		*refs = (right == MACH_PORT_RIGHT_SEND || right == MACH_PORT_RIGHT_DEAD_NAME)
		            ? e->urefs
		            : 1;
	return KERN_SUCCESS;
}

kern_return_t mach_port_request_notification_locked(struct ipc_space *space, mach_port_name_t name,
                                                    mach_msg_id_t msgid, uint32_t sync,
                                                    struct ipc_port *notify,
                                                    struct ipc_port **previous)
{
	struct ipc_entry *e = ipc_space_lookup(space, name);
	kern_return_t kr;

	*previous = NULL;
	if (!e)
		return KERN_INVALID_NAME;
	switch (msgid) {
	case MACH_NOTIFY_PORT_DESTROYED: {
		struct ipc_port *port = receive_right(space, name, &kr);
		if (!port)
			return kr;
		if (sync != 0)
			return KERN_INVALID_VALUE;
		*previous = port->pdrequest;
		port->pdrequest = notify;
		return KERN_SUCCESS;
	}
	case MACH_NOTIFY_NO_SENDERS: {
		struct ipc_port *port = receive_right(space, name, &kr);
		if (!port)
			return kr;
		*previous = port->nsrequest;
		port->nsrequest = notify;
		/* Already true: fire at once. */
		if (notify && port->srights == 0 && port->mscount >= sync) {
			port->nsrequest = NULL;
			ipc_notify_no_senders(notify, port->mscount);
		}
		return KERN_SUCCESS;
	}
	case MACH_NOTIFY_DEAD_NAME: {
		if (e->type & MACH_PORT_TYPE_DEAD_NAME) {
			if (!sync)
				return KERN_INVALID_ARGUMENT;
			if (notify) {
				e->urefs++;
				ipc_notify_dead_name(notify, name);
			}
			return KERN_SUCCESS;
		}
		if (!(e->type &
		      (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_RECEIVE)))
			return KERN_INVALID_RIGHT;
		struct ipc_port *port = e->port;
		/* One request per name: a new one replaces the old. */
		for (struct ipc_dnrequest **p = &port->dnrequests; *p; p = &(*p)->next)
			if ((*p)->space == space && (*p)->name == name) {
				struct ipc_dnrequest *old = *p;
				*p = old->next;
				*previous = old->notify;
				kfree(old);
				break;
			}
		if (!notify)
			return KERN_SUCCESS;
		struct ipc_dnrequest *dnr = kalloc(sizeof(*dnr));
		if (!dnr)
			return KERN_RESOURCE_SHORTAGE;
		dnr->space = space;
		dnr->name = name;
		dnr->notify = notify;
		dnr->next = port->dnrequests;
		port->dnrequests = dnr;
		return KERN_SUCCESS;
	}
	default: return KERN_INVALID_VALUE;
	}
}

static struct ipc_kmsg *request_notification_routine(struct ipc_space *space,
                                                     struct ipc_kmsg *request)
{
	const struct request_notification_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!(request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    request->size != sizeof(*req) || request->ndescs != 1 ||
	    request->descs[0].type != MACH_MSG_PORT_DESCRIPTOR)
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	struct ipc_kmsg_desc *d = &request->descs[0];
	if (d->port && d->right != MACH_MSG_TYPE_PORT_SEND_ONCE)
		return ipc_kobject_error_reply(id, KERN_INVALID_CAPABILITY);
	struct ipc_kmsg *reply = ipc_kobject_port_reply_alloc(id);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct ipc_port *previous;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	kern_return_t kr = mach_port_request_notification_locked(space, req->name, req->msgid,
	                                                         req->sync, d->port, &previous);
	if (kr == KERN_SUCCESS)
		d->port = NULL; /* the right now belongs to the request */
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (kr != KERN_SUCCESS) {
		ipc_kmsg_free(reply);
		return ipc_kobject_error_reply(id, kr);
	}
	/* MACH_PORT_NULL when there was none. */
	ipc_kobject_port_reply_set(reply, previous, MACH_MSG_TYPE_PORT_SEND_ONCE);
	return reply;
}

kern_return_t mach_port_get_attributes_locked(struct ipc_space *space, mach_port_name_t name,
                                              int32_t flavor, uint32_t *info, uint32_t *count)
{
	kern_return_t kr;
	struct ipc_port *port = receive_right(space, name, &kr);

	if (!port)
		return kr;
	if (flavor == MACH_PORT_LIMITS_INFO && *count >= 1) {
		info[0] = port->qlimit;
		*count = 1;
	} else if (flavor == MACH_PORT_RECEIVE_STATUS && *count >= 10) {
		struct port_status st = {
		    .mps_seqno = port->seqno,
		    .mps_mscount = port->mscount,
		    .mps_qlimit = port->qlimit,
		    .mps_msgcount = port->msgcount,
		    .mps_sorights = port->sorights,
		    .mps_srights = port->srights > 0,
		    .mps_pdrequest = port->pdrequest != NULL,
		    .mps_nsrequest = port->nsrequest != NULL,
		};
		memcpy(info, &st, sizeof(st));
		*count = sizeof(st) / 4;
	} else {
		return KERN_INVALID_ARGUMENT;
	}
	return KERN_SUCCESS;
}

static struct ipc_kmsg *get_attributes(struct ipc_space *space, struct ipc_kmsg *request)
{
	const struct get_attributes_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	struct get_attributes_reply r = {0};

	if (request->size != sizeof(*req))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	uint32_t count =
	    req->port_info_outCnt < MACH_PORT_INFO_MAX ? req->port_info_outCnt : MACH_PORT_INFO_MAX;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	kern_return_t kr =
	    mach_port_get_attributes_locked(space, req->name, req->flavor, r.port_info_out, &count);
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (kr != KERN_SUCCESS)
		return ipc_kobject_error_reply(id, kr);
	/* MIG trims the array to the count it holds. */
	mach_msg_size_t size = offsetof(struct get_attributes_reply, port_info_out) + count * 4;
	struct ipc_kmsg *reply = ipc_kmsg_alloc(size);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	r.Head.msgh_size = size;
	r.Head.msgh_id = id + 100;
	r.NDR[1] = 1;
	r.port_info_outCnt = count;
	memcpy(&reply->header, &r, size);
	return reply;
}

static struct ipc_kmsg *set_attributes(struct ipc_space *space, struct ipc_kmsg *request)
{
	const struct set_attributes_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	size_t fixed = offsetof(struct set_attributes_request, port_info);
	kern_return_t kr;

	if (request->size < fixed || req->port_infoCnt > MACH_PORT_INFO_MAX ||
	    request->size != fixed + req->port_infoCnt * 4)
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *port = receive_right(space, req->name, &kr);
	if (port) {
		if (req->flavor != MACH_PORT_LIMITS_INFO || req->port_infoCnt < 1 ||
		    req->port_info[0] > MACH_PORT_QLIMIT_MAX) {
			kr = KERN_INVALID_VALUE;
		} else {
			port->qlimit = req->port_info[0];
			/* A larger queue may let blocked senders in. */
			ipc_port_wake_all(&port->senders, WAIT_AWAKENED);
		}
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	return ipc_kobject_error_reply(id, kr);
}

/* One OOL descriptor of a kernel reply: `data` (kalloc'd, handed over) of `count` words. */
static void ool_reply_desc(struct ipc_kmsg *reply, mach_msg_ool_descriptor64_t *d, unsigned i,
                           void *data, uint32_t count)
{
	d->type = MACH_MSG_OOL_DESCRIPTOR;
	d->copy = MACH_MSG_VIRTUAL_COPY;
	d->size = count * 4;
	reply->descs[i].type = MACH_MSG_OOL_DESCRIPTOR;
	reply->descs[i].data = data;
	reply->descs[i].size = count * 4;
}

/* mach_port_names(task) -> names, types: every name in the space and its rights. */
static struct ipc_kmsg *names_routine(struct ipc_space *space, struct ipc_kmsg *request)
{
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(mach_msg_header_t)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	struct ipc_kmsg *reply = ipc_kobject_complex_reply_alloc(sizeof(struct names_reply), id, 2);
	uint32_t *names = NULL, *types = NULL, n = 0;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	uint32_t room = space->entries_used;
	if (room) {
		names = kalloc(room * 4);
		types = kalloc(room * 4);
	}
	if (reply && (!room || (names && types))) {
		for (uint32_t i = 1; i < space->size && n < room; i++) {
			struct ipc_entry *e = &space->table[i];
			if (!e->type)
				continue;
			mach_port_name_t name = MACH_PORT_MAKE(i, e->gen);
			/* The lookup turns a right to a dead port into the dead name it now is. */
			e = ipc_space_lookup(space, name);
			names[n] = name;
			types[n++] = e->type;
		}
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (!reply || (room && (!names || !types))) {
		if (reply)
			ipc_kmsg_free(reply);
		kfree(names);
		kfree(types);
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	}
	struct names_reply *r = (void *)&reply->header;
	ool_reply_desc(reply, &r->names, 0, names, n);
	ool_reply_desc(reply, &r->types, 1, types, n);
	r->NDR[1] = 1;
	r->namesCnt = r->typesCnt = n;
	return reply;
}

/*
 * mach_port_extract_right(task, name, msgt_name) -> poly: the right the
 * disposition asks for, taken out of the space, goes to the caller.
 */
static struct ipc_kmsg *extract_right_routine(struct ipc_space *space, struct ipc_kmsg *request)
{
	const struct name_right_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->right < MACH_MSG_TYPE_MOVE_RECEIVE || req->right > MACH_MSG_TYPE_MAKE_SEND_ONCE)
		return ipc_kobject_error_reply(id, KERN_INVALID_VALUE);
	struct ipc_kmsg *reply = ipc_kobject_port_reply_alloc(id);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct ipc_port *port = NULL;
	mach_msg_type_name_t type = 0;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	kern_return_t kr = ipc_right_copyin(space, req->name, req->right, &port, &type);
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (kr != KERN_SUCCESS) {
		ipc_kmsg_free(reply);
		return ipc_kobject_error_reply(id, kr);
	}
	ipc_kobject_port_reply_set(reply, port, type);
	return reply;
}

/* mach_port_get_context(task, name) -> context. */
static struct ipc_kmsg *get_context_routine(struct ipc_space *space, struct ipc_kmsg *request)
{
	const struct name_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	kern_return_t kr;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *port = receive_right(space, req->name, &kr);
	uint64_t context = port ? port->context : 0;
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (kr != KERN_SUCCESS)
		return ipc_kobject_error_reply(id, kr);
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct context_reply), id);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct context_reply *r = (void *)&reply->header;
	r->NDR[1] = 1;
	r->context = context;
	return reply;
}

/* mach_port_set_context(task, name, context): not on a guarded port, whose context is its guard. */
static struct ipc_kmsg *set_context_routine(struct ipc_space *space, struct ipc_kmsg *request)
{
	const struct set_context_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	kern_return_t kr;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *port = receive_right(space, req->name, &kr);
	if (port && port->guarded)
		kr = KERN_INVALID_ARGUMENT;
	else if (port)
		port->context = req->context;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return ipc_kobject_error_reply(id, kr);
}

struct ipc_kmsg *mach_port_server(struct task *task, struct ipc_kmsg *request)
{
	mach_msg_id_t id = request->header.msgh_id;
	bool simple = !(request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	struct ipc_space *space = task->itk_space;
	kern_return_t kr;
	uint32_t value = 0;

	switch (id) {
	case MACH_PORT_REQUEST_NOTIFY_ID: return request_notification_routine(space, request);
	case MACH_PORT_NAMES_ID: return names_routine(space, request);
	case MACH_PORT_EXTRACT_RIGHT_ID: return extract_right_routine(space, request);
	case MACH_PORT_GET_CONTEXT_ID: return get_context_routine(space, request);
	case MACH_PORT_SET_CONTEXT_ID: return set_context_routine(space, request);
	default: break;
	}
	if (!simple)
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	switch (id) {
	case MACH_PORT_TYPE_ID:
	case MACH_PORT_DESTROY_ID: {
		const struct name_request *req = (const void *)&request->header;
		if (request->size != sizeof(*req))
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		uint64_t daif = spin_lock_irqsave(&ipc_lock);
		kr = id == MACH_PORT_DESTROY_ID ? port_destroy(space, req->name)
		                                : mach_port_type_locked(space, req->name, &value);
		spin_unlock_irqrestore(&ipc_lock, daif);
		return id == MACH_PORT_TYPE_ID ? value_reply(id, kr, value)
		                               : ipc_kobject_error_reply(id, kr);
	}
	case MACH_PORT_GET_REFS_ID: {
		const struct name_right_request *req = (const void *)&request->header;
		if (request->size != sizeof(*req))
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		uint64_t daif = spin_lock_irqsave(&ipc_lock);
		kr = get_refs(space, req->name, req->right, &value);
		spin_unlock_irqrestore(&ipc_lock, daif);
		return value_reply(id, kr, value);
	}
	case MACH_PORT_GET_ATTRIBUTES_ID: return get_attributes(space, request);
	case MACH_PORT_SET_ATTRIBUTES_ID: return set_attributes(space, request);
	default: return ipc_kobject_error_reply(id, MIG_BAD_ID);
	}
}
