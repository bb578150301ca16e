/* libins, for DYLD_INSERT_LIBRARIES: its initializer runs first, its env_hook wins flat lookups. */
#include "tsys.h"

int env_hook(void)
{
	return 9;
}

__attribute__((constructor)) static void ins_init(void)
{
	tsys_order_add('i');
}
