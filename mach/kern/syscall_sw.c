#include "kern/syscall_sw.h"

#include <stddef.h>

#include "arch/arm64/cpu.h"
#include "arch/arm64/timer.h"
#include "ipc/mach_traps.h"
#include "kern/copyio.h"
#include "kern/exception.h"
#include "kern/kprintf.h"
#include "kern/sched.h"
#include "kern/mk_timer.h"
#include "kern/semaphore.h"
#include "kern/syscall_forward.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "kern/thread_switch.h"
#include "mach/exception_types.h"
#include "mach/kern_return.h"
#include "vm/vm_map.h"
#include "vm/vm_user.h"

#define PLATFORM_SYSCALL          ((int32_t)0x80000000)
#define PLATFORM_SET_CTHREAD_SELF 2
#define PLATFORM_GET_CTHREAD_SELF 3

typedef kern_return_t (*mach_trap_fn)(struct trap_frame *tf);

struct mach_trap {
	const char *name;
	mach_trap_fn fn; /* NULL: known to XNU, not provided here yet */
};

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* mach_timebase_info_trap(info): nanoseconds = absolute time * numer / denom. */
static kern_return_t trap_mach_timebase_info(struct trap_frame *tf)
{
	uint64_t freq = timer_frequency();
	uint64_t g = gcd(1000000000ull, freq);
	uint32_t info[2] = {(uint32_t)(1000000000ull / g), (uint32_t)(freq / g)};

	return copyout(info, tf->x[0], sizeof(info));
}

/* mach_wait_until(deadline): sleep until the counter (mach_absolute_time) reaches it. */
static kern_return_t trap_mach_wait_until(struct trap_frame *tf)
{
	uint64_t deadline = tf->x[0];

	while (sysreg_read(cntvct_el0) < deadline) {
		uint64_t daif = spin_lock_irqsave(&sched_lock);
		enum wait_result r = sched_block(deadline, daif);
		if (r == WAIT_INTERRUPTED || r == WAIT_ABORTED)
			return KERN_ABORTED;
	}
	return KERN_SUCCESS;
}

