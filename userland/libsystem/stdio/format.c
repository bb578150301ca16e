/*
 * The printf engine (see format.h). Each conversion is turned into a prefix
 * (sign, 0x) and a list of body pieces, then padded to the field width in
 * one place. Floating-point values go through their exact decimal expansion
 * (fp/decimal.h), so %e, %f and %g round correctly at any precision.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fp/decimal.h"
#include "stdio/args.h"
#include "stdio/format.h"
#include "stdio/length.h"

enum {
	FLAG_MINUS = 1,
	FLAG_PLUS = 2,
	FLAG_SPACE = 4,
	FLAG_HASH = 8,
	FLAG_ZERO = 16,
};

/* One conversion specification. */
struct spec {
	int flags;
	size_t width;
	int prec; /* -1 when not given */
	enum length len;
	char conv;
	int argpos;    /* %n$: the argument's position; 0: the next one */
	int width_arg; /* '*': -1 for the next argument, n for *n$; 0: none */
	int prec_arg;  /* the same for the precision */
};

/* Output bytes, or `len` copies of `fill` when bytes is NULL. */
struct piece {
	const char *bytes;
	size_t len;
	char fill;
};

#define MAX_PIECES 8

struct out {
	struct format_sink *sink;
	size_t total; /* bytes produced so far */
	int error;    /* errno value once something failed, else 0 */
};

static void out_bytes(struct out *o, const char *s, size_t n)
{
	if (o->error != 0 || n == 0)
		return;
	if (o->sink->put(o->sink, s, n) != 0) {
		o->error = errno != 0 ? errno : EIO;
		return;
	}
	o->total += n;
}

static void out_fill(struct out *o, char c, size_t n)
{
	char buf[64];

	memset(buf, c, sizeof(buf));
	while (n > 0 && o->error == 0) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);

		out_bytes(o, buf, k);
		n -= k;
	}
}

/*
 * Writes prefix and body padded to the width: spaces on the left (or right
 * with '-'), or zeros between prefix and body when '0' applies (zero_ok).
 */
static void out_field(struct out *o, const struct spec *sp, const char *prefix,
                      const struct piece *body, int npieces, int zero_ok)
{
	size_t plen = strlen(prefix), len = plen, pad;
	int zeros = zero_ok && (sp->flags & (FLAG_ZERO | FLAG_MINUS)) == FLAG_ZERO;

	for (int i = 0; i < npieces; i++)
		len += body[i].len;
	pad = sp->width > len ? sp->width - len : 0;
	if (!(sp->flags & FLAG_MINUS) && !zeros)
		out_fill(o, ' ', pad);
	out_bytes(o, prefix, plen);
	if (zeros)
		out_fill(o, '0', pad);
	for (int i = 0; i < npieces; i++) {
		if (body[i].bytes != NULL)
			out_bytes(o, body[i].bytes, body[i].len);
		else
			out_fill(o, body[i].fill, body[i].len);
	}
	if (sp->flags & FLAG_MINUS)
		out_fill(o, ' ', pad);
}

static void piece_add(struct piece *p, int *n, const char *bytes, size_t len)
{
	if (len == 0)
		return;
	p[*n].bytes = bytes;
	p[*n].len = len;
	p[*n].fill = 0;
	(*n)++;
}

static void piece_fill(struct piece *p, int *n, char fill, size_t len)
{
	if (len == 0)
		return;
	p[*n].bytes = NULL;
	p[*n].len = len;
	p[*n].fill = fill;
	(*n)++;
}

/* "-", "+", " " or "" for a signed conversion. */
static const char *sign_prefix(const struct spec *sp, int neg)
{
	if (neg)
		return "-";
	if (sp->flags & FLAG_PLUS)
		return "+";
	if (sp->flags & FLAG_SPACE)
		return " ";
	return "";
}

