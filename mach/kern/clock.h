/*
 * The kernel's clocks, as XNU names them: the system clock (time since
 * boot, from the generic timer's counter) and the calendar clock (UTC time
 * since the Unix epoch): the wall time read once at boot from the PL031
 * real-time clock, plus the counter's time since. With no RTC the calendar
 * starts at the epoch. Only clock_set_time through the calendar's control
 * port moves it; the system clock cannot be set.
 *
 * Each clock has a service port (host_get_clock_service on either host
 * port) and a control port (host_get_clock_control on host_priv only),
 * both made at boot and kept for ever. The message contract is in
 * <mach/clock_types.h>.
 *
 * Locking: the calendar's offset is one 64-bit word read and written
 * atomically, so every call here may be made from any thread.
 */
#ifndef KERN_CLOCK_H
#define KERN_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc/ipc_kmsg.h"

struct platform;

/* Reads the RTC (if any), says the boot date on the console, makes the clock ports. Once, at boot.
 */
void clock_init(struct platform *p);

/* Nanoseconds since the Unix epoch, UTC. */
uint64_t clock_calendar_nanoseconds(void);

/* host_get_clock_service (either host port): a send right to a clock's service port. No lock held.
 */
struct ipc_kmsg *clock_host_get_clock_service(struct ipc_kmsg *request);

/* host_get_clock_control (host_priv only): a send right to a clock's control port. No lock held. */
struct ipc_kmsg *clock_host_get_clock_control(struct ipc_kmsg *request);

/*
 * Answers a request on a clock's port: `clock` is the port's kobject,
 * `control` whether it is the control port. Called with ipc_lock held; it
 * only allocates the reply.
 */
struct ipc_kmsg *clock_server(void *clock, bool control, struct ipc_kmsg *request);

#endif
