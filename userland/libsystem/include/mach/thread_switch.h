/*
 * thread_switch's options (<mach/mach_traps.h> declares the call), as XNU
 * defines them. The DEPRESS options lower the caller's priority while others
 * run, for option_time ms at most; the WAIT options sleep option_time ms
 * (DISPATCH_CONTENTION: µs). The OSLOCK options hand off only to a thread of
 * the caller's own task.
 */
#ifndef _MACH_THREAD_SWITCH_H_
#define _MACH_THREAD_SWITCH_H_

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>

#define SWITCH_OPTION_NONE                0
#define SWITCH_OPTION_DEPRESS             1
#define SWITCH_OPTION_WAIT                2
#define SWITCH_OPTION_DISPATCH_CONTENTION 3
#define SWITCH_OPTION_OSLOCK_DEPRESS      4
#define SWITCH_OPTION_OSLOCK_WAIT         5

#define valid_switch_option(opt) (0 <= (opt) && (opt) <= 5)

#endif
