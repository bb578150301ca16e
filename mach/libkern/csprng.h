/*
 * A random generator built on ChaCha20 (libkern/chacha20.h) with fast key
 * erasure: its only state is a 256-bit key. Output comes from the keystream
 * of that key; the first 32 bytes of each request's keystream become the
 * next key and the old one is overwritten, so whoever later reads the state
 * cannot reconstruct anything already handed out.
 *
 * Input (seeds, counter readings) is absorbed with csprng_mix: each piece of
 * up to 32 bytes is XORed into the key, which is then replaced by ChaCha20
 * output under a nonce of its own, so input can only add to what an
 * attacker must guess, never take away from it.
 *
 * Pure and deterministic: the same inputs give the same outputs (the host
 * tests depend on it). The caller provides locking and the input; the
 * kernel's instance is kern/random.c.
 */
#ifndef LIBKERN_CSPRNG_H
#define LIBKERN_CSPRNG_H

#include <stddef.h>
#include <stdint.h>

#include "libkern/chacha20.h"

/* At most this many bytes come from one key; longer requests rekey between pieces. */
#define CSPRNG_PIECE 1024

struct csprng {
	uint8_t key[CHACHA20_KEY_SIZE]; /* the whole secret; replaced by every call */
};

/* A generator with an all-zero key: predictable until something secret is mixed in. */
void csprng_init(struct csprng *g);

/* Absorbs len bytes of input into the key. */
void csprng_mix(struct csprng *g, const void *data, size_t len);

/* Fills out[0..len) and replaces the key (fast key erasure). */
void csprng_generate(struct csprng *g, void *out, size_t len);

#endif /* LIBKERN_CSPRNG_H */
