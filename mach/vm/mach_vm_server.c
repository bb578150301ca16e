/*
 * The mach_vm routines on task ports (vm/mach_vm_server.h). Requests and
 * replies have MIG's layouts for mach_vm.defs, packed to 4 bytes; each
 * request is checked for its exact size and shape before use.
 */
#include "vm/mach_vm_server.h"

#include <stddef.h>
#include <string.h>

#include "ipc/ipc_kobject.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "mach/vm_region.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"
#include "vm/vm_named_entry.h"
#include "vm/vm_object.h"
#include "vm/vm_user.h"

#define MACH_VM_ALLOCATE          4800
#define MACH_VM_DEALLOCATE        4801
#define MACH_VM_PROTECT           4802
#define MACH_VM_INHERIT           4803
#define MACH_VM_READ              4804
#define MACH_VM_WRITE             4806
#define MACH_VM_COPY              4807
#define MACH_VM_READ_OVERWRITE    4808
#define MACH_VM_MAP               4811
#define MACH_VM_REGION            4816
#define MACH_MAKE_MEMORY_ENTRY    4817     /* _mach_make_memory_entry */
#define MACH_MAKE_MEMORY_ENTRY_64 3825     /* the same, in the vm_map subsystem */
#define MAP_MEM_NAMED_CREATE      0x020000 /* a new object, not existing memory */

#pragma pack(push, 4)
struct range_request { /* deallocate, read */
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint64_t address;
	uint64_t size;
};

struct allocate_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint64_t address;
	uint64_t size;
	int32_t flags;
};

struct protect_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint64_t address;
	uint64_t size;
	int32_t set_maximum;
	int32_t new_protection;
};

struct inherit_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint64_t address;
	uint64_t size;
	uint32_t new_inheritance;
};

struct write_request {
	mach_msg_header_t Head;
	mach_msg_body_t body;
	mach_msg_ool_descriptor64_t data;
	uint32_t NDR[2];
	uint64_t address;
	uint32_t dataCnt;
};

struct copy_request { /* mach_vm_copy(source_address, size, dest_address) */
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint64_t source;
	uint64_t size;
	uint64_t dest;
};

struct read_overwrite_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint64_t address;
	uint64_t size;
	uint64_t data; /* where, in the caller's memory */
};

struct region_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint64_t address;
	int32_t flavor;
	uint32_t infoCnt;
};

struct make_memory_entry_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t parent_entry;
	uint32_t NDR[2];
	uint64_t size;
	uint64_t offset;
	int32_t permission;
};

struct make_memory_entry_reply {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t object_handle;
	uint32_t NDR[2];
	uint64_t size;
};

struct map_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t object;
	uint32_t NDR[2];
	uint64_t address;
	uint64_t size;
	uint64_t mask;
	int32_t flags;
	uint64_t offset;
	int32_t copy;
	int32_t cur_protection;
	int32_t max_protection;
	uint32_t inheritance;
};

struct value64_reply { /* allocate's address, read_overwrite's outsize */
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint64_t value;
};

struct read_reply {
	mach_msg_header_t Head;
	mach_msg_body_t body;
	mach_msg_ool_descriptor64_t data;
	uint32_t NDR[2];
	uint32_t dataCnt;
};

struct region_reply {
	mach_msg_header_t Head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t object_name;
	uint32_t NDR[2];
	uint64_t address;
	uint64_t size;
	uint32_t infoCnt;
	vm_region_basic_info_data_64_t info;
};
#pragma pack(pop)

static struct ipc_kmsg *value64_reply(mach_msg_id_t id, kern_return_t kr, uint64_t value)
{
	if (kr != KERN_SUCCESS)
		return ipc_kobject_error_reply(id, kr);
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct value64_reply), id);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct value64_reply *r = (void *)&reply->header;
	r->NDR[1] = 1;
	r->value = value;
	return reply;
}

/*
 * mach_vm_read(address, size) -> data: whole pages inside one mapping go
 * copy-on-write; anything else is copied, up to IPC_KMSG_MAX_OOL_SIZE.
 */
static struct ipc_kmsg *read_routine(struct vm_map *map, const struct range_request *req)
{
	mach_msg_id_t id = req->Head.msgh_id;
	struct vm_object *object = NULL;
	void *data = NULL;
	kern_return_t kr = KERN_SUCCESS;

