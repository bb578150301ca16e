#include "userland/bootstrap/server.h"

#include <mach/notify.h>
#include <mach/task_special_ports.h>

#include "userland/bootstrap/early_console.h"
#include "userland/bootstrap/loader.h"
#include "userland/bootstrap/service.h"

struct server {
	const struct bootstrap_config_server *config; /* NULL: slot unused */
	mach_port_t bootstrap_port;                   /* receive right, in the port set */
	task_t task;                                  /* its task port while it runs */
	bool running;
};

static struct server servers[BOOTSTRAP_SERVERS_MAX];
static unsigned running;

/* Gives the loaded task its special ports and asks to hear of its end. */
static kern_return_t prepare(struct server *s, task_t task, const struct bootstrap_server_env *env)
{
	mach_port_t previous = MACH_PORT_NULL;
	kern_return_t kr = task_set_special_port(task, TASK_BOOTSTRAP_PORT, s->bootstrap_port);

	if (kr == KERN_SUCCESS)
		kr = task_set_special_port(task, TASK_HOST_PORT,
		                           s->config->host_priv ? env->host_priv : env->host);
	if (kr == KERN_SUCCESS)
		kr = mach_port_request_notification(mach_task_self(), task, MACH_NOTIFY_DEAD_NAME,
		                                    0, env->notify, &previous);
	return kr;
}

/* Makes the server's bootstrap port: a receive right in the port set and a send right to give. */
static kern_return_t make_bootstrap_port(struct server *s, const struct bootstrap_server_env *env)
{
	mach_port_t port;
	kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(mach_task_self(), port, env->port_set);
	if (kr != KERN_SUCCESS) {
		mach_port_destroy(mach_task_self(), port);
		return kr;
	}
	s->bootstrap_port = port;
	return KERN_SUCCESS;
}

static void start(struct server *s, const struct bootstrap_server_env *env)
{
	const char *path = s->config->path;
	struct bootstrap_program prog;
	kern_return_t kr = make_bootstrap_port(s, env);

	if (kr != KERN_SUCCESS) {
		early_console_printf(
		    "bootstrap: %s: cannot start: no bootstrap port (error 0x%x)\n", path, kr);
		return;
	}
	const char *why = bootstrap_program_load(env->vol, path, s->config->boot_volume, &prog);
	if (why != NULL) {
		if (prog.error != KERN_SUCCESS)
			early_console_printf("bootstrap: %s: cannot start: %s (error 0x%x)\n", path,
			                     why, prog.error);
		else
			early_console_printf("bootstrap: %s: cannot start: %s\n", path, why);
		return;
	}
	kr = prepare(s, prog.task, env);
	if (kr == KERN_SUCCESS)
		kr = bootstrap_program_start(&prog);
	if (kr != KERN_SUCCESS) {
		early_console_printf("bootstrap: %s: cannot start: its task refused its ports or "
		                     "thread (error 0x%x)\n",
		                     path, kr);
		bootstrap_program_discard(&prog);
		return;
	}
	s->task = prog.task;
	s->running = true;
	running++;
	early_console_printf("bootstrap: started %s%s%s (entry 0x%llx)\n", path,
	                     s->config->host_priv ? " with host_priv" : "",
	                     s->config->boot_volume ? " with the boot volume" : "", prog.entry);
}

unsigned bootstrap_server_start_all(const struct bootstrap_config *config,
                                    const struct bootstrap_server_env *env)
{
	for (unsigned i = 0; i < config->nservers; i++) {
		servers[i].config = &config->servers[i];
		start(&servers[i], env);
	}
	return running;
}

bool bootstrap_server_by_port(mach_port_t port, unsigned *server)
{
	for (unsigned i = 0; i < BOOTSTRAP_SERVERS_MAX; i++) {
		if (servers[i].config != NULL && servers[i].bootstrap_port == port) {
			*server = i;
			return true;
		}
	}
	return false;
}

bool bootstrap_server_task_died(mach_port_t name)
{
	mach_port_type_t type = 0;

	/*
	 * A server that took its service's port-destroyed request over holds a send-once right to
	 * the notify port and could forge this message: only a name that is dead counts.
	 */
	if (mach_port_type(mach_task_self(), name, &type) != KERN_SUCCESS ||
	    type != MACH_PORT_TYPE_DEAD_NAME)
		return false;
	for (unsigned i = 0; i < BOOTSTRAP_SERVERS_MAX; i++) {
		struct server *s = &servers[i];
		if (!s->running || s->task != name)
			continue;
		s->running = false;
		s->task = MACH_PORT_NULL;
		running--;
		/* The dead name, and the reference the notification added to it. */
		mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_DEAD_NAME, -2);
		bootstrap_service_server_ended(i);
		early_console_printf("bootstrap: %s has ended\n", s->config->path);
		return true;
	}
	return false;
}

unsigned bootstrap_server_running(void)
{
	return running;
}
