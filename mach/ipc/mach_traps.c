/*
 * The IPC Mach traps: the self ports, mach_reply_port, mach_msg and the
 * _kernelrpc port operations, by XNU's numbers (see kern/syscall_sw.c).
 */
#include "ipc/mach_traps.h"

#include <stddef.h>

#include "ipc/ipc_kobject.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "ipc/mach_msg.h"
#include "ipc/mach_port_server.h"
#include "kern/copyio.h"
#include "kern/panic.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "vm/vm_map.h"

#define MACH_PORT_INFO_WORDS 17 /* mach_port_info_t */

/* A new send right to `port` in the caller's space: its name, or MACH_PORT_NULL. */
static mach_port_name_t copyout_send(struct ipc_port *port)
{
	mach_port_name_t name;

	if (!port)
		return MACH_PORT_NULL;
	ipc_port_make_send(port);
	if (ipc_right_copyout(current_thread()->task->itk_space, port, MACH_MSG_TYPE_PORT_SEND,
	                      &name) != KERN_SUCCESS) {
		ipc_right_release(port, MACH_MSG_TYPE_PORT_SEND);
		return MACH_PORT_NULL;
	}
	return name;
}

kern_return_t trap_task_self(struct trap_frame *tf)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	mach_port_name_t name = copyout_send(current_thread()->task->itk_self);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return (kern_return_t)name;
}

kern_return_t trap_thread_self(struct trap_frame *tf)
{
	struct thread *t = current_thread();
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	if (!t->ith_self)
		t->ith_self = ipc_kobject_port_alloc(IKOT_THREAD, t);
	mach_port_name_t name = copyout_send(t->ith_self);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return (kern_return_t)name;
}

/* host_self_trap: the task's TASK_HOST_PORT (host or host_priv; see kern/host.h). */
kern_return_t trap_host_self(struct trap_frame *tf)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	mach_port_name_t name = copyout_send(current_thread()->task->itk_host);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return (kern_return_t)name;
}

kern_return_t trap_mach_reply_port(struct trap_frame *tf)
{
	mach_port_name_t name;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	kern_return_t kr =
	    ipc_right_allocate(current_thread()->task->itk_space, MACH_PORT_RIGHT_RECEIVE, &name);
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr == KERN_SUCCESS ? (kern_return_t)name : (kern_return_t)MACH_PORT_NULL;
}

/* mach_msg_overwrite_trap(msg, option, send_size, rcv_size, rcv_name, timeout, priority, rcv_msg).
 */
kern_return_t trap_mach_msg_overwrite(struct trap_frame *tf)
{
	return mach_msg_trap(tf->x[0], (mach_msg_option_t)tf->x[1], (mach_msg_size_t)tf->x[2],
	                     (mach_msg_size_t)tf->x[3], (mach_port_name_t)tf->x[4],
	                     (mach_msg_timeout_t)tf->x[5], tf->x[7]);
}

/* The space a task name (in the caller's space) stands for, or NULL. ipc_lock held. */
static struct ipc_space *target_space(mach_port_name_t target)
{
	struct ipc_entry *e = ipc_space_lookup(current_thread()->task->itk_space, target);

	if (!e || !(e->type & MACH_PORT_TYPE_SEND) || e->port->kotype != IKOT_TASK ||
	    !e->port->kobject)
		return NULL;
	return ((struct task *)e->port->kobject)->itk_space;
}

/* _kernelrpc_mach_port_allocate_trap(target, right, name *). */
kern_return_t trap_mach_port_allocate(struct trap_frame *tf)
{
	mach_port_name_t name = MACH_PORT_NULL;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr = space ? ipc_right_allocate(space, (mach_port_right_t)tf->x[1], &name)
	                         : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = copyout(&name, tf->x[2], sizeof(name));
	if (kr != KERN_SUCCESS) {
		/* Nobody can learn the name: take the right back. */
		daif = spin_lock_irqsave(&ipc_lock);
		space = target_space((mach_port_name_t)tf->x[0]);
		if (space)
			ipc_right_mod_refs(space, name, (mach_port_right_t)tf->x[1], -1);
		spin_unlock_irqrestore(&ipc_lock, daif);
	}
	return kr;
}

