/*
 * Mach timers: a timer is a port (receive right) that gets one message each
 * time an armed deadline (mach_absolute_time units) passes.
 */
#ifndef _MACH_MK_TIMER_H_
#define _MACH_MK_TIMER_H_

#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/port.h>

/* A new timer's port name, or MACH_PORT_NULL. */
mach_port_name_t mk_timer_create(void);
kern_return_t mk_timer_destroy(mach_port_name_t name);
kern_return_t mk_timer_arm(mach_port_name_t name, uint64_t expire_time);
/* Disarms; the deadline it had goes to *result_time unless result_time is NULL. */
kern_return_t mk_timer_cancel(mach_port_name_t name, uint64_t *result_time);
kern_return_t mk_timer_arm_leeway(mach_port_name_t name, uint64_t mk_timer_flags,
                                  uint64_t mk_timer_expire_time, uint64_t mk_timer_leeway);

#endif
