/*
 * Floating-point input (see parse.h).
 *
 * Decimal conversion is exact: with D the kept digits as an integer and E
 * the power of ten, the value is D x 5^E x 2^E. For E >= 0 that is an integer
 * whose top 64 bits and a sticky bit go to fp_binary; for E < 0 a long
 * division D x 2^s / 5^-E gives a 62-64 bit quotient and the remainder gives
 * the sticky bit. Both are exact, so the single rounding in fp_binary is
 * correct.
 *
 * Only FP_PARSE_DIGITS significant digits are kept: every double and every
 * midpoint between two doubles has at most 770 significant digits, so
 * replacing the dropped tail by one more nonzero digit (sticky) cannot move
 * the value across a midpoint.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "fp/bigint.h"
#include "fp/binary.h"
#include "fp/parse.h"

/* Exponents are clamped here: far beyond any finite or nonzero result. */
#define EXP_CLAMP 100000

/* Case-insensitive match of word at s within max bytes. */
static int fp_word(const char *s, size_t max, const char *word)
{
	size_t n = strlen(word);

	if (n > max)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (tolower((unsigned char)s[i]) != word[i])
			return 0;
	}
	return 1;
}

static int fp_hexval(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isxdigit(c))
		return tolower(c) - 'a' + 10;
	return -1;
}

/* Scans an exponent ([+-]digits) after its letter at s[i]; returns the new index, or i if none. */
static size_t fp_scan_exp(const char *s, size_t i, size_t max, long *exp)
{
	size_t j = i + 1;
	int neg = 0;
	long v = 0;

	if (j < max && (s[j] == '+' || s[j] == '-'))
		neg = s[j++] == '-';
	if (j >= max || !isdigit((unsigned char)s[j]))
		return i;
	for (; j < max && isdigit((unsigned char)s[j]); j++) {
		if (v < EXP_CLAMP)
			v = v * 10 + (s[j] - '0');
	}
	*exp = neg ? -v : v;
	return j;
}

static size_t fp_scan_hex(const char *s, size_t i, size_t max, struct fp_number *num)
{
	int any = 0, point = 0, kept = 0;
	long shift = 0, pexp = 0;

	for (; i < max; i++) {
		int d = fp_hexval((unsigned char)s[i]);

		if (s[i] == '.' && !point) {
			point = 1;
			continue;
		}
		if (d < 0)
			break;
		any = 1;
		if (num->mant == 0 && d == 0) {
			if (point)
				shift -= 4;
		} else if (kept < 16) {
			num->mant = (num->mant << 4) | (uint64_t)d;
			kept++;
			if (point)
				shift -= 4;
		} else {
			if (d != 0)
				num->sticky = 1;
			if (!point)
				shift += 4;
		}
	}
	if (!any)
		return 0;
	if (i < max && (s[i] == 'p' || s[i] == 'P'))
		i = fp_scan_exp(s, i, max, &pexp);
	num->hex = 1;
	num->exp = pexp + shift;
	return i;
}

static size_t fp_scan_decimal(const char *s, size_t i, size_t max, struct fp_number *num)
{
	int any = 0, point = 0;
	long dexp = 0, e = 0;

	for (; i < max; i++) {
		if (s[i] == '.' && !point) {
			point = 1;
			continue;
		}
		if (!isdigit((unsigned char)s[i]))
			break;
		any = 1;
		if (num->nd == 0 && s[i] == '0') {
			if (point)
				dexp--;
			continue;
		}
		if (num->nd < FP_PARSE_DIGITS)
			num->digits[num->nd++] = s[i];
		else if (s[i] != '0')
			num->sticky = 1;
		if (!point && dexp < EXP_CLAMP)
			dexp++;
	}
	if (!any)
		return 0;
	if (i < max && (s[i] == 'e' || s[i] == 'E'))
		i = fp_scan_exp(s, i, max, &e);
	num->exp = dexp + e;
	return i;
}

size_t fp_scan(const char *s, size_t max, struct fp_number *num)
{
	size_t i = 0, n;

	memset(num, 0, offsetof(struct fp_number, digits));
	if (i < max && (s[i] == '+' || s[i] == '-'))
		num->neg = s[i++] == '-';
	if (fp_word(s + i, max - i, "inf")) {
		num->kind = FP_INF;
		return i + (fp_word(s + i, max - i, "infinity") ? 8 : 3);
	}
	if (fp_word(s + i, max - i, "nan")) {
		num->kind = FP_NAN;
		i += 3;
		/* nan(n-char-sequence): taken only when the ')' is there. */
		if (i < max && s[i] == '(') {
			size_t j = i + 1;

			while (j < max && (isalnum((unsigned char)s[j]) || s[j] == '_'))
				j++;
			if (j < max && s[j] == ')')
				i = j + 1;
		}
		return i;
	}
	if (max - i >= 3 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		n = fp_scan_hex(s, i + 2, max, num);
		if (n != 0)
			return n;
		num->mant = 0;
		num->sticky = 0;
	}
	n = fp_scan_decimal(s, i, max, num);
	return n;
}

