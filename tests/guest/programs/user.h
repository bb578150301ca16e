/*
 * What the guest test programs use instead of libSystem: Mach traps and the
 * platform call through `svc #0x80`, by XNU's numbers.
 */
#ifndef TESTS_GUEST_PROGRAMS_USER_H
#define TESTS_GUEST_PROGRAMS_USER_H

#include <stdint.h>

#include "mach/mig_errors.h"
#include "mach/vm_prot.h"

typedef int kern_return_t;

/* A trap with up to eight arguments in x0..x7 and the number in x16; result in x0. */
static inline uint64_t trap8(int64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                             uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = a5;
	register uint64_t x6 __asm__("x6") = a6;
	register uint64_t x7 __asm__("x7") = a7;
	register int64_t x16 __asm__("x16") = number;

	__asm__ volatile(
	    "svc #0x80"
	    : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7)
	    : "r"(x16)
	    : "memory", "cc", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x17");
	return x0;
}

static inline uint64_t trap7(int64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                             uint64_t a4, uint64_t a5, uint64_t a6)
{
	return trap8(number, a0, a1, a2, a3, a4, a5, a6, 0);
}

static inline uint64_t trap6(int64_t number, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                             uint64_t a4, uint64_t a5)
{
	return trap7(number, a0, a1, a2, a3, a4, a5, 0);
}

#define TRAP_PORT_ALLOCATE              (-16)
#define TRAP_PORT_DEALLOCATE            (-18)
#define TRAP_PORT_MOD_REFS              (-19)
#define TRAP_PORT_INSERT_RIGHT          (-21)
#define TRAP_MACH_REPLY_PORT            (-26)
#define TRAP_THREAD_SELF                (-27)
#define TRAP_TASK_SELF                  (-28)
#define TRAP_HOST_SELF                  (-29)
#define TRAP_MACH_MSG                   (-31)
#define TRAP_SEMAPHORE_SIGNAL           (-33)
#define TRAP_SEMAPHORE_SIGNAL_ALL       (-34)
#define TRAP_SEMAPHORE_SIGNAL_THREAD    (-35)
#define TRAP_SEMAPHORE_WAIT             (-36)
#define TRAP_SEMAPHORE_WAIT_SIGNAL      (-37)
#define TRAP_SEMAPHORE_TIMEDWAIT        (-38)
#define TRAP_SEMAPHORE_TIMEDWAIT_SIGNAL (-39)
#define TRAP_THREAD_SWITCH              (-61)
#define TRAP_MACH_TIMEBASE_INFO         (-89)
#define TRAP_MACH_WAIT_UNTIL            (-90)
#define PLATFORM_SYSCALL                0x80000000
#define PLATFORM_SET_CTHREAD            2
#define PLATFORM_GET_CTHREAD            3

struct mach_timebase_info {
	uint32_t numer;
	uint32_t denom;
};

static inline kern_return_t thread_switch(uint32_t name, int option, uint32_t time)
{
	return (kern_return_t)trap6(TRAP_THREAD_SWITCH, name, option, time, 0, 0, 0);
}

static inline kern_return_t mach_timebase_info(struct mach_timebase_info *info)
{
	return (kern_return_t)trap6(TRAP_MACH_TIMEBASE_INFO, (uint64_t)info, 0, 0, 0, 0, 0);
}

static inline kern_return_t mach_wait_until(uint64_t deadline)
{
	return (kern_return_t)trap6(TRAP_MACH_WAIT_UNTIL, deadline, 0, 0, 0, 0, 0);
}

static inline uint64_t platform_call(uint64_t code, uint64_t arg)
{
	return trap6(PLATFORM_SYSCALL, arg, 0, 0, code, 0, 0);
}

static inline uint32_t task_self(void)
{
	return (uint32_t)trap6(TRAP_TASK_SELF, 0, 0, 0, 0, 0, 0);
}

static inline uint32_t thread_self(void)
{
	return (uint32_t)trap6(TRAP_THREAD_SELF, 0, 0, 0, 0, 0, 0);
}

/* mach_host_self: the task's host port (host_priv for the boot task). */
static inline uint32_t host_self(void)
{
	return (uint32_t)trap6(TRAP_HOST_SELF, 0, 0, 0, 0, 0, 0);
}

static inline uint32_t mach_reply_port(void)
{
	return (uint32_t)trap6(TRAP_MACH_REPLY_PORT, 0, 0, 0, 0, 0, 0);
}

static inline kern_return_t mach_port_allocate(uint32_t task, uint32_t right, uint32_t *name)
{
	return (kern_return_t)trap6(TRAP_PORT_ALLOCATE, task, right, (uint64_t)name, 0, 0, 0);
}

static inline kern_return_t mach_port_deallocate(uint32_t task, uint32_t name)
{
	return (kern_return_t)trap6(TRAP_PORT_DEALLOCATE, task, name, 0, 0, 0, 0);
}

