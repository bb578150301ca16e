/*
 * Mach timers (XNU's mk_timer): a timer is a receive right in the creator's
 * space to an ordinary port; the kernel keeps a send right to it, and when an
 * armed timer's deadline (mach_absolute_time) passes, it queues one message
 * (id 0, three zero quadwords) on the port. Traps: mk_timer_create (-91),
 * destroy (-92), arm (-93), cancel (-94), arm_leeway (-95). Locking: ipc_lock.
 */
#ifndef KERN_MK_TIMER_H
#define KERN_MK_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/trap.h"
#include "mach/kern_return.h"

struct ipc_port;

struct mk_timer {
	struct ipc_port *port; /* the timer's port; the kernel holds a send right to it */
	uint64_t deadline;     /* when it fires, while armed */
	bool armed;
	struct mk_timer *next; /* the list of armed timers */
};

/* Called on every tick: fires the timers whose deadline has passed. */
void mk_timer_tick(uint64_t now);

/* The timer's port is dying (its receive right destroyed): the timer goes. ipc_lock held. */
void mk_timer_port_dying(struct ipc_port *port);

kern_return_t trap_mk_timer_create(struct trap_frame *tf);
kern_return_t trap_mk_timer_destroy(struct trap_frame *tf);
kern_return_t trap_mk_timer_arm(struct trap_frame *tf);
kern_return_t trap_mk_timer_cancel(struct trap_frame *tf);
kern_return_t trap_mk_timer_arm_leeway(struct trap_frame *tf);

#endif
