/*
 * The yielding traps, as XNU has them:
 *
 * thread_switch(thread_name, option, option_time) (-61) gives up the CPU.
 * A name that is a send right to another thread's port, of the caller's
 * task for the OSLOCK options, is a hint: if that thread waits on a run
 * queue it runs next; any other name is ignored. SWITCH_OPTION_WAIT and
 * OSLOCK_WAIT then wait option_time ms (DISPATCH_CONTENTION: µs), ended early
 * by thread_abort; DEPRESS and OSLOCK_DEPRESS run the caller at the lowest
 * priority while it is off the CPU, until option_time ms pass (0: no limit),
 * thread_depress_abort or thread_abort; the depression ends when the call
 * returns. NONE and the DEPRESS options return at once when nothing else is
 * runnable. KERN_INVALID_ARGUMENT for an unknown option, else KERN_SUCCESS.
 *
 * swtch() (-60) yields; swtch_pri(pri) (-59) yields depressed for at most
 * one quantum (pri is ignored, as in XNU). Both return whether other threads
 * are still runnable, and return false at once when none is.
 */
#ifndef KERN_THREAD_SWITCH_H
#define KERN_THREAD_SWITCH_H

#include "arch/arm64/trap.h"
#include "mach/kern_return.h"

kern_return_t trap_thread_switch(struct trap_frame *tf);
kern_return_t trap_swtch(struct trap_frame *tf);
kern_return_t trap_swtch_pri(struct trap_frame *tf);

#endif