	if (req->address + req->size < req->address)
		return ipc_kobject_error_reply(id, KERN_INVALID_ADDRESS);
	if (req->size > UINT32_MAX) /* dataCnt is 32 bits */
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	if (req->size != 0 &&
	    ((req->address | req->size) & PAGE_MASK ||
	     vm_map_copy_object(map, req->address, req->size, &object) != KERN_SUCCESS)) {
		if (req->size > IPC_KMSG_MAX_OOL_SIZE)
			return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
		data = kalloc(req->size);
		kr = data ? vm_map_copyin_bytes(map, req->address, data, req->size, false)
		          : KERN_RESOURCE_SHORTAGE;
	}
	struct ipc_kmsg *reply =
	    kr == KERN_SUCCESS ? ipc_kobject_complex_reply_alloc(sizeof(struct read_reply), id, 1)
	                       : NULL;
	if (!reply) {
		kfree(data);
		if (object)
			vm_object_deallocate(object);
		return ipc_kobject_error_reply(id,
		                               kr != KERN_SUCCESS ? kr : KERN_RESOURCE_SHORTAGE);
	}
	struct read_reply *r = (void *)&reply->header;
	r->data.type = MACH_MSG_OOL_DESCRIPTOR;
	r->data.copy = MACH_MSG_VIRTUAL_COPY;
	r->data.size = (uint32_t)req->size;
	r->NDR[1] = 1;
	r->dataCnt = (uint32_t)req->size;
	reply->descs[0].type = MACH_MSG_OOL_DESCRIPTOR;
	reply->descs[0].data = data;
	reply->descs[0].object = object;
	reply->descs[0].size = (uint32_t)req->size;
	return reply;
}

/* The bytes an OOL descriptor carries (copied, or copy-on-write pages), copied into `map`. */
static kern_return_t write_ool(struct vm_map *map, vaddr_t address,
                               const struct ipc_kmsg_desc *desc)
{
	if (desc->data || desc->size == 0)
		return vm_map_copyout_bytes(map, address, desc->data, desc->size, false);
	return vm_map_copyout_object(map, address, desc->object, desc->size);
}

/* mach_vm_write(address, data). */
static struct ipc_kmsg *write_routine(struct vm_map *map, struct ipc_kmsg *request)
{
	const struct write_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!(request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    request->size != sizeof(*req) || request->ndescs != 1 ||
	    request->descs[0].type != MACH_MSG_OOL_DESCRIPTOR ||
	    req->dataCnt != request->descs[0].size)
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->address + req->dataCnt < req->address)
		return ipc_kobject_error_reply(id, KERN_INVALID_ADDRESS);
	return ipc_kobject_error_reply(id, write_ool(map, req->address, &request->descs[0]));
}

/* mach_vm_region(address, flavor, infoCnt) -> address, size, info, object_name. */
static struct ipc_kmsg *region_routine(struct vm_map *map, const struct region_request *req)
{
	mach_msg_id_t id = req->Head.msgh_id;
	struct vm_map_region_info info;
	vaddr_t addr = req->address;
	uint64_t size;

	if (req->flavor != VM_REGION_BASIC_INFO_64 || req->infoCnt < VM_REGION_BASIC_INFO_COUNT_64)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	kern_return_t kr = vm_map_region(map, &addr, &size, &info);
	if (kr != KERN_SUCCESS)
		return ipc_kobject_error_reply(id, kr);
	struct ipc_kmsg *reply =
	    ipc_kobject_complex_reply_alloc(sizeof(struct region_reply), id, 1);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	/* No memory-object names are handed out: the name right is null. */
	struct region_reply *r = (void *)&reply->header;
	r->object_name.type = MACH_MSG_PORT_DESCRIPTOR;
	r->object_name.disposition = MACH_MSG_TYPE_PORT_SEND;
	reply->descs[0].type = MACH_MSG_PORT_DESCRIPTOR;
	reply->descs[0].right = MACH_MSG_TYPE_PORT_SEND;
	r->NDR[1] = 1;
	r->address = addr;
	r->size = size;
	r->infoCnt = VM_REGION_BASIC_INFO_COUNT_64;
	r->info.protection = info.protection;
	r->info.max_protection = info.max_protection;
	r->info.inheritance = info.inheritance;
	r->info.offset = info.offset;
	return reply;
}

/*
 * mach_make_memory_entry_64(task, size, offset, permission, parent_entry) ->
 * size, object_handle: a memory entry for new memory (MAP_MEM_NAMED_CREATE),
 * for part of a parent entry, or for the task's memory at offset.
 */
