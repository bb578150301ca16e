/*
 * ChaCha20 (mach/libkern/chacha20.c) against the test vectors of RFC 8439
 * (sections 2.3.2 and 2.4.2, appendix A.1), then the generator on it
 * (mach/libkern/csprng.c): its output is the keystream of its key after the
 * first 32 bytes, which become the next key (fast key erasure); long
 * requests rekey every CSPRNG_PIECE bytes; mixing changes the key; no two
 * calls give the same bytes.
 */
#include <stdint.h>
#include <string.h>

#include "host/check.h"
#include "libkern/chacha20.h"
#include "libkern/csprng.h"

static size_t unhex(const char *hex, uint8_t *out)
{
	size_t n = 0;

	for (; hex[0] && hex[1]; hex += 2) {
		unsigned v;

		CHECK(sscanf(hex, "%2x", &v) == 1);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static void counting_key(uint8_t key[32])
{
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
}

/* RFC 8439, 2.3.2: one block. */
static void test_block_vector(void)
{
	uint8_t key[32], nonce[12], out[64], want[64];

	counting_key(key);
	unhex("000000090000004a00000000", nonce);
	unhex("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
	      "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
	      want);
	chacha20_block(key, 1, nonce, out);
	CHECK(memcmp(out, want, 64) == 0);
}

/* RFC 8439, 2.4.2: 114 bytes over two blocks and a part, and back. */
static void test_encryption_vector(void)
{
	static const char plain[] =
	    "Ladies and Gentlemen of the class of '99: If I could offer you "
	    "only one tip for the future, sunscreen would be it.";
	uint8_t key[32], nonce[12], data[sizeof(plain) - 1], want[sizeof(plain) - 1];

	counting_key(key);
	unhex("000000000000004a00000000", nonce);
	CHECK(unhex("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
	            "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
	            "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
	            "5af90bbf74a35be6b40b8eedf2785e42874d",
	            want) == sizeof(want));
	memcpy(data, plain, sizeof(data));
	chacha20_xor(key, 1, nonce, data, sizeof(data));
	CHECK(memcmp(data, want, sizeof(data)) == 0);
	chacha20_xor(key, 1, nonce, data, sizeof(data));
	CHECK(memcmp(data, plain, sizeof(data)) == 0);
}

/* RFC 8439, A.1: test vectors 1, 2 and 3 of the block function. */
static void test_appendix_vectors(void)
{
	static const struct {
		uint8_t last_key_byte;
		uint32_t counter;
		const char *hex;
	} v[] = {
	    {0, 0,
	     "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
	     "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"},
	    {0, 1,
	     "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
	     "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f"},
	    {1, 1,
	     "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
	     "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0"},
	};
	uint8_t key[32], nonce[12] = {0}, out[64], want[64];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(key, 0, sizeof(key));
		key[31] = v[i].last_key_byte;
		unhex(v[i].hex, want);
		chacha20_block(key, v[i].counter, nonce, out);
		CHECK(memcmp(out, want, 64) == 0);
	}
}

/* The keystream of `key` (output nonce: zero), bytes [0, len). */
static void keystream(const uint8_t key[32], uint8_t *out, size_t len)
{
	static const uint8_t zero_nonce[12];

	memset(out, 0, len);
	chacha20_xor(key, 0, zero_nonce, out, len);
}

/* Output is the key's keystream after 32 bytes; those 32 are the next key. */
static void test_fast_key_erasure(void)
{
	struct csprng g;
	uint8_t old[32], stream[32 + 300], out[300];

	csprng_init(&g);
	csprng_mix(&g, "seed", 4);
	for (size_t len = 0; len <= 300; len += 37) {
		memcpy(old, g.key, 32);
		keystream(old, stream, 32 + len);
		csprng_generate(&g, out, len);
		CHECK(memcmp(out, stream + 32, len) == 0);
		CHECK(memcmp(g.key, stream, 32) == 0);
		CHECK(memcmp(g.key, old, 32) != 0);
	}
}

/* A long request is served in pieces, each under a fresh key. */
static void test_pieces(void)
{
	enum { LEN = 2 * CSPRNG_PIECE + 100 };
	static uint8_t out[LEN], stream[32 + CSPRNG_PIECE];
	struct csprng g;
	uint8_t key[32];

	csprng_init(&g);
	csprng_mix(&g, "pieces", 6);
	memcpy(key, g.key, 32);
	csprng_generate(&g, out, LEN);
	for (size_t at = 0; at < LEN; at += CSPRNG_PIECE) {
		size_t n = LEN - at < CSPRNG_PIECE ? LEN - at : CSPRNG_PIECE;

		keystream(key, stream, 32 + n);
		CHECK(memcmp(out + at, stream + 32, n) == 0);
		memcpy(key, stream, 32);
	}
	CHECK(memcmp(g.key, key, 32) == 0);
}

/* Mixing: deterministic, sensitive to every byte, the length and the order. */
static void test_mix(void)
{
	struct csprng a, b;
	uint8_t zero[32] = {0}, long_input[100];

	csprng_init(&a);
	CHECK(memcmp(a.key, zero, 32) == 0);
	csprng_mix(&a, "", 0);
	CHECK(memcmp(a.key, zero, 32) == 0);

	csprng_init(&a);
	csprng_init(&b);
	csprng_mix(&a, "ab", 2);
	csprng_mix(&b, "ab", 2);
	CHECK(memcmp(a.key, b.key, 32) == 0);
	csprng_init(&b);
	csprng_mix(&b, "ab\0", 3);
	CHECK(memcmp(a.key, b.key, 32) != 0);
	csprng_init(&b);
	csprng_mix(&b, "ac", 2);
	CHECK(memcmp(a.key, b.key, 32) != 0);

	csprng_init(&a);
	csprng_init(&b);
	csprng_mix(&a, "x", 1);
	csprng_mix(&a, "y", 1);
	csprng_mix(&b, "y", 1);
	csprng_mix(&b, "x", 1);
	CHECK(memcmp(a.key, b.key, 32) != 0);

	/* Every piece of a long input counts, the last one too. */
	for (int i = 0; i < 100; i++)
		long_input[i] = (uint8_t)(i * 7);
	csprng_init(&a);
	csprng_init(&b);
	csprng_mix(&a, long_input, 100);
	long_input[99] ^= 1;
	csprng_mix(&b, long_input, 100);
	CHECK(memcmp(a.key, b.key, 32) != 0);
}

/* Successive calls differ, and the output looks like noise (about half the bits set). */
static void test_output(void)
{
	enum { LEN = 65536 };
	static uint8_t big[LEN];
	struct csprng g;
	uint8_t x[32], y[32];
	unsigned long ones = 0;

	csprng_init(&g);
	csprng_generate(&g, x, 32);
	csprng_generate(&g, y, 32);
	CHECK(memcmp(x, y, 32) != 0);
	/* Even an empty request moves to a new key. */
	memcpy(x, g.key, 32);
	csprng_generate(&g, y, 0);
	CHECK(memcmp(x, g.key, 32) != 0);

	csprng_generate(&g, big, LEN);
	for (size_t i = 0; i < LEN; i++)
		ones += (unsigned long)__builtin_popcount(big[i]);
	/* 524288 bits: the standard deviation is 362; allow about 6 of them. */
	CHECK(ones > LEN * 4 - 2200 && ones < LEN * 4 + 2200);
}

int main(void)
{
	test_block_vector();
	test_encryption_vector();
	test_appendix_vectors();
	test_fast_key_erasure();
	test_pieces();
	test_mix();
	test_output();
	printf("csprng_test: all checks passed\n");
	return 0;
}
