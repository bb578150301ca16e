/*
 * <string.h> and <strings.h>: memmove and memcpy over every small overlap
 * and alignment, memset, memchr, memcmp and strcmp signs (bytes above 127
 * compare unsigned), the search functions (strchr, strrchr, strstr,
 * strcasestr, memmem, strpbrk, strspn, strcspn), the tokenizers (strtok,
 * strtok_r, strsep), the copying functions with their return values and
 * padding (strncpy, stpcpy, stpncpy, strncat, memccpy), strdup, strndup,
 * strnlen, the BSD functions both have (bzero, bcopy, bcmp, ffs, index,
 * rindex, strcasecmp) and strcoll and strxfrm in the C locale.
 *
 * Left out: strerror and perror texts (each system words its messages),
 * strlcpy, strlcat, strnstr and fls (not in glibc 2.36), and the magnitude
 * of a comparison's result (only its sign is defined).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conformance.h"

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void fill(unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(i * 37 + 11);
}

/* A string printed with its NULs and control characters visible. */
static void show(const char *label, const char *s, size_t n)
{
	printf(" %s[", label);
	for (size_t i = 0; i < n; i++)
		printf(s[i] >= 32 && s[i] < 127 ? "%c" : "\\x%02x", (unsigned char)s[i]);
	printf("]");
}

static void moves(void)
{
	unsigned char buf[96];

	for (int delta = -17; delta <= 17; delta++) {
		uint64_t h = CONF_HASH_INIT;

		for (int base = 20; base < 28; base++)
			for (size_t n = 0; n <= 40; n++) {
				fill(buf, sizeof(buf));
				void *r = memmove(buf + base + delta, buf + base, n);
				h = conf_hash(h, buf, sizeof(buf));
				h = conf_hash(h, &(int){(int)((unsigned char *)r - buf)},
				              sizeof(int));
			}
		printf("string memmove delta %d: hash %016llx\n", delta, (unsigned long long)h);
	}
	uint64_t h = CONF_HASH_INIT;
	for (int dst = 0; dst < 16; dst++)
		for (int src = 48; src < 64; src++)
			for (size_t n = 0; n < 33; n++) {
				fill(buf, sizeof(buf));
				memcpy(buf + dst, buf + src, n);
				bcopy(buf + src, buf + dst + 1, n / 2);
				h = conf_hash(h, buf, sizeof(buf));
			}
	printf("string memcpy bcopy alignments: hash %016llx\n", (unsigned long long)h);
	h = CONF_HASH_INIT;
	for (int at = 0; at < 16; at++)
		for (size_t n = 0; n < 70; n += 3) {
			fill(buf, sizeof(buf));
			memset(buf + at, 0x1234 + at, n);
			bzero(buf + at + n / 2, n / 4);
			h = conf_hash(h, buf, sizeof(buf));
		}
	printf("string memset bzero: hash %016llx\n", (unsigned long long)h);
}

static void compares(void)
{
	static const char *const strs[] = {"",     "a",   "b",       "ab",      "abc",
	                                   "abd",  "ABC", "abc\x80", "abc\x7f", "\xff",
	                                   "\x01", "a b", "aB"};
	size_t n = sizeof(strs) / sizeof(strs[0]);

	for (size_t i = 0; i < n; i++) {
		printf("string compare %zu:", i);
		for (size_t j = 0; j < n; j++)
			printf(" %d/%d/%d/%d/%d", sign(strcmp(strs[i], strs[j])),
			       sign(strncmp(strs[i], strs[j], 2)),
			       sign(strcasecmp(strs[i], strs[j])),
			       sign(strncasecmp(strs[i], strs[j], 3)),
			       sign(strcoll(strs[i], strs[j])));
		printf("\n");
	}
	unsigned char a[40], b[40];
	printf("string memcmp:");
	for (size_t k = 0; k < 40; k += 3) {
		fill(a, sizeof(a));
		fill(b, sizeof(b));
		b[k] ^= 0x80;
		printf(" %d/%d/%d/%d", sign(memcmp(a, b, sizeof(a))), sign(memcmp(b, a, sizeof(a))),
		       sign(memcmp(a, b, k)), bcmp(a, b, sizeof(a)) != 0);
	}
	printf(" %d\n", memcmp(a, b, 0));
}

