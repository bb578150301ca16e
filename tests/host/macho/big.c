/*
 * A self-contained program with every kind of segment content: code, constant
 * data, initialised data holding pointers (rebases, which are no-ops at the
 * link address) and zero fill. plan_test reads these symbols back from a load
 * carried out by the plan.
 */
const char greeting[] = "Tessera starts its bootstrap from Mach-O";
unsigned int counter = 0x12345678;
char scratch[100000];
const char *greeting_ptr = greeting;

void _start(void)
{
	scratch[counter & 0xff] = *greeting_ptr;
	for (;;)
		__asm__ volatile("brk #0");
}
