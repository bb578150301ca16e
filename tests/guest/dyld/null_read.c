/*
 * Reads just above NULL, inside its __PAGEZERO: that must fault even though
 * dyld has allocated memory by then (dyld keeps the range unmapped).
 */
#include "tsys.h"

int main(void)
{
	tsys_puts("null_read: reading 0x2000\n");
	tsys_line("null_read: read", *(volatile int *)0x2000);
	return 0;
}
