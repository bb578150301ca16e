/*
 * ChaCha20 (RFC 8439, section 2): a 256-bit key, a 32-bit block counter and
 * a 96-bit nonce give 64-byte blocks of keystream. Here it is the core of the
 * kernel's random generator (libkern/csprng.h), not a cipher for messages:
 * nothing here authenticates anything.
 *
 * Pure functions: no allocation, no locks, no state kept between calls.
 * Temporaries holding keystream are wiped before returning.
 */
#ifndef LIBKERN_CHACHA20_H
#define LIBKERN_CHACHA20_H

#include <stddef.h>
#include <stdint.h>

#define CHACHA20_KEY_SIZE   32
#define CHACHA20_NONCE_SIZE 12
#define CHACHA20_BLOCK_SIZE 64

/* The keystream block `counter` (RFC 8439, 2.3): 64 bytes into out. */
void chacha20_block(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                    const uint8_t nonce[CHACHA20_NONCE_SIZE], uint8_t out[CHACHA20_BLOCK_SIZE]);

/*
 * XORs the keystream, from block `counter` on, into data[0..len) (RFC 8439,
 * 2.4: encryption and decryption are the same). The counter must not wrap:
 * len is at most (2^32 - counter) blocks.
 */
void chacha20_xor(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                  const uint8_t nonce[CHACHA20_NONCE_SIZE], uint8_t *data, size_t len);

/* Overwrites n bytes at p with zeros in a way the compiler cannot drop as a dead store. */
void chacha20_wipe(void *p, size_t n);

#endif /* LIBKERN_CHACHA20_H */
