#include "kern/mk_timer.h"

#include <stddef.h>

#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_port.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_msg.h"
#include "kern/copyio.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_kern.h"

/* mk_timer_expire_msg_t: the header and three quadwords, packed to 4 bytes. */
#define MK_TIMER_MSG_SIZE (sizeof(mach_msg_header_t) + 3 * sizeof(uint64_t))

static struct mk_timer *armed; /* ipc_lock */

static void disarm(struct mk_timer *t)
{
	for (struct mk_timer **p = &armed; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	t->armed = false;
	t->next = NULL;
}

/* Queues the expiry message, sent with a copy of the kernel's send right. ipc_lock held. */
static void fire(struct mk_timer *t)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(MK_TIMER_MSG_SIZE);

	if (!kmsg)
		return; /* out of memory: this expiry is lost, the timer is not */
	t->port->srights++;
	ipc_port_reference(t->port);
	kmsg->dest = t->port;
	kmsg->dest_type = MACH_MSG_TYPE_PORT_SEND;
	kmsg->header.msgh_size = MK_TIMER_MSG_SIZE;
	mach_msg_send_from_kernel(kmsg);
}

void mk_timer_tick(uint64_t now)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct mk_timer **p = &armed;
	while (*p) {
		struct mk_timer *t = *p;
		if (t->deadline > now) {
			p = &t->next;
			continue;
		}
		*p = t->next;
		t->armed = false;
		t->next = NULL;
		fire(t);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
}

void mk_timer_port_dying(struct ipc_port *port)
{
	struct mk_timer *t = port->mk_timer;

	port->mk_timer = NULL;
	if (t->armed)
		disarm(t);
	/* The kernel's own send right goes with the timer. */
	ipc_right_release(port, MACH_MSG_TYPE_PORT_SEND);
	kfree(t);
}

/* The timer named by a receive right in the caller's space, or NULL. ipc_lock held. */
static struct mk_timer *lookup(mach_port_name_t name)
{
	struct ipc_entry *e = ipc_space_lookup(current_thread()->task->itk_space, name);

	if (!e || !(e->type & MACH_PORT_TYPE_RECEIVE))
		return NULL;
	return e->port->mk_timer;
}

kern_return_t trap_mk_timer_create(struct trap_frame *tf)
{
	struct ipc_space *space = current_thread()->task->itk_space;
	struct mk_timer *t = kalloc_zeroed(sizeof(*t));
	mach_port_name_t name;

	if (!t)
		return (kern_return_t)MACH_PORT_NULL;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	if (ipc_right_allocate(space, MACH_PORT_RIGHT_RECEIVE, &name) != KERN_SUCCESS) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		kfree(t);
		return (kern_return_t)MACH_PORT_NULL;
	}
	struct ipc_port *port = ipc_space_lookup(space, name)->port;
	t->port = port;
	port->mk_timer = t;
	ipc_port_make_send(port);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return (kern_return_t)name;
}

kern_return_t trap_mk_timer_destroy(struct trap_frame *tf)
{
	mach_port_name_t name = (mach_port_name_t)tf->x[0];
	struct ipc_space *space = current_thread()->task->itk_space;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	kern_return_t kr = KERN_INVALID_ARGUMENT;

	if (lookup(name))
		kr = ipc_right_mod_refs(space, name, MACH_PORT_RIGHT_RECEIVE, -1);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}

static kern_return_t arm(mach_port_name_t name, uint64_t deadline)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct mk_timer *t = lookup(name);
	if (!t) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return KERN_INVALID_ARGUMENT;
	}
	if (t->armed)
		disarm(t);
	t->deadline = deadline;
	t->armed = true;
	t->next = armed;
	armed = t;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return KERN_SUCCESS;
}

kern_return_t trap_mk_timer_arm(struct trap_frame *tf)
{
	return arm((mach_port_name_t)tf->x[0], tf->x[1]);
}

/* mk_timer_arm_leeway(name, flags, expire_time, leeway): the leeway is not used. */
kern_return_t trap_mk_timer_arm_leeway(struct trap_frame *tf)
{
	return arm((mach_port_name_t)tf->x[0], tf->x[2]);
}

kern_return_t trap_mk_timer_cancel(struct trap_frame *tf)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct mk_timer *t = lookup((mach_port_name_t)tf->x[0]);
	uint64_t deadline = 0;
	if (!t) {
		spin_unlock_irqrestore(&ipc_lock, daif);
		return KERN_INVALID_ARGUMENT;
	}
	if (t->armed) {
		deadline = t->deadline;
		disarm(t);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	/* The armed deadline, or 0 if it was not armed; a NULL pointer asks for nothing. */
	if (tf->x[1] && copyout(&deadline, tf->x[1], sizeof(deadline)) != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	return KERN_SUCCESS;
}
