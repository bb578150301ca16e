/* A program that imports from libtiny.dylib: only dyld can start it. */
int tiny_value(void);
extern int tiny_data;

void _start(void)
{
	volatile int sum = tiny_value() + tiny_data;

	(void)sum;
	for (;;)
		__asm__ volatile("brk #0");
}
