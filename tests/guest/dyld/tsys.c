/* libtsys (tsys.h). */
#include "tsys.h"

struct tessera_dyld_api tessera_dyld_api;
long tsys_lazy_binds;

static char order[32];
static unsigned norder;

long tsys_write(int fd, const void *buf, unsigned long len)
{
	register long x0 __asm__("x0") = fd;
	register const void *x1 __asm__("x1") = buf;
	register unsigned long x2 __asm__("x2") = len;
	register long x16 __asm__("x16") = 4;

	__asm__ volatile("svc #0x80" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x16) : "memory", "cc");
	return x0;
}

void tsys_puts(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	tsys_write(1, s, n);
}

void tsys_putn(long n)
{
	char buf[24];
	int i = sizeof(buf);
	unsigned long v = n < 0 ? -(unsigned long)n : (unsigned long)n;

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (n < 0)
		buf[--i] = '-';
	tsys_write(1, buf + i, sizeof(buf) - i);
}

void tsys_line(const char *s, long n)
{
	tsys_puts(s);
	tsys_puts(" ");
	tsys_putn(n);
	tsys_puts("\n");
}

void tsys_order_add(char c)
{
	if (norder < sizeof(order) - 1)
		order[norder++] = c;
}

const char *tsys_order(void)
{
	return order;
}

__attribute__((constructor)) static void tsys_init(void)
{
	tsys_order_add('s');
}

/* dyld replaces every descriptor's thunk; reaching this means it did not. */
void _tlv_bootstrap(void) __asm__("__tlv_bootstrap");
void _tlv_bootstrap(void)
{
	tsys_puts("__tlv_bootstrap reached\n");
	for (;;)
		;
}
