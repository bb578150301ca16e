/*
 * The console driver: the machine's first PL011 UART as the bootstrap
 * service "console" (console.defs). Started by the bootstrap with host_priv,
 * it finds the UART in the device tree (device_lookup), maps its registers
 * (device_map_mmio), checks in its service, has the UART's interrupt
 * announced on a port of its own (device_interrupt_attach) and then serves
 * both ports from one port set: requests through the generated demux,
 * interrupts by reading the line into the input buffer (input.h).
 */
#include <stdarg.h>

#include <mach/mach.h>
#include <mach/tessera_device.h>
#include <mach/task_special_ports.h>

#include "drivers/console/consoleServer.h"
#include "drivers/console/driver.h"
#include "drivers/console/input.h"
#include "userland/bootstrap/bootstrap.h"
#include "userland/bootstrap/format.h"

#define SERVICE_NAME "console"
#define RETRY_MS     10 /* how soon input a listener's full queue refused is tried again */
#define LOG_MAX      160

struct pl011 driver_uart;
mach_port_t driver_service;

static host_priv_t host_priv;
static mach_port_t interrupt_port; /* receive right; the kernel holds the only send right */
static uint32_t intid;             /* the UART's interrupt */

static union {
	mach_msg_header_t head;
	uint8_t room[console_MAX_REQUEST_SIZE + MAX_TRAILER_SIZE];
} request;

static union {
	mig_reply_error_t error;
	uint8_t room[console_MAX_REPLY_SIZE];
} reply;

/* The driver's own messages, straight to the UART, with '\n' as "\r\n". */
static void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *format, ...)
{
	char line[LOG_MAX];
	va_list ap;

	va_start(ap, format);
	size_t len = bootstrap_vformat(line, sizeof(line), format, ap);
	va_end(ap);
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\n')
			pl011_write(&driver_uart, (const uint8_t *)"\r", 1);
		pl011_write(&driver_uart, (const uint8_t *)&line[i], 1);
	}
}

/* Ends the driver: nothing it could serve without what failed. */
static void give_up(void) __attribute__((noreturn));
static void give_up(void)
{
	task_terminate(mach_task_self());
	for (;;)
		;
}

/* Finds the UART and maps it; false if either fails (there is no way to say so yet). */
static bool map_uart(uint64_t *phys)
{
	uint64_t size, address;

	if (device_lookup(host_priv, 0, "arm,pl011", phys, &size, &intid) != KERN_SUCCESS ||
	    device_map_mmio(host_priv, mach_task_self(), *phys, size, &address) != KERN_SUCCESS)
		return false;
	pl011_init(&driver_uart, (volatile uint32_t *)(uintptr_t)address);
	return true;
}

/* The service port from the bootstrap; reports and returns false if there is none. */
static bool check_in(void)
{
	mach_port_t bp = MACH_PORT_NULL;
	kern_return_t kr = task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT, &bp);

	if (kr == KERN_SUCCESS)
		kr = bootstrap_check_in(bp, SERVICE_NAME, &driver_service);
	if (kr != KERN_SUCCESS)
		say("console: cannot check in \"%s\" (error 0x%x)\n", SERVICE_NAME, kr);
	return kr == KERN_SUCCESS;
}

/* A port for the interrupt's announcements, the kernel's send right made from it. */
static bool attach_interrupt(void)
{
	mach_port_t self = mach_task_self();
	kern_return_t kr = mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &interrupt_port);

	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(self, interrupt_port, interrupt_port,
		                            MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS) {
		kr = device_interrupt_attach(host_priv, interrupt_port, intid);
		/* The kernel copied the right; without ours, only the kernel can send here. */
		mach_port_deallocate(self, interrupt_port);
	}
	if (kr != KERN_SUCCESS)
		say("console: cannot attach interrupt %u (error 0x%x)\n", intid, kr);
	return kr == KERN_SUCCESS;
}

/*
 * The UART interrupted: the interrupt is cleared before the FIFO is drained,
 * so a byte arriving after the drain raises it anew once it is unmasked.
 */
static void interrupt(const mach_msg_header_t *m)
{
	const struct device_interrupt_message *n = (const void *)m;

	if (m->msgh_id != DEVICE_INTERRUPT_MSG_ID || (m->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    m->msgh_size != sizeof(*n) || n->intid != intid)
		return;
	pl011_clear_rx_interrupts(&driver_uart);
	input_receive();
	kern_return_t kr = device_interrupt_ack(host_priv, intid);
	if (kr != KERN_SUCCESS)
		say("console: interrupt %u not acknowledged (error 0x%x)\n", intid, kr);
}

/* One request on the service port, answered as <mach/mig.h> says. */
static void serve(mach_msg_header_t *in)
{
	console_server(in, &reply.error.Head);
	if (reply.error.RetCode != KERN_SUCCESS) {
		/* Nothing was taken: the request's rights go, but its reply right. */
		in->msgh_remote_port = MACH_PORT_NULL;
		mach_msg_destroy(in);
	}
	if (reply.error.Head.msgh_remote_port == MACH_PORT_NULL)
		return;
	mach_msg_return_t mr =
	    mach_msg(&reply.error.Head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
	             reply.error.Head.msgh_size, 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		mach_msg_destroy(&reply.error.Head); /* the client is gone: its reply right goes */
}

/* Serves the service and the interrupt until receiving fails. */
static mach_msg_return_t receive_loop(mach_port_t port_set)
{
	for (;;) {
		bool retry = input_pending();
		mach_msg_return_t mr =
		    mach_msg(&request.head, MACH_RCV_MSG | (retry ? MACH_RCV_TIMEOUT : 0), 0,
		             sizeof(request), port_set, retry ? RETRY_MS : MACH_MSG_TIMEOUT_NONE,
		             MACH_PORT_NULL);
		if (mr == MACH_RCV_TOO_LARGE)
			continue; /* no request is that large; the kernel has destroyed it */
		if (mr != MACH_MSG_SUCCESS && mr != MACH_RCV_TIMED_OUT)
			return mr;
		if (mr == MACH_MSG_SUCCESS && request.head.msgh_local_port == interrupt_port) {
			interrupt(&request.head);
			mach_msg_destroy(&request.head);
		} else if (mr == MACH_MSG_SUCCESS) {
			serve(&request.head);
		}
		/* New input, a new listener, or time passed: what waits goes out if it can. */
		input_flush();
	}
}

int main(void)
{
	mach_port_t self, port_set;
	uint64_t phys;

	mach_init();
	self = mach_task_self();
	host_priv = mach_host_self();
	if (!map_uart(&phys) || !check_in() || !attach_interrupt())
		give_up();
	/* Input typed before now waits in the UART; none of it may be lost. */
	input_receive();
	pl011_enable_rx_interrupts(&driver_uart);
	input_receive();
	kern_return_t kr = mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &port_set);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(self, driver_service, port_set);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(self, interrupt_port, port_set);
	if (kr != KERN_SUCCESS) {
		say("console: no port set (error 0x%x)\n", kr);
		give_up();
	}
	say("console: PL011 at 0x%llx, interrupt %u, serving \"%s\"\n", (unsigned long long)phys,
	    intid, SERVICE_NAME);
	mach_msg_return_t mr = receive_loop(port_set);
	say("console: receive failed (error 0x%x); the driver ends\n", mr);
	give_up();
}
