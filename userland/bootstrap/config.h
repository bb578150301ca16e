/*
 * The bootstrap's configuration, /etc/bootstrap.conf on the boot volume: the
 * servers to start, in order, one per line.
 *
 *     # A comment; blank lines are ignored too.
 *     PATH [host_priv] [boot_volume] [service=NAME]...
 *
 * PATH is an absolute path on the boot volume. `host_priv` gives the server
 * the privileged host port (drivers need it for device access); the others
 * get the plain host port. `boot_volume` maps the boot volume read-only into
 * the server and names it in its apple[] as the kernel names it in the
 * bootstrap's (bsdserver reads programs from it). Each `service=NAME` declares a service the server
 * provides: the bootstrap makes its port before starting anyone, so clients
 * started earlier or later can look it up and send at once, and only this
 * server may check it in. Order is the dependency order: a server starts
 * after every server above it.
 *
 * Parsing is pure (no Mach calls, no output): malformed lines are handed to
 * the caller's report function and skipped, so one bad line costs one server.
 */
#ifndef USERLAND_BOOTSTRAP_CONFIG_H
#define USERLAND_BOOTSTRAP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "userland/bootstrap/bootstrap_errors.h"

#define BOOTSTRAP_CONFIG_PATH  "/etc/bootstrap.conf"
#define BOOTSTRAP_SERVERS_MAX  32  /* servers one configuration may list */
#define BOOTSTRAP_SERVICES_MAX 8   /* services one server may declare */
#define BOOTSTRAP_PATH_MAX     128 /* longest PATH, with its NUL */

struct bootstrap_config_server {
	char path[BOOTSTRAP_PATH_MAX];
	bool host_priv;     /* gets host_priv rather than the host port */
	bool boot_volume;   /* gets the boot volume mapped read-only */
	unsigned line;      /* where the configuration lists it, from 1 */
	unsigned nservices; /* entries used in services */
	char services[BOOTSTRAP_SERVICES_MAX][BOOTSTRAP_NAME_MAX + 1];
};

struct bootstrap_config {
	unsigned nservers;
	struct bootstrap_config_server servers[BOOTSTRAP_SERVERS_MAX];
};

/* Told about each line that was skipped, and why. */
typedef void (*bootstrap_config_report_fn)(unsigned line, const char *why);

/*
 * Parses text[0 .. size) (which need not end in a NUL) into *config. A name
 * declared twice keeps its first server; the later line is reported and
 * skipped. Returns the number of servers listed.
 */
unsigned bootstrap_config_parse(const char *text, size_t size, struct bootstrap_config *config,
                                bootstrap_config_report_fn report);

/*
 * True for a well-formed service name: 1 to BOOTSTRAP_NAME_MAX printable
 * ASCII characters, no spaces.
 */
bool bootstrap_name_valid(const char *name);

#endif
