/*
 * ChaCha20 as RFC 8439 defines it: a 4x4 matrix of 32-bit words (four
 * constants, eight key words, the counter, three nonce words, all
 * little-endian), twenty rounds of quarter rounds (ten column rounds
 * alternating with ten diagonal rounds), then the input added back in.
 */
#include "libkern/chacha20.h"

#include <string.h>

/* "expand 32-byte k" as four little-endian words. */
static const uint32_t sigma[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

static uint32_t load32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t rotl(uint32_t v, unsigned n)
{
	return v << n | v >> (32 - n);
}

static void quarter_round(uint32_t *x, int a, int b, int c, int d)
{
	x[a] += x[b];
	x[d] = rotl(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = rotl(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = rotl(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = rotl(x[b] ^ x[c], 7);
}

void chacha20_wipe(void *p, size_t n)
{
	memset(p, 0, n);
	/* The memory is "used" afterwards, so the stores above must happen. */
	__asm__ volatile("" : : "r"(p) : "memory");
}

void chacha20_block(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                    const uint8_t nonce[CHACHA20_NONCE_SIZE], uint8_t out[CHACHA20_BLOCK_SIZE])
{
	uint32_t in[16], x[16];
	int i;

	for (i = 0; i < 4; i++)
		in[i] = sigma[i];
	for (i = 0; i < 8; i++)
		in[4 + i] = load32(key + 4 * i);
	in[12] = counter;
	for (i = 0; i < 3; i++)
		in[13 + i] = load32(nonce + 4 * i);

	memcpy(x, in, sizeof(x));
	for (i = 0; i < 10; i++) {
		quarter_round(x, 0, 4, 8, 12);
		quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14);
		quarter_round(x, 3, 7, 11, 15);
		quarter_round(x, 0, 5, 10, 15);
		quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13);
		quarter_round(x, 3, 4, 9, 14);
	}
	for (i = 0; i < 16; i++)
		store32(out + 4 * i, x[i] + in[i]);
	chacha20_wipe(in, sizeof(in));
	chacha20_wipe(x, sizeof(x));
}

void chacha20_xor(const uint8_t key[CHACHA20_KEY_SIZE], uint32_t counter,
                  const uint8_t nonce[CHACHA20_NONCE_SIZE], uint8_t *data, size_t len)
{
	uint8_t block[CHACHA20_BLOCK_SIZE];

	while (len > 0) {
		size_t n = len < sizeof(block) ? len : sizeof(block);

		chacha20_block(key, counter++, nonce, block);
		for (size_t i = 0; i < n; i++)
			data[i] ^= block[i];
		data += n;
		len -= n;
	}
	chacha20_wipe(block, sizeof(block));
}
