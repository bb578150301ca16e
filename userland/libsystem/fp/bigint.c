/*
 * Fixed-size unsigned big integers (see bigint.h). Schoolbook arithmetic on
 * 32-bit limbs with 64-bit intermediates: no 128-bit division, so nothing
 * needs compiler-rt on Tessera.
 */
#include "fp/bigint.h"

static void bigint_trim(struct bigint *b)
{
	while (b->n > 0 && b->limb[b->n - 1] == 0)
		b->n--;
}

/* Appends a carry limb, unless the capacity is exhausted (see bigint.h). */
static void bigint_push(struct bigint *b, uint32_t carry)
{
	if (carry != 0 && b->n < BIGINT_LIMBS)
		b->limb[b->n++] = carry;
}

void bigint_set_u64(struct bigint *b, uint64_t v)
{
	b->limb[0] = (uint32_t)v;
	b->limb[1] = (uint32_t)(v >> 32);
	b->n = 2;
	bigint_trim(b);
}

void bigint_mul_small(struct bigint *b, uint32_t m)
{
	uint64_t carry = 0;

	for (int i = 0; i < b->n; i++) {
		uint64_t t = (uint64_t)b->limb[i] * m + carry;

		b->limb[i] = (uint32_t)t;
		carry = t >> 32;
	}
	bigint_push(b, (uint32_t)carry);
	bigint_trim(b);
}

void bigint_add_small(struct bigint *b, uint32_t a)
{
	uint64_t carry = a;

	for (int i = 0; i < b->n && carry != 0; i++) {
		uint64_t t = (uint64_t)b->limb[i] + carry;

		b->limb[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry != 0 || b->n == 0)
		bigint_push(b, (uint32_t)carry);
}

void bigint_mul_pow5(struct bigint *b, unsigned int k)
{
	/* 5^13 is the largest power of five below 2^32. */
	while (k >= 13) {
		bigint_mul_small(b, 1220703125u);
		k -= 13;
	}
	static const uint32_t pow5[13] = {
	    1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625, 48828125, 244140625,
	};
	bigint_mul_small(b, pow5[k]);
}

void bigint_shl(struct bigint *b, unsigned int bits)
{
	int words = (int)(bits / 32), shift = (int)(bits % 32);

	if (b->n == 0)
		return;
	if (b->n + words + 1 > BIGINT_LIMBS)
		return;
	b->limb[b->n + words] = 0;
	for (int i = b->n - 1; i >= 0; i--) {
		uint64_t v = (uint64_t)b->limb[i] << shift;

		b->limb[i + words + 1] |= (uint32_t)(v >> 32);
		b->limb[i + words] = (uint32_t)v;
	}
	for (int i = 0; i < words; i++)
		b->limb[i] = 0;
	b->n += words + 1;
	bigint_trim(b);
}

void bigint_shr1(struct bigint *b)
{
	for (int i = 0; i < b->n; i++) {
		uint32_t next = i + 1 < b->n ? b->limb[i + 1] : 0;

		b->limb[i] = (b->limb[i] >> 1) | (next << 31);
	}
	bigint_trim(b);
}

uint32_t bigint_divmod_small(struct bigint *b, uint32_t d)
{
	uint64_t rem = 0;

	for (int i = b->n - 1; i >= 0; i--) {
		uint64_t cur = (rem << 32) | b->limb[i];

		b->limb[i] = (uint32_t)(cur / d);
		rem = cur % d;
	}
	bigint_trim(b);
	return (uint32_t)rem;
}

int bigint_cmp(const struct bigint *a, const struct bigint *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (int i = a->n - 1; i >= 0; i--) {
		if (a->limb[i] != b->limb[i])
			return a->limb[i] < b->limb[i] ? -1 : 1;
	}
	return 0;
}

void bigint_sub(struct bigint *a, const struct bigint *b)
{
	int64_t borrow = 0;

	for (int i = 0; i < a->n; i++) {
		int64_t t = (int64_t)a->limb[i] - (i < b->n ? b->limb[i] : 0) - borrow;

		borrow = t < 0;
		a->limb[i] = (uint32_t)(t + (borrow << 32));
	}
	bigint_trim(a);
}

int bigint_bitlen(const struct bigint *b)
{
	if (b->n == 0)
		return 0;
	return (b->n - 1) * 32 + 32 - __builtin_clz(b->limb[b->n - 1]);
}

/* Bit i of b. */
static unsigned int bigint_bit(const struct bigint *b, int i)
{
	if (i < 0 || i / 32 >= b->n)
		return 0;
	return (b->limb[i / 32] >> (i % 32)) & 1;
}

uint64_t bigint_bits64(const struct bigint *b, int pos)
{
	uint64_t v = 0;

	for (int i = 63; i >= 0; i--)
		v = (v << 1) | bigint_bit(b, pos + i);
	return v;
}

int bigint_any_below(const struct bigint *b, int pos)
{
	int words = pos / 32;

	for (int i = 0; i < words && i < b->n; i++) {
		if (b->limb[i] != 0)
			return 1;
	}
	for (int i = words * 32; i < pos; i++) {
		if (bigint_bit(b, i))
			return 1;
	}
	return 0;
}
