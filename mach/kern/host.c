/*
 * The host ports and their routines (kern/host.h), with XNU's message ids
 * and layouts: mach_host (host_info, host_kernel_version, _host_page_size,
 * host_get_clock_service) on both ports, host_priv (host_reboot,
 * host_get_clock_control, host_get/set_special_port,
 * host_set_exception_ports), Tessera's device routines (kern/device.c) and
 * the IPC trace reader (ipc/ipc_trace.c) on host_priv only; Tessera's
 * host_get_random (kern/random.c) on both. Anything else gets
 * MIG_BAD_ID; a malformed request, MIG_BAD_ARGUMENTS.
 */
#include "kern/host.h"

#include <stddef.h>
#include <string.h>

#include "arch/arm64/psci.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_trace.h"
#include "kern/clock.h"
#include "kern/device.h"
#include "kern/kprintf.h"
#include "kern/panic.h"
#include "kern/platform.h"
#include "kern/random.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "mach/clock_types.h"
#include "mach/tessera_random.h"
#include "vm/vm_param.h"

#define HOST_INFO                 200
#define HOST_KERNEL_VERSION       201
#define HOST_PAGE_SIZE            202
#define HOST_REBOOT               401
#define HOST_GET_SPECIAL_PORT     412
#define HOST_SET_SPECIAL_PORT     413
#define HOST_SET_EXCEPTION_PORTS  414
#define HOST_GET_EXCEPTION_PORTS  415
#define HOST_SWAP_EXCEPTION_PORTS 416

/* host_info flavors (<mach/host_info.h>), their sizes in words, and the most any may take. */
#define HOST_BASIC_INFO          1
#define HOST_BASIC_INFO_COUNT    12
#define HOST_BASIC_INFO_OLD_COUNT 5
#define HOST_SCHED_INFO          3
#define HOST_SCHED_INFO_COUNT    2
#define HOST_PRIORITY_INFO       5
#define HOST_PRIORITY_INFO_COUNT 8
#define HOST_INFO_MAX            68

/* Special ports: below HOST_MAX_SPECIAL_KERNEL_PORT they are the kernel's own. */
#define HOST_PORT                    1
#define HOST_PRIV_PORT               2
#define HOST_MAX_SPECIAL_KERNEL_PORT 7
#define HOST_SPECIAL_PORTS           32

#define HOST_REBOOT_HALT 0x8

#define CPU_TYPE_ARM64        0x0100000c
#define CPU_SUBTYPE_ARM64_ALL 0

#define KERNEL_VERSION     "Tessera Mach kernel (arm64)"
#define KERNEL_VERSION_MAX 512

#pragma pack(push, 4)
struct kernel_version_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint32_t kernel_versionOffset;
	uint32_t kernel_versionCnt;
	char kernel_version[KERNEL_VERSION_MAX];
};

struct page_size_reply {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t RetCode;
	uint64_t out_page_size;
};

struct reboot_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t options;
};

struct get_special_port_request {
	mach_msg_header_t Head;
	uint32_t NDR[2];
	int32_t node;
	int32_t which;
};

struct set_special_port_request {
	mach_msg_header_t Head;
	mach_msg_body_t msgh_body;
	mach_msg_port_descriptor_t port;
	uint32_t NDR[2];
	int32_t which;
};
#pragma pack(pop)

static struct ipc_port *host_self, *host_priv_self; /* made at boot, live for ever */
static struct ipc_port *special_ports[HOST_SPECIAL_PORTS]; /* send rights set by host_priv */
static struct exception_action host_actions[EXC_TYPES_COUNT];
static uint32_t cpus;
static uint64_t memory_bytes;

void host_init(const struct platform *p)
{
	cpus = p->ncpus ? p->ncpus : 1;
	for (unsigned i = 0; i < p->nmemory; i++)
		memory_bytes += p->memory[i].size;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	host_self = ipc_kobject_port_alloc(IKOT_HOST, &host_self);
	host_priv_self = ipc_kobject_port_alloc(IKOT_HOST_PRIV, &host_priv_self);
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (!host_self || !host_priv_self)
		panic("host: no memory for the host ports");
}

struct ipc_port *host_port(bool privileged)
{
	return privileged ? host_priv_self : host_self;
}

