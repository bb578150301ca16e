/*
 * The device routines (kern/device.h): device_lookup finds a device in the
 * device tree by compatible string; device_map_mmio maps a physical object
 * (vm/vm_object.h) into the driver's task; an attached interrupt has a
 * message allocated ahead of time, which the interrupt handler sends after
 * masking the line, so the handler never allocates; device_interrupt_ack
 * allocates the next one and unmasks.
 */
#include "kern/device.h"

#include <stddef.h>
#include <string.h>

#include "arch/arm64/gic.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_right.h"
#include "kern/panic.h"
#include "kern/platform.h"
#include "kern/task.h"
#include "mach/tessera_device.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

#define DEVICE_MAX_INTID    1020 /* GIC INTIDs above this are special */
#define DEVICE_MAX_EXCLUDED (2 + PLATFORM_MAX_REDIST)

struct device_interrupt {
	struct ipc_port *port;    /* send right the announcements go to; NULL: not attached */
	struct ipc_kmsg *message; /* the next announcement; NULL while one awaits its ack */
};

static struct device_interrupt interrupts[DEVICE_MAX_INTID]; /* ipc_lock */
/* The machine's description for lookups: a copy, since a lookup writes its error message. */
static struct platform *lookup_platform; /* lookup_lock */
static spinlock_t lookup_lock = SPINLOCK_INIT;
static uint64_t device_limit; /* device registers lie below this (the start of RAM) */
static struct platform_range excluded[DEVICE_MAX_EXCLUDED]; /* the kernel's own: the GIC */
static unsigned nexcluded;

void device_init(const struct platform *p)
{
	lookup_platform = kalloc(sizeof(*lookup_platform));
	if (!lookup_platform)
		panic("device: no memory for the device table");
	*lookup_platform = *p;
	device_limit = UINT64_MAX;
	for (unsigned i = 0; i < p->nmemory; i++)
		if (p->memory[i].base < device_limit)
			device_limit = p->memory[i].base;
	excluded[nexcluded++] = p->gic.dist;
	if (p->gic.cpuif.size)
		excluded[nexcluded++] = p->gic.cpuif;
	for (unsigned i = 0; i < p->gic.nredist; i++)
		excluded[nexcluded++] = p->gic.redist[i];
}

bool device_routine(mach_msg_id_t id)
{
	return id >= DEVICE_MAP_MMIO_ID && id <= DEVICE_LOOKUP_ID;
}

/* device_lookup(host_priv, index, compatible) -> phys, size, intid. */
static struct ipc_kmsg *lookup(struct ipc_kmsg *request)
{
	const struct device_lookup_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	size_t fixed = offsetof(struct device_lookup_request, compatible);
	struct platform_device d;

	if ((request->header.msgh_bits & MACH_MSGH_BITS_COMPLEX) || request->size < fixed ||
	    req->compatibleCnt == 0 || req->compatibleCnt > DEVICE_COMPATIBLE_MAX ||
	    request->size != fixed + ((req->compatibleCnt + 3) & ~3u) ||
	    req->compatible[req->compatibleCnt - 1] != '\0')
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	uint64_t daif = spin_lock_irqsave(&lookup_lock);
	int err = platform_find_device(lookup_platform, req->compatible, req->index, &d);
	spin_unlock_irqrestore(&lookup_lock, daif);
	if (err != 0)
		return ipc_kobject_error_reply(id, err == PLATFORM_ENOTFOUND ? KERN_NOT_FOUND
		                                                             : KERN_FAILURE);
	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct device_lookup_reply), id);
	if (!reply)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	struct device_lookup_reply *r = (void *)&reply->header;
	r->NDR[1] = 1;
	r->phys = d.reg.base;
	r->size = d.reg.size;
	r->intid = d.intid;
	return reply;
}

/* Whether [phys, phys + size) is device registers a driver may have. */
static bool mmio_range_allowed(uint64_t phys, uint64_t size)
{
	uint64_t end = phys + size;

	if (size == 0 || end < phys || end > device_limit)
		return false;
	for (unsigned i = 0; i < nexcluded; i++)
		if (phys < excluded[i].base + excluded[i].size && excluded[i].base < end)
			return false;
	return true;
}

/* device_map_mmio(host_priv, task, phys, size) -> address. */
static struct ipc_kmsg *map_mmio(struct ipc_kmsg *request)
{
	const struct device_map_mmio_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	struct ipc_kmsg_desc *d = &request->descs[0];

