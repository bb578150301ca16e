/*
 * The service table: every name the bootstrap answers for.
 *
 * A configured service (config.h) has a port the bootstrap makes before any
 * server starts. The bootstrap owns its receive right whenever its server
 * does not hold it: before the first check-in, and again after the server
 * dies, when the kernel hands the right back in a port-destroyed
 * notification (requested at each check-in) with the messages still queued
 * on it. Clients keep one port across the server's lives; their messages
 * wait meanwhile. The bootstrap keeps a send right to each such port as well,
 * so the port has the same name in its space however often the receive
 * right leaves and returns.
 *
 * A registered service (bootstrap_register) is a send right a running
 * server published; it is withdrawn when that server ends.
 *
 * Servers are named by their index in the configuration. Single-threaded:
 * only the bootstrap's receive loop calls these.
 */
#ifndef USERLAND_BOOTSTRAP_SERVICE_H
#define USERLAND_BOOTSTRAP_SERVICE_H

#include <stdbool.h>

#include <mach/mach.h>

/*
 * Where port-destroyed notifications go: `notify`, a receive right of the
 * bootstrap whose messages the receive loop hands to bootstrap_service_returned.
 */
void bootstrap_service_init(mach_port_t notify);

/*
 * Makes the port of configured service `name`, owned by server `owner`.
 * Returns BOOTSTRAP_NO_MEMORY when the table is full, or a Mach error.
 */
kern_return_t bootstrap_service_declare(const char *name, unsigned owner);

/*
 * For server `server`: the receive right of its service `name`, to move to
 * it (the caller's reply does). BOOTSTRAP_UNKNOWN_SERVICE if no configured
 * service has the name, BOOTSTRAP_NOT_PRIVILEGED if another server owns it,
 * BOOTSTRAP_SERVICE_ACTIVE if the server holds it already.
 */
kern_return_t bootstrap_service_check_in(const char *name, unsigned server, mach_port_t *port);

/* A send right to service `name` (the caller's reply copies it), or BOOTSTRAP_UNKNOWN_SERVICE. */
kern_return_t bootstrap_service_look_up(const char *name, mach_port_t *port);

/*
 * Publishes `port` (a send right, which becomes the table's on success)
 * under `name` for server `server`. BOOTSTRAP_NAME_IN_USE if the name is
 * taken, BOOTSTRAP_NO_MEMORY if the table is full.
 */
kern_return_t bootstrap_service_register(const char *name, unsigned server, mach_port_t port);

/*
 * A port-destroyed notification brought the receive right `port` back.
 * Returns false when it belongs to no service (the caller then drops it).
 */
bool bootstrap_service_returned(mach_port_t port);

/* Server `server` has ended: its registered names are withdrawn. */
void bootstrap_service_server_ended(unsigned server);

/* Prints each configured service's state: who holds its port and how many messages wait. */
void bootstrap_service_report(void);

#endif
