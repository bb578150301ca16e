/*
 * The console driver's input buffer: a bounded ring of bytes received on
 * the line and not yet taken by a listener. Bytes leave in the order they
 * came; when the ring is full, newly arriving bytes are dropped (and
 * counted), so what is kept is the oldest unread input, as a terminal's
 * input queue does.
 *
 * A zeroed struct is an empty ring. Pure: no allocation, no Mach calls.
 * Not thread-safe; the driver's one thread owns it.
 */
#ifndef DRIVERS_CONSOLE_INPUT_BUFFER_H
#define DRIVERS_CONSOLE_INPUT_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INPUT_BUFFER_SIZE 4096 /* bytes kept at most */

struct input_buffer {
	uint8_t bytes[INPUT_BUFFER_SIZE];
	size_t head;      /* index of the oldest byte */
	size_t count;     /* bytes held */
	uint64_t dropped; /* bytes refused because the ring was full */
};

/* Appends `c`; false (and counted in `dropped`) when the ring is full. */
bool input_buffer_put(struct input_buffer *b, uint8_t c);

/* The bytes held. */
size_t input_buffer_count(const struct input_buffer *b);

/* Copies up to `max` of the oldest bytes into `out` without removing them; returns how many. */
size_t input_buffer_peek(const struct input_buffer *b, uint8_t *out, size_t max);

/* Removes the `n` oldest bytes (at most all of them). */
void input_buffer_consume(struct input_buffer *b, size_t n);

#endif