	if (!ipc_kobject_request_has_one_desc(request, sizeof(*req), MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if ((req->phys | req->size) & PAGE_MASK)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	if (!mmio_range_allowed(req->phys, req->size))
		return ipc_kobject_error_reply(id, KERN_INVALID_ADDRESS);
	struct task *task = NULL;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	if (d->port && d->right == MACH_MSG_TYPE_PORT_SEND && d->port->kotype == IKOT_TASK &&
	    d->port->kobject) {
		task = d->port->kobject;
		task_reference(task);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (!task)
		return ipc_kobject_error_reply(id, KERN_INVALID_TASK);

	struct ipc_kmsg *reply = ipc_kobject_reply_alloc(sizeof(struct device_map_mmio_reply), id);
	struct vm_object *object = reply ? vm_object_physical(req->phys, req->size, true) : NULL;
	vaddr_t address = VM_MAP_MIN_ADDRESS;
	kern_return_t kr = object ? vm_map_enter_object(task->map, &address, req->size, object,
	                                                VM_PROT_DEFAULT, VM_PROT_DEFAULT)
	                          : KERN_RESOURCE_SHORTAGE;
	task_deallocate(task);
	if (kr != KERN_SUCCESS) {
		if (object)
			vm_object_deallocate(object);
		if (reply)
			ipc_kmsg_free(reply);
		return ipc_kobject_error_reply(id, kr);
	}
	struct device_map_mmio_reply *r = (void *)&reply->header;
	r->NDR[1] = 1;
	r->address = address;
	return reply;
}

/* A new announcement of `intid`, or NULL. */
static struct ipc_kmsg *announcement(uint32_t intid)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(sizeof(struct device_interrupt_message));

	if (kmsg) {
		struct device_interrupt_message *m = (void *)&kmsg->header;
		m->Head.msgh_size = sizeof(*m);
		m->Head.msgh_id = DEVICE_INTERRUPT_MSG_ID;
		m->NDR[1] = 1;
		m->intid = intid;
	}
	return kmsg;
}

/* Ends an attachment: the line is masked and given back. ipc_lock held. */
static void detach(uint32_t intid)
{
	struct device_interrupt *di = &interrupts[intid];

	gic_release(intid);
	ipc_right_release(di->port, MACH_MSG_TYPE_PORT_SEND);
	if (di->message)
		ipc_kmsg_free(di->message);
	di->port = NULL;
	di->message = NULL;
}

/* The interrupt fired: mask it and announce it, once, until the driver acknowledges. */
static void interrupt_handler(uint32_t intid, void *arg)
{
	struct device_interrupt *di = &interrupts[intid];

	gic_mask(intid);
	spin_lock(&ipc_lock); /* interrupts are masked in a handler */
	if (di->port && !di->port->active) {
		detach(intid);
	} else if (di->port && di->message) {
		struct ipc_kmsg *kmsg = di->message;
		di->message = NULL;
		ipc_port_copy_send(di->port);
		kmsg->dest = di->port;
		kmsg->dest_type = MACH_MSG_TYPE_PORT_SEND;
		kmsg->header.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0);
		ipc_kobject_send_from_kernel(kmsg);
	}
	spin_unlock(&ipc_lock);
}

/* device_interrupt_attach(host_priv, port, intid). */
static struct ipc_kmsg *interrupt_attach(struct ipc_kmsg *request)
{
	const struct device_interrupt_attach_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;
	struct ipc_kmsg_desc *d = &request->descs[0];

	if (!ipc_kobject_request_has_one_desc(request, sizeof(*req), MACH_MSG_PORT_DESCRIPTOR))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->intid >= DEVICE_MAX_INTID)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	/* Announcements go to a port some task receives from, never to a kernel object. */
	if (!d->port || d->right != MACH_MSG_TYPE_PORT_SEND || d->port->kotype != IKOT_NONE)
		return ipc_kobject_error_reply(id, KERN_INVALID_RIGHT);
	struct ipc_kmsg *message = announcement(req->intid);
	if (!message)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	kern_return_t kr = KERN_SUCCESS;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct device_interrupt *di = &interrupts[req->intid];
	/* A dead driver's attachment gives way to its successor. */
	if (di->port && !di->port->active)
		detach(req->intid);
	if (di->port)
		kr = KERN_NO_ACCESS;
	else if (!gic_spi_available(req->intid))
		kr = KERN_INVALID_ARGUMENT; /* not an SPI, or the kernel's own */
	if (kr == KERN_SUCCESS) {
		di->port = d->port; /* the right moves from the message */
		di->message = message;
		d->port = NULL;
		di->port->announces_interrupts = true;
		gic_enable(req->intid, interrupt_handler, NULL);
		message = NULL;
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (message)
		ipc_kmsg_free(message);
	return ipc_kobject_error_reply(id, kr);
}

/* device_interrupt_ack and device_interrupt_detach (host_priv, intid). */
static struct ipc_kmsg *interrupt_control(struct ipc_kmsg *request)
{
	const struct device_interrupt_request *req = (const void *)&request->header;
	mach_msg_id_t id = request->header.msgh_id;

	if (!ipc_kobject_request_is_simple(request, sizeof(*req)))
		return ipc_kobject_error_reply(id, MIG_BAD_ARGUMENTS);
	if (req->intid >= DEVICE_MAX_INTID)
		return ipc_kobject_error_reply(id, KERN_INVALID_ARGUMENT);
	struct ipc_kmsg *message = id == DEVICE_INTERRUPT_ACK_ID ? announcement(req->intid) : NULL;
	if (id == DEVICE_INTERRUPT_ACK_ID && !message)
		return ipc_kobject_error_reply(id, KERN_RESOURCE_SHORTAGE);
	kern_return_t kr = KERN_SUCCESS;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct device_interrupt *di = &interrupts[req->intid];
	if (!di->port) {
		kr = KERN_INVALID_ARGUMENT; /* not attached */
	} else if (id == DEVICE_INTERRUPT_DETACH_ID) {
		detach(req->intid);
	} else {
		if (!di->message) {
			di->message = message;
			message = NULL;
		}
		gic_unmask(req->intid);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (message)
		ipc_kmsg_free(message);
	return ipc_kobject_error_reply(id, kr);
}

struct ipc_kmsg *device_server(struct ipc_kmsg *request)
{
	switch (request->header.msgh_id) {
	case DEVICE_MAP_MMIO_ID: return map_mmio(request);
	case DEVICE_INTERRUPT_ATTACH_ID: return interrupt_attach(request);
	case DEVICE_LOOKUP_ID: return lookup(request);
	default: return interrupt_control(request);
	}
}

void device_port_died(struct ipc_port *port)
{
	for (uint32_t intid = 0; intid < DEVICE_MAX_INTID; intid++)
		if (interrupts[intid].port == port)
			detach(intid);
	port->announces_interrupts = false;
}
