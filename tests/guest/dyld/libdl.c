/* libdl: opened with dlopen. */
#include "tsys.h"

int dl_value(void)
{
	return 77;
}

__attribute__((constructor)) static void dl_init(void)
{
	tsys_order_add('d');
}
