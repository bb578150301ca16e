/*
 * The early console: the bootstrap's own polled output on the PL011 UART,
 * for the messages it has before any console server runs (which servers
 * started, which failed and why). It maps the UART's registers into the
 * calling task with device_map_mmio, so the caller must hold host_priv.
 * The kernel writes to the same UART the same way; lines from both may
 * interleave, characters within one early_console_printf call do not
 * (unless the kernel prints meanwhile).
 *
 * Not thread-safe: one thread prints. Messages are cut at
 * EARLY_CONSOLE_LINE_MAX bytes.
 */
#ifndef USERLAND_BOOTSTRAP_EARLY_CONSOLE_H
#define USERLAND_BOOTSTRAP_EARLY_CONSOLE_H

#include <mach/mach.h>

#define EARLY_CONSOLE_LINE_MAX 256

/*
 * Maps the UART with host_priv (borrowed, not consumed). Returns the
 * device_map_mmio error; until it succeeds, output is dropped.
 */
kern_return_t early_console_init(host_priv_t host_priv);

/* Formats as bootstrap_vformat (format.h) does and prints; '\n' goes out as "\r\n". */
void early_console_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
