/*
 * The bootstrap: the first task, which the kernel starts from the boot
 * volume with host_priv. It reads its configuration (config.h), makes the
 * configured services' ports (service.h), starts the servers in order
 * (server.h, loader.h), then answers the name service (bootstrap.defs,
 * name_service.c) and the kernel's notifications until no server is left
 * running. Then it reports where each service stands and ends itself; the
 * kernel powers off when the boot task ends.
 *
 * Everything it has to say goes to the early console (early_console.h).
 */
#include <string.h>

#include <mach/mach.h>
#include <mach/notify.h>

#include "userland/bootstrap/bootstrapServer.h"
#include "userland/bootstrap/config.h"
#include "userland/bootstrap/early_console.h"
#include "userland/bootstrap/server.h"
#include "userland/bootstrap/service.h"
#include "userland/bootstrap/volume.h"

#define HOST_PORT 1 /* host special port: the unprivileged host port */
#define MAX(a, b) ((a) > (b) ? (a) : (b))
/* The largest message the loop handles: a name-service request or reply, or a notification. */
#define MESSAGE_MAX                                                                                \
	MAX(MAX(bootstrap_MAX_REQUEST_SIZE, bootstrap_MAX_REPLY_SIZE),                             \
	    MAX(sizeof(mach_port_destroyed_notification_t),                                        \
	        sizeof(mach_dead_name_notification_t)))

static mach_port_t notify_port; /* the kernel's notifications about services and servers */
static struct bootstrap_config config;

static void report_line(unsigned line, const char *why)
{
	early_console_printf("bootstrap: %s line %u skipped: %s\n", BOOTSTRAP_CONFIG_PATH, line,
	                     why);
}

/* A notification on notify_port; false for anything else there. */
static bool notification(mach_msg_header_t *request)
{
	if (request->msgh_id == MACH_NOTIFY_PORT_DESTROYED &&
	    (request->msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	    request->msgh_size == sizeof(mach_port_destroyed_notification_t)) {
		mach_port_destroyed_notification_t *n = (void *)request;
		if (n->not_body.msgh_descriptor_count != 1 ||
		    n->not_port.type != MACH_MSG_PORT_DESCRIPTOR ||
		    n->not_port.disposition != MACH_MSG_TYPE_PORT_RECEIVE)
			return false;
		if (!bootstrap_service_returned(n->not_port.name))
			mach_port_mod_refs(mach_task_self(), n->not_port.name,
			                   MACH_PORT_RIGHT_RECEIVE, -1);
		return true;
	}
	if (request->msgh_id == MACH_NOTIFY_DEAD_NAME &&
	    !(request->msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
	    request->msgh_size == sizeof(mach_dead_name_notification_t)) {
		mach_dead_name_notification_t *n = (void *)request;
		if (!bootstrap_server_task_died(n->not_port))
			mach_port_mod_refs(mach_task_self(), n->not_port, MACH_PORT_RIGHT_DEAD_NAME,
			                   -1);
		return true;
	}
	return false;
}

/*
 * The receive loop's demux: the kernel's notifications, which are answered
 * by nobody, and the name service's requests.
 */
static bool demux(mach_msg_header_t *request, mach_msg_header_t *reply)
{
	if (request->msgh_local_port != notify_port)
		return bootstrap_server(request, reply);
	mig_reply_error_t *r = (mig_reply_error_t *)reply;
	memset(r, 0, sizeof(*r));
	/* No reply port, so nothing is sent: RetCode tells the loop what became of the request. */
	r->Head.msgh_size = sizeof(*r);
	r->Head.msgh_remote_port = MACH_PORT_NULL;
	r->Head.msgh_id = request->msgh_id + 100;
	/* Success: what the notification carried is taken care of; else the loop destroys it. */
	r->RetCode = notification(request) ? KERN_SUCCESS : MIG_BAD_ID;
	return r->RetCode == KERN_SUCCESS;
}

/* Reads and parses the configuration; false (reported) when there is none to follow. */
static bool read_config(const struct fat_volume *vol)
{
	struct bootstrap_file file;
	const char *why = bootstrap_file_read(vol, BOOTSTRAP_CONFIG_PATH, &file);

	if (why != NULL) {
		early_console_printf("bootstrap: %s: %s; no servers to start\n",
		                     BOOTSTRAP_CONFIG_PATH, why);
		return false;
	}
	bootstrap_config_parse(file.data, file.size, &config, report_line);
	bootstrap_file_free(&file);
	return true;
}

/* Makes every configured service's port; a service that cannot be made is reported. */
static void declare_services(void)
{
	for (unsigned i = 0; i < config.nservers; i++) {
		const struct bootstrap_config_server *s = &config.servers[i];
		for (unsigned j = 0; j < s->nservices; j++) {
			kern_return_t kr = bootstrap_service_declare(s->services[j], i);
			if (kr != KERN_SUCCESS)
				early_console_printf(
				    "bootstrap: service %s of %s: no port (error 0x%x)\n",
				    s->services[j], s->path, kr);
		}
	}
}

/* Serves until no server runs; false if receiving failed. */
static bool serve(mach_port_t port_set)
{
	while (bootstrap_server_running() > 0) {
		mach_msg_return_t mr = mach_msg_server_once(demux, MESSAGE_MAX, port_set, 0);
		if (mr != MACH_MSG_SUCCESS) {
			early_console_printf("bootstrap: the receive loop failed (error 0x%x)\n",
			                     mr);
			return false;
		}
	}
	return true;
}

/* Makes the loop's port set with notify_port in it. */
static kern_return_t make_ports(mach_port_t *port_set)
{
	kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, port_set);

	if (kr == KERN_SUCCESS)
		kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &notify_port);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(mach_task_self(), notify_port, *port_set);
	return kr;
}

/* Starts the configured servers and serves them until none runs. */
static void run(const struct fat_volume *vol, host_priv_t host_priv)
{
	struct bootstrap_server_env env = {.vol = vol, .host_priv = host_priv};
	kern_return_t kr = host_get_special_port(host_priv, 0, HOST_PORT, &env.host);

	if (kr == KERN_SUCCESS)
		kr = make_ports(&env.port_set);
	if (kr != KERN_SUCCESS) {
		early_console_printf("bootstrap: cannot make its ports (error 0x%x)\n", kr);
		return;
	}
	env.notify = notify_port;
	bootstrap_service_init(notify_port);
	declare_services();
	if (bootstrap_server_start_all(&config, &env) == 0)
		early_console_printf("bootstrap: no server could start\n");
	else if (serve(env.port_set))
		early_console_printf("bootstrap: every server has ended\n");
	bootstrap_service_report();
}

int main(int argc, char **argv, char **envp, char **apple)
{
	struct fat_volume vol;

	(void)argc;
	(void)argv;
	(void)envp;
	mach_init();
	host_priv_t host_priv = mach_host_self();
	/* Without a console the bootstrap still starts the servers; it just cannot say so. */
	early_console_init(host_priv);
	const char *why = bootstrap_volume_mount(apple, &vol);
	if (why != NULL)
		early_console_printf("bootstrap: no boot volume: %s\n", why);
	else if (read_config(&vol) && config.nservers == 0)
		early_console_printf("bootstrap: %s lists no servers; nothing to start\n",
		                     BOOTSTRAP_CONFIG_PATH);
	else if (config.nservers > 0)
		run(&vol, host_priv);
	early_console_printf("bootstrap: ending\n");
	/* The kernel reclaims every right and mapping with the task, and then powers off. */
	task_terminate(mach_task_self());
	return 1;
}