static void format_integer(struct out *o, const struct spec *sp, uintmax_t v, int neg)
{
	const char *digits = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned int base = 10;
	char buf[72], *p = buf + sizeof(buf);
	size_t ndig, zeros, prec = sp->prec < 0 ? 1 : (size_t)sp->prec;
	const char *prefix = "";
	struct piece body[2];
	int n = 0;

	switch (sp->conv) {
	case 'o': base = 8; break;
	case 'x':
	case 'X':
	case 'p': base = 16; break;
	case 'd':
	case 'i': prefix = sign_prefix(sp, neg); break;
	}
	for (uintmax_t t = v; t != 0; t /= base)
		*--p = digits[t % base];
	ndig = (size_t)(buf + sizeof(buf) - p);
	zeros = prec > ndig ? prec - ndig : 0;
	/* '#' with %o: the first digit printed must be 0. */
	if (sp->conv == 'o' && (sp->flags & FLAG_HASH) && zeros == 0)
		zeros = 1;
	if (sp->conv == 'p')
		prefix = "0x";
	else if ((sp->flags & FLAG_HASH) && v != 0 && sp->conv == 'x')
		prefix = "0x";
	else if ((sp->flags & FLAG_HASH) && v != 0 && sp->conv == 'X')
		prefix = "0X";
	piece_fill(body, &n, '0', zeros);
	piece_add(body, &n, p, ndig);
	out_field(o, sp, prefix, body, n, sp->prec < 0);
}

/* Appends "e+XX" (at least two exponent digits) to buf; returns its length. */
static size_t exponent_text(char *buf, char letter, int x)
{
	char rev[8];
	size_t n = 0, len = 0;
	unsigned int ax = x < 0 ? (unsigned int)-x : (unsigned int)x;

	buf[len++] = letter;
	buf[len++] = x < 0 ? '-' : '+';
	do {
		rev[n++] = (char)('0' + ax % 10);
		ax /= 10;
	} while (ax != 0);
	if (letter == 'e' || letter == 'E') {
		while (n < 2)
			rev[n++] = '0';
	}
	while (n > 0)
		buf[len++] = rev[--n];
	return len;
}

/* Fixed notation of a rounded expansion with fd fraction digits. */
static void format_fixed(struct out *o, const struct spec *sp, const char *prefix,
                         const struct fp_decimal *dec, size_t fd)
{
	struct piece body[MAX_PIECES];
	int n = 0, e = dec->exp10;
	size_t lead, from, take;

	if (dec->n == 0 || e <= 0) {
		piece_add(body, &n, "0", 1);
	} else {
		size_t have = (size_t)(dec->n < e ? dec->n : e);

		piece_add(body, &n, dec->d, have);
		piece_fill(body, &n, '0', (size_t)e - have);
	}
	if (fd > 0 || (sp->flags & FLAG_HASH))
		piece_add(body, &n, ".", 1);
	lead = dec->n == 0 ? fd : (e < 0 ? (size_t)-e : 0);
	if (lead > fd)
		lead = fd;
	piece_fill(body, &n, '0', lead);
	from = e > 0 ? (size_t)e : 0;
	take = dec->n > (int)from ? (size_t)dec->n - from : 0;
	if (take > fd - lead)
		take = fd - lead;
	piece_add(body, &n, dec->d + from, take);
	piece_fill(body, &n, '0', fd - lead - take);
	out_field(o, sp, prefix, body, n, 1);
}

/* Exponential notation d.ddde+XX of a rounded expansion with fd fraction digits. */
static void format_exponential(struct out *o, const struct spec *sp, const char *prefix,
                               const struct fp_decimal *dec, size_t fd, int upper)
{
	struct piece body[MAX_PIECES];
	char exp[16];
	int n = 0, x = dec->n > 0 ? dec->exp10 - 1 : 0;
	size_t take = dec->n > 1 ? (size_t)dec->n - 1 : 0;

	piece_add(body, &n, dec->n > 0 ? dec->d : "0", 1);
	if (fd > 0 || (sp->flags & FLAG_HASH))
		piece_add(body, &n, ".", 1);
	if (take > fd)
		take = fd;
	piece_add(body, &n, dec->d + 1, take);
	piece_fill(body, &n, '0', fd - take);
	piece_add(body, &n, exp, exponent_text(exp, upper ? 'E' : 'e', x));
	out_field(o, sp, prefix, body, n, 1);
}