const struct exception_action *host_exception_actions(void)
{
	return host_actions;
}

/* Fills `out` with `flavor`'s information; its size in words in *count. */
static kern_return_t host_info(int32_t flavor, int32_t *out, uint32_t *count)
{
	switch (flavor) {
	case HOST_BASIC_INFO: {
		if (*count < HOST_BASIC_INFO_OLD_COUNT)
			return KERN_FAILURE;
		/* Only the boot CPU runs so far. memory_size is capped at 2 GiB, as XNU does. */
		uint64_t capped = memory_bytes > 0x80000000ull ? 0x80000000ull : memory_bytes;
		int32_t words[HOST_BASIC_INFO_COUNT] = {
		    (int32_t)cpus,          1,
		    (int32_t)capped,        CPU_TYPE_ARM64,
		    CPU_SUBTYPE_ARM64_ALL,  0 /* cpu_threadtype */,
		    1,                      (int32_t)cpus,
		    1,                      (int32_t)cpus,
		    (int32_t)memory_bytes,  (int32_t)(memory_bytes >> 32) /* max_mem, 64 bits */};
		/* A caller with room for the first five words only gets XNU's old layout. */
		*count = *count < HOST_BASIC_INFO_COUNT ? HOST_BASIC_INFO_OLD_COUNT
		                                        : HOST_BASIC_INFO_COUNT;
		memcpy(out, words, 4 * *count);
		return KERN_SUCCESS;
	}
	case HOST_SCHED_INFO: {
		if (*count < HOST_SCHED_INFO_COUNT)
			return KERN_FAILURE;
		/* min_timeout and min_quantum, in milliseconds: one tick, one time slice. */
		out[0] = 1000 / SCHED_HZ;
		out[1] = SCHED_QUANTUM * 1000 / SCHED_HZ;
		*count = HOST_SCHED_INFO_COUNT;
		return KERN_SUCCESS;
	}
	case HOST_PRIORITY_INFO: {
		if (*count < HOST_PRIORITY_INFO_COUNT)
			return KERN_FAILURE;
		int32_t words[HOST_PRIORITY_INFO_COUNT] = {
		    THREAD_PRIORITY_KERNEL, THREAD_PRIORITY_KERNEL, THREAD_PRIORITY_USER,
		    THREAD_PRIORITY_USER,   THREAD_PRIORITY_IDLE,   THREAD_PRIORITY_IDLE,
		    THREAD_PRIORITY_IDLE,   THREAD_PRIORITY_MAX};
		memcpy(out, words, sizeof(words));
		*count = HOST_PRIORITY_INFO_COUNT;
		return KERN_SUCCESS;
	}
	default: return KERN_INVALID_ARGUMENT;
	}
}

static struct ipc_kmsg *host_info_routine(struct ipc_kmsg *request)
{
	const struct ipc_kobject_info_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	int32_t out[HOST_INFO_MAX];

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	uint32_t count = req->info_outCnt < HOST_INFO_MAX ? req->info_outCnt : HOST_INFO_MAX;
	kern_return_t kr = host_info(req->flavor, out, &count);
	if (kr != KERN_SUCCESS)
		return ipc_kobject_error_reply(id, kr);
	return ipc_kobject_info_reply(id, out, count);
}

static struct ipc_kmsg *kernel_version_routine(mach_msg_id_t id)
{
	uint32_t count = sizeof(KERNEL_VERSION); /* with its NUL */
	mach_msg_size_t size =
	    offsetof(struct kernel_version_reply, kernel_version) + ((count + 3) & ~3u);
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(size, id);

	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct kernel_version_reply *r = (void *)&reply->header;
	r->NDR[1] = 1;
	r->kernel_versionCnt = count;
	memcpy(r->kernel_version, KERNEL_VERSION, count);
	return reply;
}

static struct ipc_kmsg *page_size_routine(mach_msg_id_t id)
{
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct page_size_reply), id);

	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct page_size_reply *r = (void *)&reply->header;
	r->NDR[1] = 1;
	r->out_page_size = PAGE_SIZE;
	return reply;
}

