/* The IPC Mach traps; kern/syscall_sw.c dispatches to them by XNU number. */
#ifndef IPC_MACH_TRAPS_H
#define IPC_MACH_TRAPS_H

#include "arch/arm64/trap.h"
#include "ipc/mach_msg.h"
#include "mach/kern_return.h"

kern_return_t trap_task_self(struct trap_frame *tf);
kern_return_t trap_thread_self(struct trap_frame *tf);
kern_return_t trap_host_self(struct trap_frame *tf);
kern_return_t trap_mach_reply_port(struct trap_frame *tf);
kern_return_t trap_mach_msg_overwrite(struct trap_frame *tf);

/*
 * mach_msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout, notify)
 * when mach_msg_rpc has left it. Inline for the gate.
 */
static inline kern_return_t trap_mach_msg(struct trap_frame *tf)
{
	return mach_msg_trap(tf->x[0], (mach_msg_option_t)tf->x[1], (mach_msg_size_t)tf->x[2],
	                     (mach_msg_size_t)tf->x[3], (mach_port_name_t)tf->x[4],
	                     (mach_msg_timeout_t)tf->x[5], 0);
}
kern_return_t trap_mach_port_allocate(struct trap_frame *tf);
kern_return_t trap_mach_port_deallocate(struct trap_frame *tf);
kern_return_t trap_mach_port_mod_refs(struct trap_frame *tf);
kern_return_t trap_mach_port_insert_right(struct trap_frame *tf);
kern_return_t trap_mach_port_move_member(struct trap_frame *tf);
kern_return_t trap_mach_port_insert_member(struct trap_frame *tf);
kern_return_t trap_mach_port_extract_member(struct trap_frame *tf);
kern_return_t trap_mach_port_construct(struct trap_frame *tf);
kern_return_t trap_mach_port_destruct(struct trap_frame *tf);
kern_return_t trap_mach_port_type(struct trap_frame *tf);
kern_return_t trap_mach_port_get_attributes(struct trap_frame *tf);
kern_return_t trap_mach_port_request_notification(struct trap_frame *tf);
kern_return_t trap_mach_port_guard(struct trap_frame *tf);
kern_return_t trap_mach_port_unguard(struct trap_frame *tf);

#endif