/* %a: hex digits straight from the bits, normalized to a leading 1 (subnormals too). */
static void format_hex_float(struct out *o, const struct spec *sp, int neg, uint64_t mant, int e)
{
	const char *digits = sp->conv == 'A' ? "0123456789ABCDEF" : "0123456789abcdef";
	char prefix[4], frac[13], lead, exp[16];
	struct piece body[MAX_PIECES];
	size_t count;
	int n = 0;

	strcpy(prefix, sign_prefix(sp, neg));
	strcat(prefix, sp->conv == 'A' ? "0X" : "0x");
	if (sp->prec >= 0 && sp->prec < 13) {
		int drop = 4 * (13 - sp->prec);
		uint64_t q = mant >> drop, rem = mant & ((UINT64_C(1) << drop) - 1);
		uint64_t half = UINT64_C(1) << (drop - 1);

		if (rem > half || (rem == half && (q & 1)))
			q++;
		mant = q << drop;
	}
	lead = digits[mant >> 52];
	for (int i = 0; i < 13; i++)
		frac[i] = digits[(mant >> (48 - 4 * i)) & 0xf];
	if (sp->prec >= 0) {
		count = sp->prec < 13 ? (size_t)sp->prec : 13;
	} else {
		count = 13;
		while (count > 0 && frac[count - 1] == '0')
			count--;
	}
	piece_add(body, &n, &lead, 1);
	if (count > 0 || sp->prec > 0 || (sp->flags & FLAG_HASH))
		piece_add(body, &n, ".", 1);
	piece_add(body, &n, frac, count);
	if (sp->prec > 13)
		piece_fill(body, &n, '0', (size_t)sp->prec - 13);
	piece_add(body, &n, exp,
	          exponent_text(exp, sp->conv == 'A' ? 'P' : 'p', mant == 0 ? 0 : e));
	out_field(o, sp, prefix, body, n, 1);
}

static void format_float(struct out *o, const struct spec *sp, double x)
{
	union {
		double d;
		uint64_t u;
	} v = {x};
	int neg = (int)(v.u >> 63), biased = (int)((v.u >> 52) & 0x7ff);
	uint64_t frac = v.u & ((UINT64_C(1) << 52) - 1), mant;
	int upper = sp->conv >= 'A' && sp->conv <= 'Z', e;
	struct fp_decimal dec;
	struct piece body[1];
	size_t prec = sp->prec < 0 ? 6 : (size_t)sp->prec;

	if (biased == 0x7ff) {
		/* As on macOS, NaN never shows a sign; infinities do. */
		body[0].bytes = frac != 0 ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
		body[0].len = 3;
		out_field(o, sp, frac != 0 ? "" : sign_prefix(sp, neg), body, 1, 0);
		return;
	}
	if (biased == 0) {
		mant = frac;
		e = -1074;
	} else {
		mant = frac | (UINT64_C(1) << 52);
		e = biased - 1075;
	}
	if (sp->conv == 'a' || sp->conv == 'A') {
		/* Shift the leading 1 to bit 52; e becomes the exponent of that bit. */
		int shift = mant == 0 ? 0 : __builtin_clzll(mant) - 11;

		format_hex_float(o, sp, neg, mant << shift, e + 52 - shift);
		return;
	}
	fp_decimal_exact(&dec, mant, e);
	switch (sp->conv) {
	case 'f':
	case 'F':
		fp_decimal_round(&dec,
		                 prec > (size_t)INT_MAX - 400 ? INT_MAX : dec.exp10 + (int)prec);
		format_fixed(o, sp, sign_prefix(sp, neg), &dec, prec);
		return;
	case 'e':
	case 'E':
		fp_decimal_round(&dec, prec > (size_t)INT_MAX - 1 ? INT_MAX : (int)prec + 1);
		format_exponential(o, sp, sign_prefix(sp, neg), &dec, prec, upper);
		return;
	}
	/* %g: P significant digits; fixed notation when the exponent X satisfies P > X >= -4. */
	int p = sp->prec < 0 ? 6 : sp->prec == 0 ? 1 : sp->prec;
	fp_decimal_round(&dec, p);
	int xexp = dec.n > 0 ? dec.exp10 - 1 : 0;
	int hash = sp->flags & FLAG_HASH;
	if (p > xexp && xexp >= -4) {
		size_t fd = (size_t)(p - 1 - xexp);
		size_t used = dec.n > dec.exp10 ? (size_t)(dec.n - dec.exp10) : 0;

		format_fixed(o, sp, sign_prefix(sp, neg), &dec, hash || used > fd ? fd : used);
	} else {
		size_t fd = (size_t)(p - 1);
		size_t used = dec.n > 1 ? (size_t)dec.n - 1 : 0;

		format_exponential(o, sp, sign_prefix(sp, neg), &dec, hash || used > fd ? fd : used,
		                   upper);
	}
}

