/*
 * The rest of <stdlib.h> both libraries define alike: abs, labs, llabs,
 * div, ldiv and lldiv (C99 truncates quotients toward zero).
 *
 * Left out: rand and srand (each library has its own generator), system,
 * abort, and abs of the most negative value (undefined behaviour).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "conformance.h"

void conf_stdlib(void)
{
	static const long long nums[] = {0,    1,       -1,          7,         -7,           100,
	                                 -100, INT_MAX, INT_MIN + 1, LLONG_MAX, LLONG_MIN + 1};
	static const long long dens[] = {1, -1, 2, -2, 3, -3, 7, -7, 1000};

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		long long n = nums[i];

		printf("stdlib abs %lld: %d %ld %lld\n", n,
		       n >= INT_MIN + 1 && n <= INT_MAX ? abs((int)n) : 0, labs((long)n), llabs(n));
		printf("stdlib div %lld:", n);
		for (size_t j = 0; j < sizeof(dens) / sizeof(dens[0]); j++) {
			lldiv_t q = lldiv(n, dens[j]);
			ldiv_t l = ldiv((long)n, (long)dens[j]);

			printf(" %lld,%lld/%ld,%ld", q.quot, q.rem, l.quot, l.rem);
			if (n >= INT_MIN + 1 && n <= INT_MAX) {
				div_t d = div((int)n, (int)dens[j]);

				printf("/%d,%d", d.quot, d.rem);
			}
		}
		printf("\n");
	}
}
