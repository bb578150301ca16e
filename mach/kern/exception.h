/*
 * Mach exceptions raised by user threads. The thread's exception port, then
 * the task's, then the host's, gets a chance to handle the exception
 * (kern/exception_ports.h). When no handler resumes the thread,
 * the kernel reports the exception on the console and terminates the task,
 * as XNU does when no handler answers.
 */
#ifndef KERN_EXCEPTION_H
#define KERN_EXCEPTION_H

#include <stdint.h>

#include "arch/arm64/trap.h"

/*
 * Raises exception `exc` (EXC_*) with two codes for the current user thread,
 * whose user frame is `tf`. Returns when a handler resumes the thread (the
 * frame may hold a new state) or once the task is being terminated.
 */
void exception_raise(int exc, int64_t code, int64_t subcode, const struct trap_frame *tf);

#endif
