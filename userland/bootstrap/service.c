#include "userland/bootstrap/service.h"

#include <string.h>

#include <mach/notify.h>

#include "userland/bootstrap/bootstrap_errors.h"
#include "userland/bootstrap/early_console.h"

#define SERVICES_MAX 128

/* mach_port_get_attributes' MACH_PORT_RECEIVE_STATUS: mach_port_status_t, 10 words. */
#define MACH_PORT_RECEIVE_STATUS       2
#define MACH_PORT_RECEIVE_STATUS_COUNT 10
#define STATUS_MSGCOUNT                4 /* mps_msgcount's word */

struct service {
	char name[BOOTSTRAP_NAME_MAX + 1]; /* "" for a free slot */
	mach_port_t port;                  /* the bootstrap's name for the service's port */
	unsigned owner;                    /* the server that checks it in, or registered it */
	bool registered;                   /* a published send right, not a configured service */
	bool checked_in;                   /* the owner holds the receive right */
};

static struct service services[SERVICES_MAX];
static mach_port_t notify_port; /* where port-destroyed notifications go */

void bootstrap_service_init(mach_port_t notify)
{
	notify_port = notify;
}

static struct service *find(const char *name)
{
	for (unsigned i = 0; i < SERVICES_MAX; i++)
		if (services[i].name[0] != '\0' && strcmp(services[i].name, name) == 0)
			return &services[i];
	return NULL;
}

static struct service *free_slot(void)
{
	for (unsigned i = 0; i < SERVICES_MAX; i++)
		if (services[i].name[0] == '\0')
			return &services[i];
	return NULL;
}

static void fill(struct service *s, const char *name, mach_port_t port, unsigned owner,
                 bool registered)
{
	strcpy(s->name, name);
	s->port = port;
	s->owner = owner;
	s->registered = registered;
	s->checked_in = false;
}

kern_return_t bootstrap_service_declare(const char *name, unsigned owner)
{
	struct service *s = free_slot();
	mach_port_t port;

	if (find(name) != NULL)
		return BOOTSTRAP_NAME_IN_USE;
	if (s == NULL)
		return BOOTSTRAP_NO_MEMORY;
	kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	if (kr != KERN_SUCCESS) {
		mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_RECEIVE, -1);
		return kr;
	}
	fill(s, name, port, owner, false);
	return KERN_SUCCESS;
}

kern_return_t bootstrap_service_check_in(const char *name, unsigned server, mach_port_t *port)
{
	struct service *s = find(name);
	mach_port_t previous = MACH_PORT_NULL;

	if (s == NULL || s->registered)
		return BOOTSTRAP_UNKNOWN_SERVICE;
	if (s->owner != server)
		return BOOTSTRAP_NOT_PRIVILEGED;
	if (s->checked_in)
		return BOOTSTRAP_SERVICE_ACTIVE;
	/* Whatever happens to the right from here, it comes back: the server's death included. */
	kern_return_t kr = mach_port_request_notification(
	    mach_task_self(), s->port, MACH_NOTIFY_PORT_DESTROYED, 0, notify_port, &previous);
	if (kr != KERN_SUCCESS)
		return kr;
	if (MACH_PORT_VALID(previous))
		mach_port_deallocate(mach_task_self(), previous);
	s->checked_in = true;
	*port = s->port;
	return KERN_SUCCESS;
}

kern_return_t bootstrap_service_look_up(const char *name, mach_port_t *port)
{
	struct service *s = find(name);

	if (s == NULL)
		return BOOTSTRAP_UNKNOWN_SERVICE;
	*port = s->port;
	return KERN_SUCCESS;
}

kern_return_t bootstrap_service_register(const char *name, unsigned server, mach_port_t port)
{
	struct service *s = free_slot();

	if (find(name) != NULL)
		return BOOTSTRAP_NAME_IN_USE;
	if (s == NULL)
		return BOOTSTRAP_NO_MEMORY;
	fill(s, name, port, server, true);
	return KERN_SUCCESS;
}

bool bootstrap_service_returned(mach_port_t port)
{
	for (unsigned i = 0; i < SERVICES_MAX; i++) {
		struct service *s = &services[i];
		if (s->name[0] != '\0' && !s->registered && s->port == port) {
			s->checked_in = false;
			return true;
		}
	}
	return false;
}

void bootstrap_service_server_ended(unsigned server)
{
	for (unsigned i = 0; i < SERVICES_MAX; i++) {
		struct service *s = &services[i];
		if (s->name[0] != '\0' && s->registered && s->owner == server) {
			mach_port_deallocate(mach_task_self(), s->port);
			memset(s, 0, sizeof(*s));
		}
	}
}

void bootstrap_service_report(void)
{
	for (unsigned i = 0; i < SERVICES_MAX; i++) {
		const struct service *s = &services[i];
		integer_t status[MACH_PORT_RECEIVE_STATUS_COUNT];
		mach_msg_type_number_t count = MACH_PORT_RECEIVE_STATUS_COUNT;

		if (s->name[0] == '\0' || s->registered)
			continue;
		if (s->checked_in) {
			early_console_printf("bootstrap: service %s: its server holds the port\n",
			                     s->name);
			continue;
		}
		if (mach_port_get_attributes(mach_task_self(), s->port, MACH_PORT_RECEIVE_STATUS,
		                             status, &count) != KERN_SUCCESS ||
		    count < MACH_PORT_RECEIVE_STATUS_COUNT) {
			early_console_printf(
			    "bootstrap: service %s: cannot read its port's status\n", s->name);
			continue;
		}
		early_console_printf(
		    "bootstrap: service %s: no server; the bootstrap holds its port, "
		    "%d message(s) waiting\n",
		    s->name, status[STATUS_MSGCOUNT]);
	}
}
