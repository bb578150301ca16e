/*
 * Kernel console output. Safe to call from any context, including interrupt
 * handlers and panic: each call's output is emitted with interrupts masked.
 */
#ifndef KERN_KPRINTF_H
#define KERN_KPRINTF_H

#include <stdarg.h>

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
