/*
 * The servers the bootstrap starts, in the configuration's order, and what
 * it knows of each: its own bootstrap port and its task while it runs.
 *
 * Each server gets a bootstrap port of its own (its TASK_BOOTSTRAP_PORT): the
 * bootstrap holds the receive right, in its port set, so a request's port
 * tells which server asks. A server also gets TASK_HOST_PORT: host_priv if
 * its configuration line says `host_priv`, the plain host port otherwise.
 * The bootstrap asks for a dead-name notification on each task port, so it
 * learns when a server has ended.
 *
 * A server that cannot start is reported on the console, with the reason,
 * and the others still start. Single-threaded: only the bootstrap's main
 * thread calls these.
 */
#ifndef USERLAND_BOOTSTRAP_SERVER_H
#define USERLAND_BOOTSTRAP_SERVER_H

#include <stdbool.h>

#include <mach/mach.h>

#include "kern/fat.h"
#include "userland/bootstrap/config.h"

/* What starting servers needs; the rights are borrowed and must outlive the servers. */
struct bootstrap_server_env {
	const struct fat_volume *vol;
	host_priv_t host_priv;
	host_t host;
	mach_port_t port_set; /* the receive loop's: servers' bootstrap ports go in it */
	mach_port_t notify;   /* dead-name notifications for servers' task ports go here */
};

/*
 * Starts every server of `config` (kept by reference) in order. Returns how
 * many are running.
 */
unsigned bootstrap_server_start_all(const struct bootstrap_config *config,
                                    const struct bootstrap_server_env *env);

/* The server whose bootstrap port is `port`: true and *server set, or false. */
bool bootstrap_server_by_port(mach_port_t port, unsigned *server);

/*
 * A dead-name notification for `name` came: if it is a server's task port,
 * now a dead name, the server is marked ended and reported, its
 * registrations withdrawn, the dead name released, and true returned.
 */
bool bootstrap_server_task_died(mach_port_t name);

/* Servers started and not yet ended. */
unsigned bootstrap_server_running(void);

#endif
