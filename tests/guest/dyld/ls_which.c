/*
 * libwhich1 and libwhich2 (-DN=1, -DN=2), on libSystem: each defines
 * ls_which() and asks libSystem's dlsym for the next image's.
 */
#include <dlfcn.h>

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
