/*
 * The kernel's own console: a polled UART used for boot messages and panics.
 * User-space console I/O goes through the console driver server instead.
 */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

#include <stdint.h>

/* Sets the early UART's line mode (8 bits, FIFOs on) before the first output. */
void console_early_init(void);

/* Starts polled output on the UART at the given kernel virtual address. */
void console_init(uintptr_t uart_va);

/* Writes one character, turning "\n" into "\r\n". */
void console_putc(char c);

#endif
