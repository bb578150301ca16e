/*
 * The Mach traps, by XNU's numbers (mach/kern/syscall_sw.c): each stub puts
 * the negated number in x16 and enters the kernel with `svc #0x80`. The
 * arguments are already where the C calling convention put them (x0..x7) and
 * the kernel returns the result in x0, so a stub is three instructions.
 *
 * Where XNU's libsystem_kernel exports a public name that is nothing but the
 * trap (mach_port_allocate, semaphore_signal, ...), that name is a second
 * label on the same stub; mach_wait_until and the mk_timer calls are traps
 * under their public names. Prototypes: <mach/mach_traps.h>,
 * <mach/mach_time.h>, <mach/mk_timer.h>, <mach/semaphore.h>.
 */

/* MACH_TRAP name, number[, public name[, second public name]] */
.macro MACH_TRAP name, number, alias1, alias2
	.text
	.globl	_\name
	.ifnb	\alias1
	.globl	_\alias1
	.endif
	.ifnb	\alias2
	.globl	_\alias2
	.endif
	.p2align 2
_\name:
	.ifnb	\alias1
_\alias1:
	.endif
	.ifnb	\alias2
_\alias2:
	.endif
	mov	x16, #-\number
	svc	#0x80
	ret
.endm

MACH_TRAP _kernelrpc_mach_vm_allocate_trap, 10, mach_vm_allocate, vm_allocate
MACH_TRAP _kernelrpc_mach_vm_deallocate_trap, 12, mach_vm_deallocate, vm_deallocate
MACH_TRAP _kernelrpc_mach_vm_protect_trap, 14, mach_vm_protect, vm_protect
MACH_TRAP _kernelrpc_mach_vm_map_trap, 15
MACH_TRAP _kernelrpc_mach_port_allocate_trap, 16, mach_port_allocate
MACH_TRAP _kernelrpc_mach_port_deallocate_trap, 18, mach_port_deallocate
MACH_TRAP _kernelrpc_mach_port_mod_refs_trap, 19, mach_port_mod_refs
MACH_TRAP _kernelrpc_mach_port_move_member_trap, 20, mach_port_move_member
MACH_TRAP _kernelrpc_mach_port_insert_right_trap, 21, mach_port_insert_right
MACH_TRAP _kernelrpc_mach_port_insert_member_trap, 22, mach_port_insert_member
MACH_TRAP _kernelrpc_mach_port_extract_member_trap, 23, mach_port_extract_member
MACH_TRAP _kernelrpc_mach_port_construct_trap, 24, mach_port_construct
MACH_TRAP _kernelrpc_mach_port_destruct_trap, 25, mach_port_destruct
MACH_TRAP mach_reply_port, 26
MACH_TRAP thread_self_trap, 27, mach_thread_self
MACH_TRAP task_self_trap, 28
MACH_TRAP host_self_trap, 29, mach_host_self
MACH_TRAP mach_msg_trap, 31
MACH_TRAP semaphore_signal_trap, 33, semaphore_signal
MACH_TRAP semaphore_signal_all_trap, 34, semaphore_signal_all
MACH_TRAP semaphore_wait_trap, 36, semaphore_wait
MACH_TRAP semaphore_wait_signal_trap, 37, semaphore_wait_signal
MACH_TRAP semaphore_timedwait_trap, 38
MACH_TRAP semaphore_timedwait_signal_trap, 39
MACH_TRAP swtch_pri, 59
MACH_TRAP swtch, 60
MACH_TRAP thread_switch, 61
MACH_TRAP mach_timebase_info_trap, 89, mach_timebase_info
MACH_TRAP mach_wait_until, 90
MACH_TRAP mk_timer_create, 91
MACH_TRAP mk_timer_destroy, 92
MACH_TRAP mk_timer_arm, 93
MACH_TRAP mk_timer_cancel, 94
MACH_TRAP mk_timer_arm_leeway, 95