/* The exact value as mant x 2^exp2 plus sticky, for fp_binary. */
static void fp_number_binary(const struct fp_number *num, uint64_t *mant, long *exp2, int *sticky)
{
	struct bigint a, b;
	int nd = num->nd, i = 0;
	long e;

	*sticky = 0;
	if (num->hex) {
		*mant = num->mant;
		*exp2 = num->exp;
		*sticky = num->sticky;
		return;
	}
	/* Outside these bounds the result is infinite or zero whatever the digits. */
	if (num->exp > 310) {
		*mant = 1;
		*exp2 = EXP_CLAMP;
		return;
	}
	if (num->exp < -330) {
		*mant = 1;
		*exp2 = -EXP_CLAMP;
		*sticky = 1;
		return;
	}
	bigint_set_u64(&a, 0);
	while (i < nd) {
		uint32_t chunk = 0, scale = 1;

		for (int k = 0; k < 9 && i < nd; k++, i++) {
			chunk = chunk * 10 + (uint32_t)(num->digits[i] - '0');
			scale *= 10;
		}
		bigint_mul_small(&a, scale);
		bigint_add_small(&a, chunk);
	}
	e = num->exp - nd;
	if (num->sticky) {
		bigint_mul_small(&a, 10);
		bigint_add_small(&a, 1);
		e--;
	}
	if (e >= 0) {
		int bl;

		bigint_mul_pow5(&a, (unsigned int)e);
		bl = bigint_bitlen(&a);
		if (bl > 64) {
			*mant = bigint_bits64(&a, bl - 64);
			*sticky = bigint_any_below(&a, bl - 64);
			*exp2 = e + bl - 64;
		} else {
			*mant = bigint_bits64(&a, 0);
			*exp2 = e;
		}
		return;
	}
	/* q = a x 2^s / 5^-e with bitlen(a x 2^s) = bitlen(b) + 63, so 2^62 <= q < 2^64. */
	bigint_set_u64(&b, 1);
	bigint_mul_pow5(&b, (unsigned int)-e);
	int s = bigint_bitlen(&b) + 63 - bigint_bitlen(&a);
	if (s >= 0)
		bigint_shl(&a, (unsigned int)s);
	else
		bigint_shl(&b, (unsigned int)-s);
	bigint_shl(&b, 63);
	uint64_t q = 0;
	for (int bit = 63; bit >= 0; bit--) {
		if (bigint_cmp(&a, &b) >= 0) {
			bigint_sub(&a, &b);
			q |= UINT64_C(1) << bit;
		}
		bigint_shr1(&b);
	}
	*mant = q;
	*sticky = a.n != 0;
	*exp2 = e - s;
}

/* fp_number_binary with the exponent clamped to an int (hex inputs may carry any exponent). */
static int fp_number_exp2(const struct fp_number *num, uint64_t *mant, int *sticky)
{
	long exp2;

	fp_number_binary(num, mant, &exp2, sticky);
	if (exp2 > 2 * EXP_CLAMP)
		return 2 * EXP_CLAMP;
	if (exp2 < -2 * EXP_CLAMP)
		return -2 * EXP_CLAMP;
	return (int)exp2;
}

/* The number's bits in format f. */
static uint64_t fp_number_bits(const struct fp_number *num, const struct fp_format *f, int *erange)
{
	uint64_t mant;
	int exp2, sticky;

	*erange = 0;
	if (num->kind == FP_NAN)
		return fp_binary_nan(f, num->neg);
	if (num->kind == FP_INF)
		return fp_binary_inf(f, num->neg);
	if (num->nd == 0 && num->mant == 0)
		return fp_binary_round(f, num->neg, 0, 0, 0, erange);
	exp2 = fp_number_exp2(num, &mant, &sticky);
	return fp_binary_round(f, num->neg, mant, exp2, sticky, erange);
}

double fp_number_double(const struct fp_number *num, int *erange)
{
	uint64_t bits = fp_number_bits(num, &fp_double, erange);
	double d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

float fp_number_float(const struct fp_number *num, int *erange)
{
	uint32_t bits = (uint32_t)fp_number_bits(num, &fp_float, erange);
	float f;

	memcpy(&f, &bits, sizeof(f));
	return f;
}
