/* libudep: a dependency of libu and libu2, loaded with the first of them. */
#include "tsys.h"

int udep_value(void)
{
	return 3;
}

__attribute__((constructor)) static void udep_init(void)
{
	tsys_order_add('v');
}

__attribute__((destructor)) static void udep_term(void)
{
	tsys_order_add('V');
}
