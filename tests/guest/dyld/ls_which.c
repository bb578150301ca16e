/*
 * libwhich1 and libwhich2 (-DN=1, -DN=2), on libSystem: each defines
 * ls_which() and asks libSystem's dlsym for the next image's; each has a
 * terminator (__mod_term_func) that dyld runs at exit, which speaks in
 * init (pid 1) only.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

#define CAT(a, b)  a##b
#define NAME(a, b) CAT(a, b)

int ls_which(void)
{
	return N;
}

int NAME(NAME(w, N), _next)(void)
{
	int (*f)(void) = (int (*)(void))dlsym(RTLD_NEXT, "ls_which");

	return f ? f() : -1;
}

__attribute__((destructor)) static void which_term(void)
{
	if (getpid() == 1)
		printf("ls-term: %d\n", N);
}
