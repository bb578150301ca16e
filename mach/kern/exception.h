/*
 * Mach exceptions raised by user threads. Exception ports (thread, task,
 * host) come with IPC; until then every exception is unhandled: the kernel
 * reports it on the console and terminates the task, as XNU does when no
 * handler answers.
 */
#ifndef KERN_EXCEPTION_H
#define KERN_EXCEPTION_H

#include <stdint.h>

#include "arch/arm64/trap.h"

/* Raises exception `exc` (EXC_*) with two codes for the current user thread. */
void exception_raise(int exc, int64_t code, int64_t subcode, const struct trap_frame *tf);

#endif
