/*
 * Output uses the all-zero nonce and mixing a nonce of its own, so no key's
 * keystream ever serves both. Per request (or CSPRNG_PIECE of it), block 0's
 * first half is the next key and its second half the first output bytes;
 * blocks 1, 2, ... follow.
 */
#include "libkern/csprng.h"

#include <string.h>

static const uint8_t output_nonce[CHACHA20_NONCE_SIZE];
static const uint8_t mix_nonce[CHACHA20_NONCE_SIZE] = {'c', 's', 'p', 'r', 'n',
                                                       'g', ' ', 'm', 'i', 'x'};

void csprng_init(struct csprng *g)
{
	chacha20_wipe(g->key, sizeof(g->key));
}

void csprng_mix(struct csprng *g, const void *data, size_t len)
{
	const uint8_t *in = data;
	uint8_t block[CHACHA20_BLOCK_SIZE];

	while (len > 0) {
		size_t n = len < sizeof(g->key) ? len : sizeof(g->key);

		for (size_t i = 0; i < n; i++)
			g->key[i] ^= in[i];
		/* The counter carries the piece's length: "ab" differs from "ab\0". */
		chacha20_block(g->key, (uint32_t)n, mix_nonce, block);
		memcpy(g->key, block, sizeof(g->key));
		in += n;
		len -= n;
	}
	chacha20_wipe(block, sizeof(block));
}

/* One piece of at most CSPRNG_PIECE bytes under the current key, then the next key. */
static void generate_piece(struct csprng *g, uint8_t *out, size_t len)
{
	uint8_t block[CHACHA20_BLOCK_SIZE], next[CHACHA20_KEY_SIZE];
	size_t half = CHACHA20_BLOCK_SIZE - sizeof(next);
	size_t n = len < half ? len : half;

	chacha20_block(g->key, 0, output_nonce, block);
	memcpy(next, block, sizeof(next));
	memcpy(out, block + sizeof(next), n);
	for (uint32_t counter = 1; n < len; counter++) {
		size_t take = len - n < sizeof(block) ? len - n : sizeof(block);

		chacha20_block(g->key, counter, output_nonce, block);
		memcpy(out + n, block, take);
		n += take;
	}
	memcpy(g->key, next, sizeof(g->key));
	chacha20_wipe(block, sizeof(block));
	chacha20_wipe(next, sizeof(next));
}

void csprng_generate(struct csprng *g, void *out, size_t len)
{
	uint8_t *p = out;

	do {
		size_t n = len < CSPRNG_PIECE ? len : CSPRNG_PIECE;

		generate_piece(g, p, n);
		p += n;
		len -= n;
	} while (len > 0);
}