/* XNU's Mach trap numbers (osfmk/kern/syscall_sw.c); the index is -x16. */
static const struct mach_trap mach_traps[] = {
    [8] = {"tessera_vm_read_overwrite_trap", trap_tessera_vm_read_overwrite}, /* Tessera's */
    [9] = {"tessera_vm_write_trap", trap_tessera_vm_write},                   /* Tessera's */
    [10] = {"_kernelrpc_mach_vm_allocate_trap", trap_mach_vm_allocate},
    [11] = {"_kernelrpc_mach_vm_purgable_control_trap", NULL},
    [12] = {"_kernelrpc_mach_vm_deallocate_trap", trap_mach_vm_deallocate},
    [14] = {"_kernelrpc_mach_vm_protect_trap", trap_mach_vm_protect},
    [15] = {"_kernelrpc_mach_vm_map_trap", trap_mach_vm_map},
    [16] = {"_kernelrpc_mach_port_allocate_trap", trap_mach_port_allocate},
    [18] = {"_kernelrpc_mach_port_deallocate_trap", trap_mach_port_deallocate},
    [19] = {"_kernelrpc_mach_port_mod_refs_trap", trap_mach_port_mod_refs},
    [20] = {"_kernelrpc_mach_port_move_member_trap", trap_mach_port_move_member},
    [21] = {"_kernelrpc_mach_port_insert_right_trap", trap_mach_port_insert_right},
    [22] = {"_kernelrpc_mach_port_insert_member_trap", trap_mach_port_insert_member},
    [23] = {"_kernelrpc_mach_port_extract_member_trap", trap_mach_port_extract_member},
    [24] = {"_kernelrpc_mach_port_construct_trap", trap_mach_port_construct},
    [25] = {"_kernelrpc_mach_port_destruct_trap", trap_mach_port_destruct},
    [26] = {"mach_reply_port", trap_mach_reply_port},
    [27] = {"thread_self_trap", trap_thread_self},
    [28] = {"task_self_trap", trap_task_self},
    [29] = {"host_self_trap", trap_host_self},
    [31] = {"mach_msg_trap", trap_mach_msg},
    [32] = {"mach_msg_overwrite_trap", trap_mach_msg_overwrite},
    [33] = {"semaphore_signal_trap", trap_semaphore_signal},
    [34] = {"semaphore_signal_all_trap", trap_semaphore_signal_all},
    [35] = {"semaphore_signal_thread_trap", trap_semaphore_signal_thread},
    [36] = {"semaphore_wait_trap", trap_semaphore_wait},
    [37] = {"semaphore_wait_signal_trap", trap_semaphore_wait_signal},
    [38] = {"semaphore_timedwait_trap", trap_semaphore_timedwait},
    [39] = {"semaphore_timedwait_signal_trap", trap_semaphore_timedwait_signal},
    [40] = {"_kernelrpc_mach_port_get_attributes_trap", trap_mach_port_get_attributes},
    [41] = {"_kernelrpc_mach_port_guard_trap", trap_mach_port_guard},
    [42] = {"_kernelrpc_mach_port_unguard_trap", trap_mach_port_unguard},
    [43] = {"mach_generate_activity_id", NULL},
    [44] = {"task_name_for_pid", NULL},
    [45] = {"task_for_pid", NULL},
    [46] = {"pid_for_task", NULL},
    [50] = {"thread_get_special_reply_port", NULL},
    [59] = {"swtch_pri", trap_swtch_pri},
    [60] = {"swtch", trap_swtch},
    [61] = {"thread_switch", trap_thread_switch},
    [62] = {"clock_sleep_trap", NULL},
    [70] = {"host_create_mach_voucher_trap", NULL},
    [72] = {"mach_voucher_extract_attr_recipe_trap", NULL},
    [76] = {"_kernelrpc_mach_port_type_trap", trap_mach_port_type},
    [77] = {"_kernelrpc_mach_port_request_notification_trap", trap_mach_port_request_notification},
    [89] = {"mach_timebase_info_trap", trap_mach_timebase_info},
    [90] = {"mach_wait_until_trap", trap_mach_wait_until},
    [91] = {"mk_timer_create_trap", trap_mk_timer_create},
    [92] = {"mk_timer_destroy_trap", trap_mk_timer_destroy},
    [93] = {"mk_timer_arm_trap", trap_mk_timer_arm},
    [94] = {"mk_timer_cancel_trap", trap_mk_timer_cancel},
    [95] = {"mk_timer_arm_leeway_trap", trap_mk_timer_arm_leeway},
};

#define MACH_TRAP_COUNT (sizeof(mach_traps) / sizeof(mach_traps[0]))

static void platform_syscall(struct trap_frame *tf)
{
	switch (tf->x[3]) {
	case PLATFORM_SET_CTHREAD_SELF:
		sysreg_write(tpidrro_el0, tf->x[0]);
		current_thread()->tsd_base = tf->x[0];
		break;
	case PLATFORM_GET_CTHREAD_SELF: tf->x[0] = current_thread()->tsd_base; break;
	default: exception_raise(EXC_SYSCALL, PLATFORM_SYSCALL, (int64_t)tf->x[3], tf); break;
	}
}

void syscall_dispatch(struct trap_frame *tf)
{
	int32_t number = (int32_t)tf->x[16];

	/* mach_msg, then BSD calls: most of the traffic, each straight to its handler. */
	if (number == MACH_MSG_TRAP_NUMBER) {
		tf->x[0] = (uint64_t)(int64_t)trap_mach_msg(tf);
	} else if (number > 0) {
		/* Without a syscall port (no BSD server for this task) the call is an exception. */
		if (!syscall_forward(tf, number))
			exception_raise(EXC_SYSCALL, number, 0, tf);
	} else if (number == PLATFORM_SYSCALL) {
		platform_syscall(tf);
	} else {
		size_t index = (size_t) - (int64_t)number;
		if (index >= MACH_TRAP_COUNT || !mach_traps[index].fn) {
			if (index < MACH_TRAP_COUNT && mach_traps[index].name)
				kprintf("syscall: Mach trap %d (%s) is not implemented yet\n",
				        number, mach_traps[index].name);
			exception_raise(EXC_MACH_SYSCALL, number, 0, tf);
		} else {
			tf->x[0] = (uint64_t)(int64_t)mach_traps[index].fn(tf);
		}
	}
	if (thread_ast_pending())
		thread_ast();
}