/* _kernelrpc_mach_port_deallocate_trap(target, name). */
kern_return_t trap_mach_port_deallocate(struct trap_frame *tf)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr =
	    space ? ipc_right_deallocate(space, (mach_port_name_t)tf->x[1]) : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}

/* _kernelrpc_mach_port_mod_refs_trap(target, name, right, delta). */
kern_return_t trap_mach_port_mod_refs(struct trap_frame *tf)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr =
	    space ? ipc_right_mod_refs(space, (mach_port_name_t)tf->x[1],
	                               (mach_port_right_t)tf->x[2], (mach_port_delta_t)tf->x[3])
	          : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}

/* _kernelrpc_mach_port_insert_right_trap(target, name, poly, polyPoly). */
kern_return_t trap_mach_port_insert_right(struct trap_frame *tf)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr =
	    space ? ipc_right_insert(space, (mach_port_name_t)tf->x[1],
	                             current_thread()->task->itk_space, (mach_port_name_t)tf->x[2],
	                             (mach_msg_type_name_t)tf->x[3])
	          : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}

/* _kernelrpc_mach_port_move_member_trap(target, member, after). */
kern_return_t trap_mach_port_move_member(struct trap_frame *tf)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr = space ? ipc_right_move_member(space, (mach_port_name_t)tf->x[1],
	                                                 (mach_port_name_t)tf->x[2], false)
	                         : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}

/* _kernelrpc_mach_port_insert_member_trap / _extract_member_trap(target, name, pset). */
static kern_return_t member_trap(struct trap_frame *tf, bool extract)
{
	if ((mach_port_name_t)tf->x[2] == MACH_PORT_NULL)
		return KERN_INVALID_RIGHT;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr = space ? ipc_right_move_member(space, (mach_port_name_t)tf->x[1],
	                                                 (mach_port_name_t)tf->x[2], extract)
	                         : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}

kern_return_t trap_mach_port_insert_member(struct trap_frame *tf)
{
	return member_trap(tf, false);
}

kern_return_t trap_mach_port_extract_member(struct trap_frame *tf)
{
	return member_trap(tf, true);
}

/* _kernelrpc_mach_port_construct_trap(target, options *, context, name *). */
kern_return_t trap_mach_port_construct(struct trap_frame *tf)
{
	mach_port_options_t options;
	mach_port_name_t name = MACH_PORT_NULL;
	uint64_t context = tf->x[2];
	kern_return_t kr = copyin(tf->x[1], &options, sizeof(options));

	if (kr != KERN_SUCCESS)
		return kr;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kr = space ? ipc_right_construct(space, &options, context, &name) : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = copyout(&name, tf->x[3], sizeof(name));
	if (kr != KERN_SUCCESS) {
		/* Nobody can learn the name: take the rights back. */
		daif = spin_lock_irqsave(&ipc_lock);
		space = target_space((mach_port_name_t)tf->x[0]);
		if (space)
			ipc_right_destruct(
			    space, name, (options.flags & MPO_INSERT_SEND_RIGHT) ? -1 : 0, context);
		spin_unlock_irqrestore(&ipc_lock, daif);
	}
	return kr;
}

/* _kernelrpc_mach_port_destruct_trap(target, name, srdelta, guard). */
kern_return_t trap_mach_port_destruct(struct trap_frame *tf)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr = space ? ipc_right_destruct(space, (mach_port_name_t)tf->x[1],
	                                              (mach_port_delta_t)tf->x[2], tf->x[3])
	                         : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}

/* _kernelrpc_mach_port_type_trap(target, name, ptype *). */
kern_return_t trap_mach_port_type(struct trap_frame *tf)
{
	uint32_t type = 0;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr = space ? mach_port_type_locked(space, (mach_port_name_t)tf->x[1], &type)
	                         : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr != KERN_SUCCESS ? kr : copyout(&type, tf->x[2], sizeof(type));
}

