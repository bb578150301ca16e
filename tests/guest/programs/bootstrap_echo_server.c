/*
 * bootstrap_test's server: started by the bootstrap with the plain host
 * port, it checks in its service "test.echo" (the bootstrap made the port and
 * holds it until then), answers echo requests on it, and on echo_exit ends
 * its task, so the receive right goes back to the bootstrap with any message
 * still queued. Its configuration line says `boot_volume`, so the bootstrap
 * shares the boot volume with it: apple[1] names it, read-only. Its
 * start-up checks are reported through echo_checks.
 */
#include <string.h>

#include <mach/mach.h>
#include <mach/task_special_ports.h>

#include "tests/guest/bootstrap_echoServer.h"
#include "userland/bootstrap/bootstrap.h"

#define HOST_PORT 1 /* host special port: the unprivileged host port */
#define ECHO_MAX_SIZE                                                                              \
	(bootstrap_echo_MAX_REQUEST_SIZE > bootstrap_echo_MAX_REPLY_SIZE                           \
	     ? bootstrap_echo_MAX_REQUEST_SIZE                                                     \
	     : bootstrap_echo_MAX_REPLY_SIZE)

static int first_failure; /* the first failed check's number, or 0 */
static bool exit_requested;

static void check(int n, bool ok)
{
	if (!ok && first_failure == 0)
		first_failure = n;
}

kern_return_t do_echo_string(mach_port_t server, const char *text, char answer[128])
{
	static const char prefix[] = "echo: ";

	(void)server;
	if (strlen(text) + sizeof(prefix) > 128)
		return KERN_INVALID_ARGUMENT;
	strcpy(answer, prefix);
	strcat(answer, text);
	return KERN_SUCCESS;
}

kern_return_t do_echo_checks(mach_port_t server, int32_t *failed)
{
	(void)server;
	*failed = first_failure;
	return KERN_SUCCESS;
}

kern_return_t do_echo_exit(mach_port_t server)
{
	(void)server;
	exit_requested = true;
	return KERN_SUCCESS;
}

/* Notes come only after echo_exit, so this server never receives one. */
kern_return_t do_echo_note(mach_port_t server, int32_t value)
{
	(void)server;
	(void)value;
	check(6, false);
	return KERN_SUCCESS;
}

/* Parses "0x" and hex digits at *s, moving *s past them; 0 if there are none. */
static uint64_t hex(const char **s)
{
	uint64_t v = 0;
	const char *p = *s;

	if (p[0] != '0' || p[1] != 'x')
		return 0;
	for (p += 2; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'); p++)
		v = v << 4 | (uint64_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
	*s = p;
	return v;
}

/* apple[1] is "boot_volume=0xADDRESS,0xSIZE": a FAT volume's boot sector, mapped read-only. */
static bool boot_volume_shared(char **apple)
{
	static const char key[] = "boot_volume=";
	const char *s = apple[0] != NULL ? apple[1] : NULL;

	if (s == NULL || strncmp(s, key, sizeof(key) - 1) != 0)
		return false;
	s += sizeof(key) - 1;
	uint64_t address = hex(&s);
	if (*s++ != ',')
		return false;
	uint64_t size = hex(&s);
	const volatile uint8_t *sector = (const volatile uint8_t *)(uintptr_t)address;
	if (address == 0 || size < 512 || sector[510] != 0x55 || sector[511] != 0xaa)
		return false;
	mach_vm_address_t page = address & ~(uint64_t)4095;
	return mach_vm_protect(mach_task_self(), page, 4096, false, VM_PROT_READ | VM_PROT_WRITE) !=
	       KERN_SUCCESS;
}

int main(int argc, char **argv, char **envp, char **apple)
{
	mach_port_t bp = MACH_PORT_NULL, service = MACH_PORT_NULL, again, port;

	(void)argc;
	(void)argv;
	(void)envp;
	mach_init();
	check(7, boot_volume_shared(apple));
	check(1,
	      task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &bp) == KERN_SUCCESS &&
	          MACH_PORT_VALID(bp));
	check(2, bootstrap_check_in(bp, "test.echo", &service) == KERN_SUCCESS &&
	             MACH_PORT_VALID(service));
	/* The right is this server's now: a second check-in is refused. */
	check(3, bootstrap_check_in(bp, "test.echo", &again) == BOOTSTRAP_SERVICE_ACTIVE);
	check(4, bootstrap_check_in(bp, "test.nothing", &again) == BOOTSTRAP_UNKNOWN_SERVICE);
	/* The configuration gives this server the plain host port, which refuses privileged calls.
	 */
	host_t host = mach_host_self();
	check(5, host_get_special_port(host, 0, HOST_PORT, &port) != KERN_SUCCESS);
	if (!MACH_PORT_VALID(service))
		return 1;
	while (!exit_requested)
		mach_msg_server_once(bootstrap_echo_server, ECHO_MAX_SIZE, service, 0);
	task_terminate(mach_task_self());
	return 0;
}
