/*
 * stack_smash: overruns a local buffer by `n` bytes past its end, in a file
 * compiled with -fstack-protector-all, so the canary check on return calls
 * __stack_chk_fail. The empty asm hides the buffer's bounds from the compiler.
 */
#include "tests/guest/programs/stack_smash.h"

void stack_smash(int n)
{
	char buf[16];
	char *p = buf;

	__asm__ volatile("" : "+r"(p));
	for (int i = 0; i < (int)sizeof(buf) + n; i++)
		p[i] = 'A';
	__asm__ volatile("" : : "r"(p) : "memory");
}