static inline kern_return_t mach_port_mod_refs(uint32_t task, uint32_t name, uint32_t right,
                                               int32_t delta)
{
	return (kern_return_t)trap6(TRAP_PORT_MOD_REFS, task, name, right, (uint64_t)(int64_t)delta,
	                            0, 0);
}

static inline kern_return_t mach_port_insert_right(uint32_t task, uint32_t name, uint32_t poly,
                                                   uint32_t disposition)
{
	return (kern_return_t)trap6(TRAP_PORT_INSERT_RIGHT, task, name, poly, disposition, 0, 0);
}

#define TRAP_PORT_MOVE_MEMBER    (-20)
#define TRAP_PORT_INSERT_MEMBER  (-22)
#define TRAP_PORT_EXTRACT_MEMBER (-23)
#define TRAP_PORT_CONSTRUCT      (-24)
#define TRAP_PORT_DESTRUCT       (-25)

/* options: a mach_port_options_t (mach/port.h), or any address for hostile tests. */
static inline kern_return_t mach_port_construct(uint32_t task, const void *options,
                                                uint64_t context, uint32_t *name)
{
	return (kern_return_t)trap6(TRAP_PORT_CONSTRUCT, task, (uint64_t)options, context,
	                            (uint64_t)name, 0, 0);
}

static inline kern_return_t mach_port_destruct(uint32_t task, uint32_t name, int32_t srdelta,
                                               uint64_t guard)
{
	return (kern_return_t)trap6(TRAP_PORT_DESTRUCT, task, name, (uint64_t)(int64_t)srdelta,
	                            guard, 0, 0);
}

static inline kern_return_t mach_port_move_member(uint32_t task, uint32_t member, uint32_t after)
{
	return (kern_return_t)trap6(TRAP_PORT_MOVE_MEMBER, task, member, after, 0, 0, 0);
}

static inline kern_return_t mach_port_insert_member(uint32_t task, uint32_t name, uint32_t pset)
{
	return (kern_return_t)trap6(TRAP_PORT_INSERT_MEMBER, task, name, pset, 0, 0, 0);
}

static inline kern_return_t mach_port_extract_member(uint32_t task, uint32_t name, uint32_t pset)
{
	return (kern_return_t)trap6(TRAP_PORT_EXTRACT_MEMBER, task, name, pset, 0, 0, 0);
}

static inline int mach_msg(void *msg, uint32_t option, uint32_t send_size, uint32_t rcv_size,
                           uint32_t rcv_name, uint32_t timeout, uint32_t notify)
{
	return (int)trap7(TRAP_MACH_MSG, (uint64_t)msg, option, send_size, rcv_size, rcv_name,
	                  timeout, notify);
}

/* mach_msg_overwrite_trap: sends from msg, receives into rcv_msg. */
static inline int mach_msg_overwrite(void *msg, uint32_t option, uint32_t send_size,
                                     uint32_t rcv_size, uint32_t rcv_name, uint32_t timeout,
                                     void *rcv_msg)
{
	return (int)trap8(-32, (uint64_t)msg, option, send_size, rcv_size, rcv_name, timeout, 0,
	                  (uint64_t)rcv_msg);
}

/* mach_absolute_time: the virtual counter, readable at EL0. */
static inline uint64_t absolute_time(void)
{
	uint64_t t;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t));
	return t;
}

/* Mach VM traps (mach/vm/vm_user.h), XNU's numbers and argument order. */
#define TRAP_VM_ALLOCATE   (-10)
#define TRAP_VM_DEALLOCATE (-12)
#define TRAP_VM_PROTECT    (-14)
#define TRAP_VM_MAP        (-15)
#define VM_FLAGS_FIXED     0
#define VM_FLAGS_ANYWHERE  1

static inline kern_return_t mach_vm_allocate(uint32_t task, uint64_t *address, uint64_t size,
                                             int flags)
{
	return (kern_return_t)trap6(TRAP_VM_ALLOCATE, task, (uint64_t)address, size,
	                            (uint64_t)(uint32_t)flags, 0, 0);
}

static inline kern_return_t mach_vm_deallocate(uint32_t task, uint64_t address, uint64_t size)
{
	return (kern_return_t)trap6(TRAP_VM_DEALLOCATE, task, address, size, 0, 0, 0);
}

static inline kern_return_t mach_vm_protect(uint32_t task, uint64_t address, uint64_t size,
                                            int set_maximum, int new_protection)
{
	return (kern_return_t)trap6(TRAP_VM_PROTECT, task, address, size,
	                            (uint64_t)(uint32_t)set_maximum,
	                            (uint64_t)(uint32_t)new_protection, 0);
}

/* mach_vm_map of anonymous memory: what the trap takes (no object, offset or inheritance). */
static inline kern_return_t mach_vm_map_anon(uint32_t task, uint64_t *address, uint64_t size,
                                             uint64_t mask, int flags, int cur_protection)
{
	return (kern_return_t)trap6(TRAP_VM_MAP, task, (uint64_t)address, size, mask,
	                            (uint64_t)(uint32_t)flags, (uint64_t)(uint32_t)cur_protection);
}

#endif
