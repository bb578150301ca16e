/*
 * The console tty: the line discipline (tty.h) over the console driver
 * (drivers/console/console.defs, bootstrap service "console"). Output goes
 * out with console_write; input comes as console_input messages on a
 * listener port of bsdserver's, in the receive loop's port set.
 *
 * A read that the line discipline cannot answer yet waits: the call's reply
 * right is kept (console_tty_read returns SYS_DEFERRED) and the answer goes
 * out when input arrives, or when a VTIME timer runs out
 * (console_tty_timeouts), or never if the process ends first
 * (console_tty_cancel).
 */
#ifndef BSDSERVER_TTY_CONSOLE_H
#define BSDSERVER_TTY_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/mach.h>

#include "bsdserver/bsd_abi.h"
#include "bsdserver/proc.h"
#include "bsdserver/syscalls.h"

/*
 * Looks the console service up and makes itself its listener. Returns NULL,
 * or what is missing: with no console service, opening /dev/console fails
 * with ENXIO; with no listener, output still works but no input comes.
 */
const char *console_tty_init(void);

/* Whether the console is there to open. */
bool console_tty_present(void);

/* The listener port (in the port set), or MACH_PORT_NULL. */
mach_port_t console_tty_listener(void);

/*
 * Handles a message on the listener port (console_input): the bytes go
 * through the line discipline and waiting reads are answered. False for a
 * message that is not a well-formed console_input (the caller destroys it).
 */
bool console_tty_message(mach_msg_header_t *request);

/*
 * Reads into the caller's iovecs (iovcnt of them, checked) for `call`:
 * answers now (0, an errno) or keeps the call (SYS_DEFERRED). nonblock: a
 * read that would wait is EAGAIN.
 */
int console_tty_read(struct sys_call *call, const struct bsd_iovec *iov, int iovcnt, bool nonblock);

/* Writes n bytes of the caller's (already copied in) to the console: 0 and *written, or EIO. */
int console_tty_write(const uint8_t *data, size_t n, size_t *written);

/* The tty ioctls: 0, ENOTTY for a command that is not one, EFAULT. */
int console_tty_ioctl(struct proc *p, uint32_t command, uint64_t arg);

/* Forgets the waiting reads of p, releasing their reply rights. */
void console_tty_cancel(struct proc *p);

/* Waiting reads with a VTIME deadline (console.c's to change). */
extern unsigned console_tty_timed;

/* console_tty_timeouts when some read has a deadline. */
uint64_t console_tty_timeouts_scan(void);

/*
 * Answers the reads whose VTIME has run out, and returns the next deadline
 * (mach_absolute_time), or 0 for none. Inline: the receive loop asks before
 * every message, and most of the time no read has a deadline.
 */
static inline uint64_t console_tty_timeouts(void)
{
	return console_tty_timed == 0 ? 0 : console_tty_timeouts_scan();
}

#endif
