/*
 * What the console driver's files share, set once by main before it serves
 * the first request: the UART and the service port. One thread runs the
 * whole driver, so nothing here is locked.
 */
#ifndef DRIVERS_CONSOLE_DRIVER_H
#define DRIVERS_CONSOLE_DRIVER_H

#include <mach/mach.h>

#include "drivers/console/pl011.h"

extern struct pl011 driver_uart;   /* the line, mapped */
extern mach_port_t driver_service; /* receive right of the service "console" */

#endif
