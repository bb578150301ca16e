/*
 * arc4random, arc4random_buf and arc4random_uniform (<stdlib.h>): the
 * kernel's generator design (mach/libkern/csprng.c, ChaCha20 with fast key
 * erasure, the same source built into libSystem) with one state per
 * process, seeded from 32 bytes of getentropy at the first call and
 * reseeded the same way after every RESEED_BYTES of output. A process that
 * cannot get entropy aborts rather than hand out predictable numbers.
 *
 * Processes start by exec or posix_spawn, never by copying another's
 * memory, so no two share a state; fork, when it comes, must reseed the
 * child (clear `seeded_left` in it).
 *
 * Threads: a spin lock on an atomic flag; a thread that finds it taken
 * sleeps a millisecond (thread_switch) so that a lower-priority holder runs.
 */
#include <mach/mach.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

#include "libkern/csprng.h"

#define SEED_BYTES         32
#define RESEED_BYTES       (1u << 20)
#define SWITCH_OPTION_WAIT 2 /* XNU's <mach/thread_switch.h> */

static atomic_flag lock = ATOMIC_FLAG_INIT;
static struct csprng rng;  /* under lock */
static size_t seeded_left; /* bytes to give before reseeding; 0: not seeded; under lock */

static void lock_take(void)
{
	while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire))
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_WAIT, 1);
}

static void lock_drop(void)
{
	atomic_flag_clear_explicit(&lock, memory_order_release);
}

static void reseed(void)
{
	uint8_t seed[SEED_BYTES];

	if (getentropy(seed, sizeof(seed)) != 0)
		abort();
	csprng_mix(&rng, seed, sizeof(seed));
	chacha20_wipe(seed, sizeof(seed));
	seeded_left = RESEED_BYTES;
}

void arc4random_buf(void *buf, size_t nbytes)
{
	uint8_t *out = buf;

	lock_take();
	while (nbytes > 0) {
		if (seeded_left == 0)
			reseed();
		size_t n = nbytes < seeded_left ? nbytes : seeded_left;
		csprng_generate(&rng, out, n);
		out += n;
		nbytes -= n;
		seeded_left -= n;
	}
	lock_drop();
}

uint32_t arc4random(void)
{
	uint32_t r;

	arc4random_buf(&r, sizeof(r));
	return r;
}

/* Uniform in [0, upper_bound): values below 2^32 mod upper_bound are redrawn, so no remainder is
 * favoured. */
uint32_t arc4random_uniform(uint32_t upper_bound)
{
	if (upper_bound < 2)
		return 0;
	uint32_t min = -upper_bound % upper_bound;
	for (;;) {
		uint32_t r = arc4random();
		if (r >= min)
			return r % upper_bound;
	}
}
