/*
 * The console's input buffer and listener (input.h).
 */
#include "drivers/console/input.h"

#include "drivers/console/console_input.h"
#include "drivers/console/driver.h"
#include "drivers/console/input_buffer.h"

/* Bytes one console_input message carries, as console_input.defs bounds them. */
#define INPUT_MESSAGE_MAX sizeof(((console_input_console_input_request_t *)0)->data)

static struct input_buffer buffer;
static mach_port_t listener = MACH_PORT_NULL; /* send right, or MACH_PORT_NULL */

void input_receive(void)
{
	uint8_t c;

	/* Bytes beyond the buffer's bound are dropped, but still read: the interrupt must end. */
	while (pl011_read_byte(&driver_uart, &c))
		input_buffer_put(&buffer, c);
}

void input_listen(mach_port_t port)
{
	if (listener != MACH_PORT_NULL)
		mach_port_deallocate(mach_task_self(), listener);
	listener = port;
}

/* The listener's port has died: its right goes, the bytes wait for another. */
static void drop_listener(void)
{
	mach_port_deallocate(mach_task_self(), listener);
	listener = MACH_PORT_NULL;
}

void input_flush(void)
{
	uint8_t chunk[INPUT_MESSAGE_MAX];

	while (listener != MACH_PORT_NULL && input_buffer_count(&buffer) > 0) {
		size_t n = input_buffer_peek(&buffer, chunk, sizeof(chunk));
		/* console_input.defs sends with MACH_SEND_TIMEOUT and a zero timeout. */
		kern_return_t kr = console_input(listener, chunk, (mach_msg_type_number_t)n);
		if (kr == MACH_MSG_SUCCESS) {
			input_buffer_consume(&buffer, n);
		} else {
			if (kr == MACH_SEND_INVALID_DEST)
				drop_listener();
			/* A full queue or a passing shortage: the bytes stay for the next try. */
			return;
		}
	}
}

bool input_pending(void)
{
	return listener != MACH_PORT_NULL && input_buffer_count(&buffer) > 0;
}
