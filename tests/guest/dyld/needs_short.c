/*
 * Imports short_value, which the volume's libshort lacks: lld-14's lazy bind
 * fails at the call (after "started"), chained fixups at launch.
 */
#include "tsys.h"

int short_value(void);

int main(void)
{
	tsys_puts("needs_short started\n");
	tsys_line("needs_short ran:", short_value());
	return 0;
}
