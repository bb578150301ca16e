/*
 * Fatal kernel errors. A panic prints the reason, registers and a symbolized
 * backtrace on the console, then powers the machine off (or halts, with the
 * boot argument panic=halt, so a debugger can inspect it).
 */
#ifndef KERN_PANIC_H
#define KERN_PANIC_H

#include "arch/arm64/trap.h"

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Panic for an exception the kernel cannot handle; decodes the saved syndrome. */
void panic_trap(const struct trap_frame *tf, const char *what) __attribute__((noreturn));

/* Machine-wide stop after a panic; implemented by the platform. */
void panic_halt_machine(void) __attribute__((noreturn));

#endif
