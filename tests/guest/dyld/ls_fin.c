/* libfin, on libSystem: dlopened and closed; its __cxa_atexit handler runs at dlclose. */
#include <stdio.h>
#include <stdlib.h>

extern void *__dso_handle;

static void fin_handler(void *arg)
{
	printf("ls-fin: handler ran with %s\n", (const char *)arg);
}

int fin_value(void)
{
	return 11;
}

__attribute__((constructor)) static void fin_init(void)
{
	__cxa_atexit(fin_handler, "its argument", &__dso_handle);
}
