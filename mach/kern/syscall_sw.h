/*
 * The system call gate for `svc #0x80` from user mode, by the number in x16:
 *   x16 == 0x80000000: platform call (code in x3; the thread's TSD base);
 *   x16 < 0: Mach trap -x16, handled in the kernel (XNU's numbering);
 *   x16 > 0: BSD system call, forwarded to the task's syscall port
 *            (kern/syscall_forward.c); a task without one gets EXC_SYSCALL.
 * Results go back in the trap frame: x0 for Mach traps. Then any AST is
 * handled (thread_ast) before the return to user mode. The exception vectors
 * call it straight for `svc #0x80` (ESR_SVC_DARWIN).
 */
#ifndef KERN_SYSCALL_SW_H
#define KERN_SYSCALL_SW_H

#include "arch/arm64/trap.h"

void syscall_dispatch(struct trap_frame *tf);

#endif
