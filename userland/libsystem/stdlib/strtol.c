/*
 * The strtol family (C11 7.22.1.4): one parser, clamped per type. As on
 * macOS, errno is EINVAL for an unsupported base and also when no digits
 * were found; ERANGE when the value does not fit.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>

/*
 * Parses [space][sign][0x]digits. Returns the magnitude, saturated at
 * ULLONG_MAX with *overflow set; *neg tells the sign. Sets *endptr (if not
 * NULL) past the last digit, or to nptr when there is none.
 */
static unsigned long long strtol_parse(const char *nptr, char **endptr, int base, int *neg,
                                       int *overflow)
{
	const char *s = nptr;
	unsigned long long value = 0;
	int any = 0;

	*neg = 0;
	*overflow = 0;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		if (endptr != NULL)
			*endptr = (char *)nptr;
		return 0;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-' || *s == '+')
		*neg = *s++ == '-';
	/* "0x" counts as a prefix only when a hex digit follows it. */
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    isxdigit((unsigned char)s[2])) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (;; s++) {
		int c = (unsigned char)*s, d;

		if (isdigit(c))
			d = c - '0';
		else if (isalpha(c))
			d = tolower(c) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		any = 1;
		if (value > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
			*overflow = 1;
		else
			value = value * (unsigned)base + (unsigned)d;
	}
	if (endptr != NULL)
		*endptr = (char *)(any ? s : nptr);
	if (!any)
		errno = EINVAL;
	return *overflow ? ULLONG_MAX : value;
}

/* A signed result in [-max - 1, max]. */
static long long strtol_signed(const char *nptr, char **endptr, int base, long long max)
{
	int neg, overflow;
	unsigned long long mag = strtol_parse(nptr, endptr, base, &neg, &overflow);
	unsigned long long limit = (unsigned long long)max + (neg ? 1 : 0);

	if (overflow || mag > limit) {
		errno = ERANGE;
		return neg ? -max - 1 : max;
	}
	if (neg)
		return mag == 0 ? 0 : -(long long)(mag - 1) - 1;
	return (long long)mag;
}

/* An unsigned result up to max; a minus sign negates in the unsigned type. */
static unsigned long long strtol_unsigned(const char *nptr, char **endptr, int base,
                                          unsigned long long max)
{
	int neg, overflow;
	unsigned long long mag = strtol_parse(nptr, endptr, base, &neg, &overflow);

	if (overflow || mag > max) {
		errno = ERANGE;
		return max;
	}
	return neg ? (0 - mag) & max : mag;
}

long strtol(const char *restrict str, char **restrict endptr, int base)
{
	return strtol_signed(str, endptr, base, LONG_MAX);
}

long long strtoll(const char *restrict str, char **restrict endptr, int base)
{
	return strtol_signed(str, endptr, base, LLONG_MAX);
}

intmax_t strtoimax(const char *restrict nptr, char **restrict endptr, int base)
{
	return strtol_signed(nptr, endptr, base, INTMAX_MAX);
}

unsigned long strtoul(const char *restrict str, char **restrict endptr, int base)
{
	return strtol_unsigned(str, endptr, base, ULONG_MAX);
}

unsigned long long strtoull(const char *restrict str, char **restrict endptr, int base)
{
	return strtol_unsigned(str, endptr, base, ULLONG_MAX);
}

uintmax_t strtoumax(const char *restrict nptr, char **restrict endptr, int base)
{
	return strtol_unsigned(nptr, endptr, base, UINTMAX_MAX);
}

/* The ato* functions are strto* in base 10 with no error reporting beyond errno. */
int atoi(const char *str)
{
	return (int)strtol(str, NULL, 10);
}

long atol(const char *str)
{
	return strtol(str, NULL, 10);
}

long long atoll(const char *str)
{
	return strtoll(str, NULL, 10);
}
