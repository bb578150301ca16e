/*
 * The bootstrap.defs routines, as the generated demux calls them: each
 * request is tied to the server whose bootstrap port it came on, its name
 * checked, then handed to the service table (service.h). The generated stub
 * has already checked the message's shape and that the name fits in its
 * buffer.
 */
#include <string.h>

#include "userland/bootstrap/bootstrap_errors.h"
#include "userland/bootstrap/bootstrapServer.h"
#include "userland/bootstrap/config.h"
#include "userland/bootstrap/server.h"
#include "userland/bootstrap/service.h"

/*
 * The requesting server, from the port the request came on. Only servers'
 * bootstrap ports are in the receive loop's port set, so anything else is
 * the loop's own port and the request is refused.
 */
static kern_return_t caller(mach_port_t bp, const char *name, unsigned *server)
{
	if (!bootstrap_server_by_port(bp, server))
		return BOOTSTRAP_NOT_PRIVILEGED;
	if (!bootstrap_name_valid(name))
		return BOOTSTRAP_UNKNOWN_SERVICE;
	return KERN_SUCCESS;
}

kern_return_t do_bootstrap_check_in(mach_port_t bp, const char *name, mach_port_t *service)
{
	unsigned server;
	kern_return_t kr = caller(bp, name, &server);

	return kr != KERN_SUCCESS ? kr : bootstrap_service_check_in(name, server, service);
}

kern_return_t do_bootstrap_look_up(mach_port_t bp, const char *name, mach_port_t *service)
{
	unsigned server;
	kern_return_t kr = caller(bp, name, &server);

	return kr != KERN_SUCCESS ? kr : bootstrap_service_look_up(name, service);
}

kern_return_t do_bootstrap_register(mach_port_t bp, const char *name, mach_port_t service)
{
	unsigned server;
	kern_return_t kr = caller(bp, name, &server);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!MACH_PORT_VALID(service))
		return KERN_INVALID_RIGHT;
	return bootstrap_service_register(name, server, service);
}