/* A wide character as a C-locale byte; -1 for one the locale cannot encode. */
static int wide_byte(long wc)
{
	return wc >= 0 && wc <= 0xff ? (int)wc : -1;
}

static void format_char(struct out *o, const struct spec *sp, struct args *a)
{
	struct piece body[1];
	char c;

	if (sp->len == LEN_L || sp->conv == 'C') {
		int b = wide_byte(args_int(a, sp->argpos));

		if (b < 0) {
			o->error = EILSEQ;
			return;
		}
		c = (char)b;
	} else {
		c = (char)(unsigned char)args_int(a, sp->argpos);
	}
	body[0].bytes = &c;
	body[0].len = 1;
	out_field(o, sp, "", body, 1, 0);
}

static void format_string(struct out *o, const struct spec *sp, struct args *a)
{
	struct piece body[1];
	size_t max = sp->prec < 0 ? (size_t)-1 : (size_t)sp->prec, len;

	if (sp->len == LEN_L || sp->conv == 'S') {
		const int *ws = args_ptr(a, sp->argpos);
		size_t pad;

		if (ws == NULL)
			ws = L"(null)";
		for (len = 0; len < max && ws[len] != 0; len++) {
			if (wide_byte(ws[len]) < 0) {
				o->error = EILSEQ;
				return;
			}
		}
		pad = sp->width > len ? sp->width - len : 0;
		if (!(sp->flags & FLAG_MINUS))
			out_fill(o, ' ', pad);
		for (size_t i = 0; i < len; i++) {
			char c = (char)ws[i];

			out_bytes(o, &c, 1);
		}
		if (sp->flags & FLAG_MINUS)
			out_fill(o, ' ', pad);
		return;
	}
	const char *s = args_ptr(a, sp->argpos);
	if (s == NULL)
		s = "(null)";
	len = strnlen(s, max);
	body[0].bytes = s;
	body[0].len = len;
	out_field(o, sp, "", body, 1, 0);
}

/* How the conversion's argument is passed (ARG_NONE: it takes none). */
static enum arg_class spec_class(const struct spec *sp)
{
	int narrow = sp->len == LEN_NONE || sp->len == LEN_HH || sp->len == LEN_H;

	switch (sp->conv) {
	case 'd':
	case 'i':
	case 'o':
	case 'u':
	case 'x':
	case 'X': return narrow ? ARG_INT : ARG_I64;
	case 'D':
	case 'O':
	case 'U': return ARG_I64;
	case 'c':
	case 'C': return ARG_INT;
	case 'a':
	case 'A':
	case 'e':
	case 'E':
	case 'f':
	case 'F':
	case 'g':
	case 'G': return ARG_DOUBLE;
	case 's':
	case 'S':
	case 'p':
	case 'n': return ARG_PTR;
	default: return ARG_NONE;
	}
}

static intmax_t signed_arg(const struct spec *sp, struct args *a)
{
	if (spec_class(sp) == ARG_I64)
		return args_i64(a, sp->argpos);
	int v = args_int(a, sp->argpos);
	switch (sp->len) {
	case LEN_HH: return (signed char)v;
	case LEN_H: return (short)v;
	default: return v;
	}
}