/* _kernelrpc_mach_port_get_attributes_trap(target, name, flavor, info *, count *). */
kern_return_t trap_mach_port_get_attributes(struct trap_frame *tf)
{
	uint32_t info[MACH_PORT_INFO_WORDS], count;
	kern_return_t kr = copyin(tf->x[4], &count, sizeof(count));

	if (kr != KERN_SUCCESS)
		return kr;
	if (count > MACH_PORT_INFO_WORDS)
		count = MACH_PORT_INFO_WORDS;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kr = space ? mach_port_get_attributes_locked(space, (mach_port_name_t)tf->x[1],
	                                             (int32_t)tf->x[2], info, &count)
	           : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (kr == KERN_SUCCESS)
		kr = copyout(info, tf->x[3], count * sizeof(info[0]));
	return kr != KERN_SUCCESS ? kr : copyout(&count, tf->x[4], sizeof(count));
}

/*
 * _kernelrpc_mach_port_request_notification_trap(target, name, msgid, sync,
 * notify, notifyPoly, previous *): `notify` is a name in the caller's space
 * with a send-once disposition; the right it replaces comes back to the caller.
 */
kern_return_t trap_mach_port_request_notification(struct trap_frame *tf)
{
	struct ipc_space *mine = current_thread()->task->itk_space;
	mach_port_name_t notify_name = (mach_port_name_t)tf->x[4], previous_name = MACH_PORT_NULL;
	mach_msg_type_name_t poly = (mach_msg_type_name_t)tf->x[5], type;
	struct ipc_port *notify = NULL, *previous = NULL;

	if (MACH_PORT_VALID(notify_name) && poly != MACH_MSG_TYPE_MAKE_SEND_ONCE &&
	    poly != MACH_MSG_TYPE_MOVE_SEND_ONCE)
		return KERN_INVALID_CAPABILITY;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr = space ? KERN_SUCCESS : KERN_INVALID_TASK;
	if (kr == KERN_SUCCESS && MACH_PORT_VALID(notify_name))
		kr = ipc_right_copyin(mine, notify_name, poly, &notify, &type);
	if (kr == KERN_SUCCESS) {
		kr = mach_port_request_notification_locked(space, (mach_port_name_t)tf->x[1],
		                                           (mach_msg_id_t)tf->x[2],
		                                           (uint32_t)tf->x[3], notify, &previous);
		/* Refused, the right goes as an unused one does: a send-once notification. */
		if (kr != KERN_SUCCESS && notify)
			ipc_right_release(notify, MACH_MSG_TYPE_PORT_SEND_ONCE);
	}
	if (previous && ipc_right_copyout(mine, previous, MACH_MSG_TYPE_PORT_SEND_ONCE,
	                                  &previous_name) != KERN_SUCCESS)
		previous_name = MACH_PORT_NULL;
	spin_unlock_irqrestore(&ipc_lock, daif);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = copyout(&previous_name, tf->x[6], sizeof(previous_name));
	if (kr != KERN_SUCCESS && MACH_PORT_VALID(previous_name)) {
		/* Nobody can learn the name: the right goes (with its notification). */
		daif = spin_lock_irqsave(&ipc_lock);
		ipc_right_mod_refs(mine, previous_name, MACH_PORT_RIGHT_SEND_ONCE, -1);
		spin_unlock_irqrestore(&ipc_lock, daif);
	}
	return kr;
}

/* _kernelrpc_mach_port_guard_trap(target, name, guard, strict): every guard here is strict. */
kern_return_t trap_mach_port_guard(struct trap_frame *tf)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr = space
	                       ? mach_port_guard_locked(space, (mach_port_name_t)tf->x[1], tf->x[2])
	                       : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}

/* _kernelrpc_mach_port_unguard_trap(target, name, guard). */
kern_return_t trap_mach_port_unguard(struct trap_frame *tf)
{
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_space *space = target_space((mach_port_name_t)tf->x[0]);
	kern_return_t kr =
	    space ? mach_port_unguard_locked(space, (mach_port_name_t)tf->x[1], tf->x[2])
	          : KERN_INVALID_TASK;
	spin_unlock_irqrestore(&ipc_lock, daif);
	return kr;
}
