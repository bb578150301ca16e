/*
 * The console driver's input ring (drivers/console/input_buffer.h): order
 * kept across the wrap, peeking without taking, partial and excessive
 * consumption, the bound (newest bytes dropped and counted), and a seeded
 * random run against a plain queue model.
 */
#include <string.h>

#include "drivers/console/input_buffer.h"
#include "host/check.h"

static struct input_buffer b;

static void empty_ring(void)
{
	struct input_buffer b0 = {0};

	CHECK(input_buffer_count(&b0) == 0);
	uint8_t out[4] = {9, 9, 9, 9};
	CHECK(input_buffer_peek(&b0, out, sizeof(out)) == 0);
	CHECK(out[0] == 9);
	input_buffer_consume(&b0, 10);
	CHECK(input_buffer_count(&b0) == 0 && b0.dropped == 0);
}

static void order_and_peek(void)
{
	uint8_t out[8];

	memset(&b, 0, sizeof(b));
	for (int i = 0; i < 5; i++)
		CHECK(input_buffer_put(&b, (uint8_t)('a' + i)));
	CHECK(input_buffer_count(&b) == 5);
	/* Peeking takes nothing, and copies no more than asked or held. */
	CHECK(input_buffer_peek(&b, out, 3) == 3 && memcmp(out, "abc", 3) == 0);
	CHECK(input_buffer_peek(&b, out, sizeof(out)) == 5 && memcmp(out, "abcde", 5) == 0);
	CHECK(input_buffer_count(&b) == 5);
	input_buffer_consume(&b, 2);
	CHECK(input_buffer_peek(&b, out, sizeof(out)) == 3 && memcmp(out, "cde", 3) == 0);
	/* Consuming more than is held empties the ring, no more. */
	input_buffer_consume(&b, 100);
	CHECK(input_buffer_count(&b) == 0);
	CHECK(input_buffer_put(&b, 'z'));
	CHECK(input_buffer_peek(&b, out, 1) == 1 && out[0] == 'z');
}

static void bound_and_wrap(void)
{
	static uint8_t out[INPUT_BUFFER_SIZE];

	memset(&b, 0, sizeof(b));
	/* Start part-way round, so the full ring wraps. */
	for (int i = 0; i < 100; i++)
		CHECK(input_buffer_put(&b, 0));
	input_buffer_consume(&b, 100);
	for (int i = 0; i < INPUT_BUFFER_SIZE; i++)
		CHECK(input_buffer_put(&b, (uint8_t)i));
	/* Full: newer bytes are refused and counted, the kept ones untouched. */
	CHECK(!input_buffer_put(&b, 0xaa));
	CHECK(!input_buffer_put(&b, 0xbb));
	CHECK(b.dropped == 2 && input_buffer_count(&b) == INPUT_BUFFER_SIZE);
	CHECK(input_buffer_peek(&b, out, sizeof(out)) == INPUT_BUFFER_SIZE);
	for (int i = 0; i < INPUT_BUFFER_SIZE; i++)
		CHECK(out[i] == (uint8_t)i);
	/* Room made is room to use again. */
	input_buffer_consume(&b, 1);
	CHECK(input_buffer_put(&b, 0xcc));
	CHECK(input_buffer_peek(&b, out, sizeof(out)) == INPUT_BUFFER_SIZE);
	CHECK(out[0] == 1 && out[INPUT_BUFFER_SIZE - 1] == 0xcc);
	CHECK(b.dropped == 2);
}

/* Random puts, peeks and consumes against a plain array that never wraps. */
static void random_against_model(void)
{
	static uint8_t model[1 << 20], out[INPUT_BUFFER_SIZE];
	size_t model_head = 0, model_tail = 0;
	unsigned long long seed = 0x636f6e736f6c65ull, dropped = 0;

	memset(&b, 0, sizeof(b));
	for (int step = 0; step < 200000 && model_tail < sizeof(model); step++) {
		unsigned long long r = test_rand(&seed);
		if (r % 3 != 0) {
			uint8_t c = (uint8_t)(r >> 8);
			bool room = model_tail - model_head < INPUT_BUFFER_SIZE;
			CHECK(input_buffer_put(&b, c) == room);
			if (room)
				model[model_tail++] = c;
			else
				dropped++;
		} else {
			size_t want = (size_t)(r >> 16) % 300;
			size_t n = input_buffer_peek(&b, out, want);
			size_t held = model_tail - model_head;
			CHECK(n == (want < held ? want : held));
			CHECK(memcmp(out, model + model_head, n) == 0);
			size_t take = (size_t)(r >> 32) % (n + 1);
			input_buffer_consume(&b, take);
			model_head += take;
		}
		CHECK(input_buffer_count(&b) == model_tail - model_head);
		CHECK(b.dropped == dropped);
	}
}

int main(void)
{
	empty_ring();
	order_and_peek();
	bound_and_wrap();
	random_against_model();
	return 0;
}