static struct ipc_kmsg *make_memory_entry(struct vm_map *map, struct ipc_kmsg *request)
{
	const struct make_memory_entry_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	struct ipc_kmsg_desc *d = &request->descs[0];
	vm_prot_t prot = req->permission & VM_PROT_ALL, max = VM_PROT_ALL;
	uint64_t size = round_page(req->size), offset = req->offset;
	struct vm_object *object = NULL;
	kern_return_t kr = KERN_SUCCESS;

	if (!ipc_kobject_request_has_one_desc(request, sizeof(*req), MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (size == 0 || size < req->size || (offset & PAGE_MASK) || offset + size < offset)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	struct ipc_kmsg *reply =
	    ipc_kobject_complex_reply_alloc(sizeof(struct make_memory_entry_reply), id, 1);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct vm_named_entry *parent = vm_named_entry_from_port(d->port);
	if (parent) {
		/* Part of the parent entry, within its bounds and rights. */
		if (offset + size > parent->size) {
			kr = KERN_INVALID_ARGUMENT;
		} else {
			object = parent->object;
			vm_object_reference(object);
			offset += parent->offset;
			max = parent->protection;
		}
	} else if (d->port) {
		kr = KERN_INVALID_ARGUMENT;
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (kr == KERN_SUCCESS && !parent && (req->permission & MAP_MEM_NAMED_CREATE)) {
		object = vm_object_allocate(size);
		offset = 0;
		kr = object ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
	} else if (kr == KERN_SUCCESS && !parent) {
		kr = vm_map_share_range(map, offset, size, &object, &offset, &max);
	}
	if (kr == KERN_SUCCESS && (prot & ~max))
		kr = KERN_PROTECTION_FAILURE;
	struct ipc_port *port = NULL;
	if (kr == KERN_SUCCESS) {
		daif = spin_lock_irqsave(&ipc_lock);
		port = vm_named_entry_create(object, offset, size, prot);
		spin_unlock_irqrestore(&ipc_lock, daif);
		if (!port)
			kr = KERN_RESOURCE_SHORTAGE;
	}
	if (kr != KERN_SUCCESS) {
		if (object)
			vm_object_deallocate(object);
		ipc_kmsg_free(reply);
		return ipc_kobject_error_reply(id, kr);
	}
	struct make_memory_entry_reply *r = (void *)&reply->header;
	r->object_handle.type = MACH_MSG_PORT_DESCRIPTOR;
	r->object_handle.disposition = MACH_MSG_TYPE_PORT_SEND;
	r->NDR[1] = 1;
	r->size = size;
	reply->descs[0].type = MACH_MSG_PORT_DESCRIPTOR;
	reply->descs[0].port = port;
	reply->descs[0].right = MACH_MSG_TYPE_PORT_SEND;
	return reply;
}

/*
 * mach_vm_map(task, address, size, mask, flags, object, offset, copy, cur,
 * max, inheritance) -> address: anonymous memory without an object; with a
 * memory entry, its memory shared (copy false) or a private copy of it.
 */
static struct ipc_kmsg *map_routine(struct vm_map *map, struct ipc_kmsg *request)
{
	const struct map_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	struct ipc_kmsg_desc *d = &request->descs[0];
	bool anywhere = req->flags & VM_FLAGS_ANYWHERE;
	vaddr_t addr = anywhere ? VM_MAP_MIN_ADDRESS : req->address;
	struct vm_object *object = NULL;
	uint64_t offset = 0;
	kern_return_t kr = KERN_SUCCESS;

	if (!ipc_kobject_request_has_one_desc(request, sizeof(*req), MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if ((req->flags & ~(VM_FLAGS_ANYWHERE | VM_FLAGS_ALIAS_MASK)) ||
	    ((req->cur_protection | req->max_protection) & ~VM_PROT_ALL) ||
	    (req->cur_protection & ~req->max_protection) || req->inheritance > VM_INHERIT_NONE ||
	    req->size == 0 || round_page(req->size) < req->size || (req->mask & ~PAGE_MASK))
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	uint64_t size = round_page(req->size);
	if (!d->port) {
		kr = vm_map_enter_anon(map, &addr, size, anywhere, req->cur_protection,
		                       req->max_protection);
		if (kr == KERN_SUCCESS && req->inheritance != VM_INHERIT_DEFAULT)
			vm_map_inherit(map, addr, addr + size, req->inheritance);
		return value64_reply(id, kr, addr);
	}
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct vm_named_entry *entry = vm_named_entry_from_port(d->port);
	if (!entry)
		kr = KERN_INVALID_ARGUMENT;
	else if (req->offset + size < req->offset || req->offset + size > entry->size ||
	         (req->offset & PAGE_MASK))
		kr = KERN_INVALID_ARGUMENT;
	else if (req->max_protection & ~entry->protection)
		kr = KERN_PROTECTION_FAILURE;
	if (kr == KERN_SUCCESS) {
		object = entry->object;
		offset = entry->offset + req->offset;
		vm_object_reference(object);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (kr != KERN_SUCCESS)
		return ipc_kobject_error_reply(id, kr);
	if (req->copy) {
		/* A private copy: the shared object must not show through a shadow. */
		struct vm_object *copy = vm_object_copy(object, offset, size);
		vm_object_deallocate(object);
		object = copy;
		offset = 0;
		if (!object)
			return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	}
	kr = vm_map_enter_object_at(map, &addr, size, object, offset, anywhere, req->cur_protection,
	                            req->max_protection);
	if (kr != KERN_SUCCESS) {
		vm_object_deallocate(object);
		return ipc_kobject_error_reply(id, kr);
	}
	if (req->inheritance != VM_INHERIT_DEFAULT)
		vm_map_inherit(map, addr, addr + size, req->inheritance);
	return value64_reply(id, kr, addr);
}

struct ipc_kmsg *mach_vm_server(struct task *task, struct ipc_kmsg *request)
{
	const void *req = &request->header;
	mach_msg_id_t id = request->header.msgh_id;
	struct vm_map *map = task->map;
	kern_return_t kr;

	switch (id) {
	case MACH_VM_ALLOCATE: {
		const struct allocate_request *a = req;
		if (!ipc_kobject_request_is_simple(request, sizeof(*a)))
			break;
		vaddr_t addr = a->address;
		kr = vm_user_allocate(map, &addr, a->size, a->flags);
		return value64_reply(id, kr, addr);
	}
	case MACH_VM_DEALLOCATE: {
		const struct range_request *d = req;
		if (!ipc_kobject_request_is_simple(request, sizeof(*d)))
			break;
		return ipc_kobject_error_reply(id, vm_user_deallocate(map, d->address, d->size));
	}
	case MACH_VM_PROTECT: {
		const struct protect_request *p = req;
		if (!ipc_kobject_request_is_simple(request, sizeof(*p)))
			break;
		kr = vm_user_protect(map, p->address, p->size, p->set_maximum != 0,
		                     p->new_protection);
		return ipc_kobject_error_reply(id, kr);
	}
	case MACH_VM_INHERIT: {
		const struct inherit_request *i = req;
		if (!ipc_kobject_request_is_simple(request, sizeof(*i)))
			break;
		kr = vm_user_inherit(map, i->address, i->size, i->new_inheritance);
		return ipc_kobject_error_reply(id, kr);
	}
	case MACH_VM_READ:
		if (!ipc_kobject_request_is_simple(request, sizeof(struct range_request)))
			break;
		return read_routine(map, req);
	case MACH_VM_WRITE: return write_routine(map, request);
	case MACH_VM_COPY: {
		const struct copy_request *c = req;
		if (!ipc_kobject_request_is_simple(request, sizeof(*c)))
			break;
		return ipc_kobject_error_reply(
		    id, vm_map_copy_between(map, c->source, map, c->dest, c->size));
	}
	case MACH_VM_READ_OVERWRITE: {
		const struct read_overwrite_request *o = req;
		if (!ipc_kobject_request_is_simple(request, sizeof(*o)))
			break;
		kr = vm_map_copy_between(map, o->address, current_thread()->task->map, o->data,
		                         o->size);
		return value64_reply(id, kr, o->size);
	}
	case MACH_VM_REGION:
		if (!ipc_kobject_request_is_simple(request, sizeof(struct region_request)))
			break;
		return region_routine(map, req);
	case MACH_VM_MAP: return map_routine(map, request);
	case MACH_MAKE_MEMORY_ENTRY:
	case MACH_MAKE_MEMORY_ENTRY_64: return make_memory_entry(map, request);
	default: return ipc_kobject_error_reply(id, MIG_BAD_ID);
	}
	return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
}
