/*
 * bsdserver as every process's exception handler: exec gives each task
 * bsd.exc as its exception port (EXCEPTION_DEFAULT) for the exceptions a
 * program's fault raises. exc_message records on the process the signal
 * the exception stands for (exc_signal.h), logs it, and answers
 * KERN_FAILURE, so the kernel goes on as with no handler: it reports the
 * fault and terminates the task; the dead-name notification then ends the
 * process with that signal as its wait status.
 */
#ifndef BSDSERVER_EXC_H
#define BSDSERVER_EXC_H

#include <mach/mach.h>

/* The exceptions exec hands to bsdserver. */
#define EXC_PROCESS_MASK 0x1fe /* EXC_BAD_ACCESS .. EXC_MACH_SYSCALL */

/* A message that arrived on bsd.exc: handled, answered, and its rights released. */
void exc_message(mach_msg_header_t *request);

#endif
