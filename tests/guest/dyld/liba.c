/* liba: an initializer that checks its arguments, a thread-local, a weak definition. */
#include "tsys.h"

__thread int a_tls = 5;
static int args_ok;

int a_value(void)
{
	return 42;
}

/* The program defines a strong weak_fn: liba's own use must reach it. */
__attribute__((weak)) int weak_fn(void)
{
	return 1;
}

int (*volatile weak_ptr)(void) = weak_fn;

int a_call_weak(void)
{
	return weak_ptr();
}

int a_args_ok(void)
{
	return args_ok;
}

int *a_tls_addr(void)
{
	return &a_tls;
}

__attribute__((constructor)) static void a_init(int argc, char **argv, char **envp, char **apple)
{
	const char *key = "executable_path=";
	int ok = argc >= 1 && argv[0] != 0 && argv[argc] == 0 && envp != 0 && apple[0] != 0;

	for (int i = 0; ok && key[i]; i++)
		ok = apple[0][i] == key[i];
	args_ok = ok;
	tsys_order_add('a');
}
