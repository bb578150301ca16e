/* libb: depends on liba, whose initializer must have run first; calls it lazily. */
#include "tsys.h"

int a_value(void);
int b_saw;

__attribute__((constructor)) static void b_init(void)
{
	b_saw = a_value();
	tsys_order_add('b');
}