static void searches(void)
{
	static const char hay[] = "the quick brown fox jumps over the lazy dog; THE END";
	static const char *const needles[] = {"",    "t",   "the", "THE", "dog", "fox j", "z",
	                                      "end", "The", "x",   "aaa", "; T", hay};
	char *p;

	for (size_t i = 0; i < sizeof(needles) / sizeof(needles[0]); i++) {
		const char *nd = needles[i];

		p = strstr(hay, nd);
		printf("string search \"%.10s\": strstr %d", nd, p != NULL ? (int)(p - hay) : -1);
		p = strcasestr(hay, nd);
		printf(" strcasestr %d", p != NULL ? (int)(p - hay) : -1);
		p = memmem(hay, sizeof(hay) - 1, nd, strlen(nd));
		printf(" memmem %d", p != NULL ? (int)(p - hay) : -1);
		p = strpbrk(hay, nd);
		printf(" strpbrk %d", p != NULL ? (int)(p - hay) : -1);
		printf(" strspn %zu strcspn %zu\n", strspn(hay, nd), strcspn(hay, nd));
	}
	static const char periodic[] = "aaaaaaaaaabaaaaaaaaaab";
	static const char *const parts[] = {"aab", "aaaaaaaaaab", "ab", "ba", "bb", "aaaaaaaaaaa"};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		p = strstr(periodic, parts[i]);
		printf("string strstr periodic %s: %d\n", parts[i],
		       p != NULL ? (int)(p - periodic) : -1);
	}
	static const int chars[] = {'t', 'T', ' ', ';', 'q', 0, 'z', 'y', 256 + 'o', -1};
	printf("string chr:");
	for (size_t i = 0; i < sizeof(chars) / sizeof(chars[0]); i++) {
		const char *c1 = strchr(hay, chars[i]), *c2 = strrchr(hay, chars[i]);
		const char *c3 = memchr(hay, chars[i], sizeof(hay)), *c4 = index(hay, chars[i]);
		const char *c5 = rindex(hay, chars[i]);

		printf(" %d/%d/%d/%d/%d", c1 ? (int)(c1 - hay) : -1, c2 ? (int)(c2 - hay) : -1,
		       c3 ? (int)(c3 - hay) : -1, c4 ? (int)(c4 - hay) : -1,
		       c5 ? (int)(c5 - hay) : -1);
	}
	printf("\n");
	char bytes[300];
	for (int i = 0; i < 300; i++)
		bytes[i] = (char)(i % 251 + 1);
	bytes[299] = '\0';
	printf("string strlen strnlen:");
	for (int at = 0; at < 40; at += 3)
		printf(" %zu/%zu/%zu", strlen(bytes + at), strnlen(bytes + at, 100),
		       strnlen(bytes + at, 1000));
	printf("\n");
}

static void tokens(void)
{
	static const char *const texts[] = {
	    "alpha beta  gamma", "  leading and trailing  ", ",,a,,b,,", "", "   ", "one",
	    "a;b,c d;;e"};
	static const char *const seps[] = {" ", ", ", ";, ", ""};

	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++)
		for (size_t s = 0; s < sizeof(seps) / sizeof(seps[0]); s++) {
			char a[64], b[64], c[64], *tok, *save = NULL, *rest = c;

			strcpy(a, texts[t]);
			strcpy(b, texts[t]);
			strcpy(c, texts[t]);
			printf("string tokens \"%s\" \"%s\": strtok", texts[t], seps[s]);
			for (tok = strtok(a, seps[s]); tok != NULL; tok = strtok(NULL, seps[s]))
				printf(" [%s]@%d", tok, (int)(tok - a));
			printf(" strtok_r");
			for (tok = strtok_r(b, seps[s], &save); tok != NULL;
			     tok = strtok_r(NULL, seps[s], &save))
				printf(" [%s]@%d", tok, (int)(tok - b));
			printf(" strsep");
			while ((tok = strsep(&rest, seps[s])) != NULL)
				printf(" [%s]@%d", tok, (int)(tok - c));
			printf("\n");
		}
	/* strtok keeps its place across calls on different separators. */
	char text[] = "a=1;b=2;c";
	char *k1 = strtok(text, "="), *v1 = strtok(NULL, ";"), *k2 = strtok(NULL, "=");
	char *v2 = strtok(NULL, ";"), *k3 = strtok(NULL, "="), *end = strtok(NULL, "=");
	printf("string strtok pairs: %s %s %s %s %s %d\n", k1, v1, k2, v2, k3, end == NULL);
}

