/*
 * bsdserver_test's faulting /sbin/init: it says so and then stores through
 * a null pointer. Nobody handles the exception, so the kernel ends the task
 * without an exit call; bsdserver must notice (a dead-name notification),
 * end the process and, with nothing left, power off.
 */
int main(void)
{
	static const char line[] = "bsd_init_fault: faulting now\n";
	register long x0 __asm__("x0") = 1;
	register long x1 __asm__("x1") = (long)line;
	register long x2 __asm__("x2") = sizeof(line) - 1;
	register long x16 __asm__("x16") = 4; /* write */

	__asm__ volatile("svc #0x80" : "+r"(x0), "+r"(x1) : "r"(x2), "r"(x16) : "memory", "cc");
	*(volatile int *)0 = 1;
	return 0;
}
