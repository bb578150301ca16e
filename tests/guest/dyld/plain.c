/* A program with no dylibs at all: dyld only calls main and makes the exit call. */
int main(void)
{
	static const char line[] = "plain: ran\n";
	register long x0 __asm__("x0") = 1;
	register const char *x1 __asm__("x1") = line;
	register long x2 __asm__("x2") = sizeof(line) - 1;
	register long x16 __asm__("x16") = 4;

	__asm__ volatile("svc #0x80" : "+r"(x0), "+r"(x1) : "r"(x2), "r"(x16) : "memory", "cc");
	return 7;
}