static void copies(void)
{
	char buf[24];
	char *r;

	for (size_t n = 0; n <= 12; n++) {
		memset(buf, '#', sizeof(buf));
		r = strncpy(buf, "hello", n);
		printf("string strncpy %zu: %d", n, (int)(r - buf));
		show("", buf, 14);
		memset(buf, '#', sizeof(buf));
		r = stpncpy(buf, "hello", n);
		printf(" stpncpy %d", (int)(r - buf));
		show("", buf, 14);
		memset(buf, '#', sizeof(buf));
		strcpy(buf, "ab");
		r = strncat(buf, "cdefg", n);
		printf(" strncat %d", (int)(r - buf));
		show("", buf, 14);
		memset(buf, '#', sizeof(buf));
		r = memccpy(buf, "abc,def", ',', n);
		printf(" memccpy %d", r != NULL ? (int)(r - buf) : -1);
		show("", buf, 10);
		printf("\n");
	}
	memset(buf, '#', sizeof(buf));
	r = stpcpy(stpcpy(buf, "one"), "two");
	printf("string stpcpy: %d [%s]\n", (int)(r - buf), buf);
	r = strcat(strcpy(buf, "con"), "cat");
	printf("string strcat: %d [%s]\n", (int)(r - buf), buf);
	char *d = strdup("duplicate"), *nd = strndup("duplicate", 4), *nd2 = strndup("ab", 10);
	printf("string strdup [%s] strndup [%s] [%s] %zu\n", d, nd, nd2, strlen(nd2));
	free(d);
	free(nd);
	free(nd2);
	for (size_t n = 0; n <= 8; n++) {
		memset(buf, '#', sizeof(buf));
		size_t len = strxfrm(buf, "xfrm", n);
		printf("string strxfrm %zu: %zu", n, len);
		/* C leaves the array's contents indeterminate when it was too short. */
		if (len < n)
			show("", buf, len + 1);
		printf("\n");
	}
	printf("string ffs:");
	static const long long bits[] = {0,  1,         2,        3, 0x80, 0x100, 0x80000000LL,
	                                 -1, 1LL << 40, 1LL << 63};
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		printf(" %d/%d/%d", ffs((int)bits[i]), ffsl((long)bits[i]), ffsll(bits[i]));
	printf("\n");
}

/*
 * Arrays with no NUL, which the n-bounded functions must not read past (the
 * sanitized host test turns a read past the end into a failure).
 */
static void bounded(void)
{
	char a[3] = {'x', 'y', 'z'}, dst[8];
	char *d = strndup(a, 3), *hit = memchr(a, 'q', 3), *mem = memmem(a, 3, "yz", 2);

	memset(dst, '#', sizeof(dst));
	strncpy(dst, a, 3);
	printf("string bounded: strnlen %zu strndup [%s] memchr %d strncmp %d strncasecmp %d "
	       "memcmp %d memmem %d",
	       strnlen(a, 3), d, hit != NULL, sign(strncmp(a, "xyz", 3)),
	       sign(strncasecmp(a, "XYZ", 3)), sign(memcmp(a, "xyz", 3)),
	       mem != NULL ? (int)(mem - a) : -1);
	show("strncpy", dst, sizeof(dst));
	memset(dst, '#', sizeof(dst));
	hit = memccpy(dst, a, 'q', 3);
	printf(" memccpy %d", hit != NULL);
	show("", dst, sizeof(dst));
	printf("\n");
	free(d);
}

/* Random strings: the whole family must agree with the program's own loops. */
static void random_strings(void)
{
	char a[80], b[80];
	uint64_t h = CONF_HASH_INIT;

	conf_seed(5150);
	for (int i = 0; i < 5000; i++) {
		size_t la = conf_random() % 70, lb = conf_random() % 8;

		for (size_t k = 0; k < la; k++)
			a[k] = (char)('a' + conf_random() % 4);
		a[la] = '\0';
		for (size_t k = 0; k < lb; k++)
			b[k] = (char)('a' + conf_random() % 4);
		b[lb] = '\0';
		const char *s = strstr(a, b), *c = strchr(a, b[0]), *r = strrchr(a, b[0]);
		int v[6] = {s ? (int)(s - a) : -1, c ? (int)(c - a) : -1, r ? (int)(r - a) : -1,
		            (int)strspn(a, b),     (int)strcspn(a, b),    sign(strcmp(a, b))};
		h = conf_hash(h, v, sizeof(v));
	}
	printf("string random searches: hash %016llx\n", (unsigned long long)h);
}

void conf_string(void)
{
	moves();
	compares();
	searches();
	tokens();
	copies();
	bounded();
	random_strings();
}