static uintmax_t unsigned_arg(const struct spec *sp, struct args *a)
{
	if (spec_class(sp) == ARG_I64)
		return (unsigned long long)args_i64(a, sp->argpos);
	unsigned int v = (unsigned int)args_int(a, sp->argpos);
	switch (sp->len) {
	case LEN_HH: return (unsigned char)v;
	case LEN_H: return (unsigned short)v;
	default: return v;
	}
}

/* Reads a decimal field; returns -1 if it exceeds INT_MAX. */
static int read_number(const char **fmt)
{
	long v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		v = v * 10 + (**fmt - '0');
		if (v > INT_MAX)
			return -1;
		(*fmt)++;
	}
	return (int)v;
}

/*
 * Reads "n$" at *fmt if it is there: returns n, 0 if there is none, or -1
 * for a position outside 1..ARGS_MAX.
 */
static int read_position(const char **fmt)
{
	const char *p = *fmt;
	int n = read_number(&p);

	if (p == *fmt || *p != '$')
		return 0;
	*fmt = p + 1;
	return n >= 1 && n <= ARGS_MAX ? n : -1;
}

/* Reads '*' or "*n$" (into *arg) or digits (into *value). Returns 0 or an errno value. */
static int read_field(const char **fmt, int *arg, int *value)
{
	*arg = 0;
	*value = 0;
	if (**fmt == '*') {
		(*fmt)++;
		*arg = read_position(fmt);
		if (*arg < 0)
			return EINVAL;
		if (*arg == 0)
			*arg = -1;
		return 0;
	}
	*value = read_number(fmt);
	return *value < 0 ? EOVERFLOW : 0;
}

/*
 * Parses [n$] flags, width, precision and length after '%'; '*' fields are
 * only noted (spec_stars reads them). Returns 0 or an errno value.
 */
static int parse_spec(const char **fmtp, struct spec *sp)
{
	const char *fmt = *fmtp;
	int w, p, error;

	sp->flags = 0;
	sp->prec = -1;
	sp->prec_arg = 0;
	sp->argpos = read_position(&fmt);
	if (sp->argpos < 0)
		return EINVAL;
	for (;; fmt++) {
		if (*fmt == '-')
			sp->flags |= FLAG_MINUS;
		else if (*fmt == '+')
			sp->flags |= FLAG_PLUS;
		else if (*fmt == ' ')
			sp->flags |= FLAG_SPACE;
		else if (*fmt == '#')
			sp->flags |= FLAG_HASH;
		else if (*fmt == '0')
			sp->flags |= FLAG_ZERO;
		else if (*fmt != '\'') /* grouping: the C locale has no separator */
			break;
	}
	error = read_field(&fmt, &sp->width_arg, &w);
	if (error != 0)
		return error;
	if (*fmt == '$')
		return EINVAL;
	sp->width = (size_t)w;
	if (*fmt == '.') {
		fmt++;
		error = read_field(&fmt, &sp->prec_arg, &p);
		if (error != 0)
			return error;
		sp->prec = p;
	}
	fmt = length_parse(fmt, &sp->len);
	sp->conv = *fmt;
	*fmtp = fmt;
	return 0;
}

/* Reads the '*' width and precision, in that order, before the value. */
static void spec_stars(struct spec *sp, struct args *a)
{
	if (sp->width_arg != 0) {
		int w = args_int(a, sp->width_arg > 0 ? sp->width_arg : 0);

		/* A negative width is the '-' flag and the magnitude. */
		if (w < 0)
			sp->flags |= FLAG_MINUS;
		sp->width = (size_t)(w < 0 ? -(long long)w : w);
	}
	if (sp->prec_arg != 0) {
		int p = args_int(a, sp->prec_arg > 0 ? sp->prec_arg : 0);

		/* A negative precision is as if none was given. */
		sp->prec = p < 0 ? -1 : p;
	}
}

/*
 * Decides how arguments are read: if the format's first conversion names a
 * position, every conversion and '*' must, and their types are collected and
 * the arguments loaded now. Mixing the two styles is refused (EINVAL).
 */
