/*
 * What every part of bsdserver shares: the rights it was started with and
 * the ports of its receive loop (main.c sets them up before anything else
 * runs). Single-threaded: only the receive loop's thread touches anything.
 */
#ifndef BSDSERVER_BSDSERVER_H
#define BSDSERVER_BSDSERVER_H

#include <mach/mach.h>

#include "kern/fat.h"

struct bsdserver {
	host_priv_t host_priv; /* from the bootstrap (`host_priv` in bootstrap.conf): power-off */
	host_t host;           /* the plain host port, which processes get */
	mach_port_t bootstrap; /* bsdserver's bootstrap port, which processes get too */
	mach_port_t port_set;  /* the receive loop's: syscall ports, notifications, console input */
	mach_port_t notify;    /* dead-name notifications for processes' task ports */
	mach_port_t exc;       /* processes' exceptions (exc.h); bsdserver holds a send right too */
	struct fat_volume volume; /* the boot volume, shared read-only by the bootstrap */
};

extern struct bsdserver bsd;

/* A line on the console about bsdserver itself (early console: bsdserver has host_priv). */
void bsd_log(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
