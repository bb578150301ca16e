/*
 * The libc conformance program: deterministic output from formatting,
 * parsing, sorting, strings and a malloc stress with checksums. Built for
 * the host against glibc and against libSystem (conformance_names.h), and
 * later for Tessera, it must print the same bytes everywhere. It sticks to
 * behaviour C and POSIX fix (no %p, no strerror text, no subnormal %a).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long seed = 88172645463325252ULL;

static unsigned long long next(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static void formatting(void)
{
	static const double values[] = {0.0,
	                                -0.0,
	                                1.0,
	                                0.1,
	                                2.5,
	                                -3.75,
	                                1e21,
	                                1e-7,
	                                123456.789,
	                                6.02214076e23,
	                                1.7976931348623157e308,
	                                2.2250738585072014e-308};
	static const char *const fmts[] = {"%f", "%.0f", "%.3e",    "%g",       "%#.10g", "%+.17g",
	                                   "%a", "%.2A", "%12.4f|", "%-12.2e|", "%012.3g"};
	char buf[512];
	int n;

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
			snprintf(buf, sizeof(buf), fmts[f], values[i]);
			printf("%s -> %s\n", fmts[f], buf);
		}
	printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d]\n", 42, 42, 42, 42, 42, 42, 42);
	printf("[%x] [%#X] [%#o] [%lld] [%llu] [%hhd] [%hu]\n", 255u, 255u, 8u,
	       -9223372036854775807LL - 1, 18446744073709551615ULL, 300, 70000);
	printf("[%s] [%10.3s] [%-6s] [%c] [%%]\n", "text", "abcdef", "ab", 'Z');
	printf("[%2$s %1$s]\n", "world", "hello");
	printf("[%*d] [%.*f]\n", 6, 7, 2, 3.14159);
	printf("[%.1000f]\n", 1e-300);
	printf("%s%n|", "count", &n);
	printf("%d\n", n);
	printf("snprintf %d [%s]\n", snprintf(buf, 6, "%s", "truncated"), buf);
}

static void parsing(void)
{
	static const char *const reals[] = {"3.14159",
	                                    "-0",
	                                    "1e308",
	                                    "1e309",
	                                    "1e-400",
	                                    "0x1.8p3",
	                                    "inf",
	                                    "nan",
	                                    "  42abc",
	                                    "2.4703282292062328e-324",
	                                    "9007199254740993",
	                                    "123456789012345678901234567890e-10"};
	static const char *const ints[] = {"42",
	                                   "-0x1f",
	                                   "0777",
	                                   "9223372036854775807",
	                                   "9223372036854775808",
	                                   "-9223372036854775809",
	                                   "  +12xyz"};
	char *end;

	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		errno = 0;
		double d = strtod(reals[i], &end);
		int range = errno == ERANGE;
		unsigned long long bits;

		memcpy(&bits, &d, sizeof(bits));
		printf("strtod(%s) = %.17g (%016llx) end %d erange %d\n", reals[i], d, bits,
		       (int)(end - reals[i]), range);
	}
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		errno = 0;
		long v = strtol(ints[i], &end, 0);
		int range = errno == ERANGE;

		printf("strtol(%s) = %ld end %d erange %d\n", ints[i], v, (int)(end - ints[i]),
		       range);
		printf("strtoul(%s) = %lu\n", ints[i], strtoul(ints[i], NULL, 10));
	}
	int a = 0, b = 0, c = 0;
	char word[16] = "", rest[16] = "";
	double x = 0;
	int got = sscanf("  17 0x1F 077 word 2.5e3 tail", "%d %i %o %15s %lf %15[a-z]", &a, &b, &c,
	                 word, &x, rest);
	printf("sscanf %d: %d %d %d %s %g %s\n", got, a, b, c, word, x, rest);
}

static int compare(const void *p, const void *q)
{
	unsigned int x = *(const unsigned int *)p, y = *(const unsigned int *)q;

	return (x > y) - (x < y);
}

static void sorting(void)
{
	static unsigned int v[5000];
	unsigned long long sum = 0;

	for (size_t i = 0; i < 5000; i++)
		v[i] = (unsigned int)(next() % 1000);
	qsort(v, 5000, sizeof(v[0]), compare);
	for (size_t i = 0; i < 5000; i++)
		sum = sum * 31 + v[i];
	unsigned int key = v[1234];
	unsigned int *hit = bsearch(&key, v, 5000, sizeof(v[0]), compare);
	printf("qsort sum %llu first %u last %u found %d\n", sum, v[0], v[4999],
	       hit != NULL && *hit == key);
}

static void strings(void)
{
	char buf[64] = "alpha,beta,,gamma", *p = buf, *tok, *save;

	printf("strlen %zu strcmp %d strncmp %d\n", strlen(buf), strcmp("abc", "abd") < 0,
	       strncmp("abc", "abd", 2));
	printf("strstr [%s] strrchr [%s] strspn %zu strcspn %zu\n", strstr(buf, "beta"),
	       strrchr(buf, ','), strspn(buf, "ahlp"), strcspn(buf, ","));
	while ((tok = strsep(&p, ",")) != NULL)
		printf("strsep [%s]\n", tok);
	strcpy(buf, "  one two   three ");
	for (tok = strtok_r(buf, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save))
		printf("strtok_r [%s]\n", tok);
	char *dup = strdup("duplicate");
	printf("strdup [%s] memcmp %d\n", dup, memcmp(dup, "dupl", 4));
	free(dup);
}

static void allocation(void)
{
	static unsigned char *blocks[500];
	static size_t sizes[500];
	unsigned long long check = 0;

	for (int round = 0; round < 20000; round++) {
		size_t i = next() % 500, n = next() % (round % 97 == 0 ? 200000 : 700);
		int had = blocks[i] != NULL;

		if (had) {
			for (size_t k = 0; k < sizes[i]; k++)
				check = check * 131 + blocks[i][k];
			free(blocks[i]);
			blocks[i] = NULL;
			sizes[i] = 0;
			if (round % 3 == 0)
				continue;
		}
		blocks[i] = malloc(n);
		if (blocks[i] == NULL)
			continue;
		sizes[i] = n;
		for (size_t k = 0; k < n; k++)
			blocks[i][k] = (unsigned char)(i * 7 + k);
	}
	for (size_t i = 0; i < 500; i++)
		free(blocks[i]);
	printf("malloc checksum %llu\n", check);
}

int main(void)
{
	formatting();
	parsing();
	sorting();
	strings();
	allocation();
	return 0;
}