/* host_get_special_port(host_priv, node, which) -> port: a copy of the right, or null. */
static struct ipc_kmsg *get_special_port_routine(struct ipc_kmsg *request)
{
	const struct get_special_port_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->which <= 0 || req->which >= HOST_SPECIAL_PORTS)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	struct ipc_kmsg *reply = ipc_kobject_port_reply_alloc(id);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *port = req->which == HOST_PORT        ? host_self
	                        : req->which == HOST_PRIV_PORT ? host_priv_self
	                                                       : special_ports[req->which];
	if (port)
		ipc_port_copy_send(port);
	spin_unlock_irqrestore(&ipc_lock, daif);
	ipc_kobject_port_reply_set(reply, port, MACH_MSG_TYPE_PORT_SEND);
	return reply;
}

/* host_set_special_port(host_priv, which, port): only the slots past the kernel's own. */
static struct ipc_kmsg *set_special_port_routine(struct ipc_kmsg *request)
{
	const struct set_special_port_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_has_one_desc(request, sizeof(*req), MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->which <= HOST_MAX_SPECIAL_KERNEL_PORT || req->which >= HOST_SPECIAL_PORTS)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	struct ipc_kmsg_desc *d = &request->descs[0];
	if (d->port && d->right != MACH_MSG_TYPE_PORT_SEND)
		return ipc_kobject_error_reply(id, KERN_INVALID_RIGHT);
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_port *old = special_ports[req->which];
	special_ports[req->which] = d->port; /* the right moves from the message */
	d->port = NULL;
	if (old)
		ipc_right_release(old, MACH_MSG_TYPE_PORT_SEND);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return ipc_kobject_error_reply(id, KERN_SUCCESS);
}

/* host_reboot(host_priv, options): HOST_REBOOT_HALT powers off; 0 restarts. */
static struct ipc_kmsg *reboot_routine(struct ipc_kmsg *request)
{
	const struct reboot_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->options != 0 && req->options != HOST_REBOOT_HALT)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	kprintf("host: %s requested by task %lu '%s'\n",
	        req->options == HOST_REBOOT_HALT ? "power-off" : "restart",
	        current_thread()->task->id, current_thread()->task->name);
	if (req->options == HOST_REBOOT_HALT)
		psci_system_off();
	psci_system_reset();
}

struct ipc_kmsg *host_server(bool privileged, struct ipc_kmsg *request)
{
	mach_msg_id_t id = request->header.msgh_id;

	switch (id) {
	case HOST_INFO: return host_info_routine(request);
	case HOST_KERNEL_VERSION:
	case HOST_PAGE_SIZE:
		if (!ipc_kobject_request_is_simple(request, sizeof(mach_msg_header_t)))
			return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
		return id == HOST_PAGE_SIZE ? page_size_routine(id) : kernel_version_routine(id);
	case HOST_GET_RANDOM_ID: return random_host_get_random(request);
	case HOST_GET_CLOCK_SERVICE_ID: return clock_host_get_clock_service(request);
	default: break;
	}
	if (!privileged)
		return ipc_kobject_error_reply(id, MIG_BAD_ID);
	if (device_routine(id))
		return device_server(request);
	if (id == IPC_TRACE_READ_ID)
		return ipc_trace_read(request);
	switch (id) {
	case HOST_REBOOT: return reboot_routine(request);
	case HOST_GET_CLOCK_CONTROL_ID: return clock_host_get_clock_control(request);
	case HOST_GET_SPECIAL_PORT: return get_special_port_routine(request);
	case HOST_SET_SPECIAL_PORT: return set_special_port_routine(request);
	case HOST_SET_EXCEPTION_PORTS:
	case HOST_GET_EXCEPTION_PORTS:
	case HOST_SWAP_EXCEPTION_PORTS: {
		uint64_t daif = spin_lock_irqsave(&ipc_lock);
		struct ipc_kmsg *reply =
		    id == HOST_SET_EXCEPTION_PORTS   ? exception_ports_set_routine(host_actions, request)
		    : id == HOST_GET_EXCEPTION_PORTS ? exception_ports_get_routine(host_actions, request)
		                                     : exception_ports_swap_routine(host_actions, request);
		spin_unlock_irqrestore(&ipc_lock, daif);
		return reply;
	}
	default: return ipc_kobject_error_reply(id, MIG_BAD_ID);
	}
}
