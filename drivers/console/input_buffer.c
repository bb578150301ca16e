/* The console driver's input ring (input_buffer.h). */
#include "drivers/console/input_buffer.h"

bool input_buffer_put(struct input_buffer *b, uint8_t c)
{
	if (b->count == INPUT_BUFFER_SIZE) {
		b->dropped++;
		return false;
	}
	b->bytes[(b->head + b->count) % INPUT_BUFFER_SIZE] = c;
	b->count++;
	return true;
}

size_t input_buffer_count(const struct input_buffer *b)
{
	return b->count;
}

size_t input_buffer_peek(const struct input_buffer *b, uint8_t *out, size_t max)
{
	size_t n = max < b->count ? max : b->count;

	for (size_t i = 0; i < n; i++)
		out[i] = b->bytes[(b->head + i) % INPUT_BUFFER_SIZE];
	return n;
}

void input_buffer_consume(struct input_buffer *b, size_t n)
{
	if (n > b->count)
		n = b->count;
	b->head = (b->head + n) % INPUT_BUFFER_SIZE;
	b->count -= n;
}
