/*
 * The console's input side: bytes received on the line go into a bounded
 * buffer (input_buffer.h) and from there to the one listener a client named
 * with console_listen, in console_input messages sent with a zero timeout
 * (console_input.defs). Bytes the listener's full queue does not take stay
 * buffered for a later try; a listener whose port has died is dropped and
 * its bytes wait for the next one.
 */
#ifndef DRIVERS_CONSOLE_INPUT_H
#define DRIVERS_CONSOLE_INPUT_H

#include <stdbool.h>

#include <mach/mach.h>

/* Moves every byte waiting in the UART's receive FIFO into the buffer. */
void input_receive(void);

/*
 * Makes `listener` (a send right, which becomes the input side's) the port
 * input goes to, releasing the previous listener's right. What is buffered
 * goes to it with the next input_flush.
 */
void input_listen(mach_port_t listener);

/*
 * Sends the listener as much of the buffer as its queue takes now; the
 * receive loop calls it after every message and every retry timeout.
 */
void input_flush(void);

/* Whether bytes wait for a listener that exists: the receive loop then tries again soon. */
bool input_pending(void);

#endif
