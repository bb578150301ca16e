/*
 * Exact binary-to-decimal expansion. mant x 2^exp2 is an integer when
 * exp2 >= 0; otherwise it equals (mant x 5^-exp2) x 10^exp2, so the digits of
 * the big integer mant x 5^-exp2 are the exact decimal digits and only the
 * point moves. No approximation is involved anywhere, so any later rounding
 * to any number of digits is correct.
 */
#include <string.h>

#include "fp/bigint.h"
#include "fp/decimal.h"

void fp_decimal_exact(struct fp_decimal *dec, uint64_t mant, int exp2)
{
	struct bigint b;
	char rev[FP_DECIMAL_MAX + 16];
	int len = 0, scale = 0;

	dec->n = 0;
	dec->exp10 = 0;
	if (mant == 0)
		return;
	bigint_set_u64(&b, mant);
	if (exp2 >= 0) {
		bigint_shl(&b, (unsigned int)exp2);
	} else {
		bigint_mul_pow5(&b, (unsigned int)-exp2);
		scale = exp2;
	}
	/* Nine digits per division, least significant first. */
	while (b.n > 0 && len + 9 <= (int)sizeof(rev)) {
		uint32_t chunk = bigint_divmod_small(&b, 1000000000u);

		for (int i = 0; i < 9; i++) {
			rev[len++] = (char)('0' + chunk % 10);
			chunk /= 10;
		}
	}
	while (len > 0 && rev[len - 1] == '0')
		len--;
	dec->exp10 = len + scale;
	/* Drop trailing zeros; the exponent already counts them. */
	int low = 0;
	while (low < len && rev[low] == '0')
		low++;
	for (int i = len - 1; i >= low && dec->n < FP_DECIMAL_MAX; i--)
		dec->d[dec->n++] = rev[i];
}

void fp_decimal_round(struct fp_decimal *dec, int keep)
{
	int up;

	if (keep >= dec->n)
		return;
	if (keep < 0) {
		dec->n = 0;
		return;
	}
	if (dec->d[keep] != '5') {
		up = dec->d[keep] > '5';
	} else {
		up = 0;
		for (int i = keep + 1; i < dec->n; i++) {
			if (dec->d[i] != '0')
				up = 1;
		}
		/* An exact tie goes to the even neighbour; above the first digit that is zero. */
		if (!up && keep > 0)
			up = (dec->d[keep - 1] - '0') % 2 == 1;
	}
	dec->n = keep;
	if (!up) {
		while (dec->n > 0 && dec->d[dec->n - 1] == '0')
			dec->n--;
		return;
	}
	while (dec->n > 0 && dec->d[dec->n - 1] == '9')
		dec->n--;
	if (dec->n == 0) {
		dec->d[0] = '1';
		dec->n = 1;
		dec->exp10++;
		return;
	}
	dec->d[dec->n - 1]++;
}