static int scan_positions(const char *fmt, struct args *a)
{
	int mode = 0; /* 1: in order, 2: by position */
	struct spec sp;

	while ((fmt = strchr(fmt, '%')) != NULL) {
		const char *next = fmt + 1;
		enum arg_class c;
		int error, positional;

		if (*next == '%') {
			fmt = next + 1;
			continue;
		}
		error = parse_spec(&next, &sp);
		if (error != 0)
			return error;
		if (*next == '\0')
			break;
		fmt = next + 1;
		c = spec_class(&sp);
		if (c == ARG_NONE && sp.width_arg == 0 && sp.prec_arg == 0)
			continue;
		positional = sp.argpos > 0 || sp.width_arg > 0 || sp.prec_arg > 0;
		if (mode == 0)
			mode = positional ? 2 : 1;
		if (mode == 1 && positional)
			return EINVAL;
		if (mode == 2 &&
		    ((c != ARG_NONE && sp.argpos == 0) || sp.width_arg < 0 || sp.prec_arg < 0))
			return EINVAL;
		if (mode == 1)
			continue;
		if ((c != ARG_NONE && args_note(a, sp.argpos, c) != 0) ||
		    (sp.width_arg > 0 && args_note(a, sp.width_arg, ARG_INT) != 0) ||
		    (sp.prec_arg > 0 && args_note(a, sp.prec_arg, ARG_INT) != 0))
			return EINVAL;
	}
	if (mode == 2)
		args_load(a);
	return 0;
}

static void format_one(struct out *o, struct spec *sp, struct args *a)
{
	switch (sp->conv) {
	case 'D':
	case 'O':
	case 'U':
		/* Old BSD spellings of %ld, %lo, %lu. */
		sp->len = LEN_L;
		sp->conv = sp->conv == 'D' ? 'd' : sp->conv == 'O' ? 'o' : 'u';
		format_one(o, sp, a);
		return;
	case 'd':
	case 'i': {
		intmax_t v = signed_arg(sp, a);

		format_integer(o, sp, v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v, v < 0);
		return;
	}
	case 'o':
	case 'u':
	case 'x':
	case 'X': format_integer(o, sp, unsigned_arg(sp, a), 0); return;
	case 'p': format_integer(o, sp, (uintptr_t)args_ptr(a, sp->argpos), 0); return;
	case 'a':
	case 'A':
	case 'e':
	case 'E':
	case 'f':
	case 'F':
	case 'g':
	case 'G':
		/* long double is double on macOS arm64: L reads a double too. */
		format_float(o, sp, args_double(a, sp->argpos));
		return;
	case 'c':
	case 'C': format_char(o, sp, a); return;
	case 's':
	case 'S': format_string(o, sp, a); return;
	case 'n': length_store(args_ptr(a, sp->argpos), sp->len, o->total); return;
	case '%':
		/* "%5%" is undefined; print the '%' alone, as glibc does. */
		out_bytes(o, "%", 1);
		return;
	default: {
		/* As on macOS, an unknown conversion prints its own character. */
		struct piece body[1] = {{&sp->conv, 1, 0}};

		out_field(o, sp, "", body, 1, 0);
		return;
	}
	}
}

int format_vprintf(struct format_sink *sink, const char *fmt, va_list ap)
{
	struct out o = {sink, 0, 0};
	struct spec sp;
	struct args args;

	args_start(&args, ap);
	o.error = scan_positions(fmt, &args);
	while (*fmt != '\0' && o.error == 0) {
		const char *pct = strchr(fmt, '%');
		size_t lit = pct != NULL ? (size_t)(pct - fmt) : strlen(fmt);

		out_bytes(&o, fmt, lit);
		if (pct == NULL)
			break;
		fmt = pct + 1;
		if (*fmt == '%') {
			out_bytes(&o, "%", 1);
			fmt++;
			continue;
		}
		o.error = parse_spec(&fmt, &sp);
		if (o.error != 0 || *fmt == '\0')
			break;
		fmt++;
		spec_stars(&sp, &args);
		format_one(&o, &sp, &args);
	}
	va_end(args.ap);
	if (o.error == 0 && o.total > INT_MAX)
		o.error = EOVERFLOW;
	if (o.error != 0) {
		errno = o.error;
		return -1;
	}
	return (int)o.total;
}
