/*
 * Polled output on QEMU virt's PL011 (PrimeCell UART PL011 TRM: UARTDR at
 * 0x000, UARTFR at 0x018 with TXFF = bit 5). The address is the virt
 * machine's, the only machine Tessera supports; the kernel reads it from the
 * device tree, which user space does not see.
 */
#include "userland/bootstrap/early_console.h"

#include <stdint.h>

#define UART_PHYS   0x09000000ull
#define UART_SIZE   0x1000ull
#define UARTDR      0x000
#define UARTFR      0x018
#define UARTFR_TXFF (1u << 5)

static volatile uint32_t *uart; /* the mapped registers, or NULL */

kern_return_t early_console_init(host_priv_t host_priv)
{
	uint64_t address = 0;
	kern_return_t kr =
	    device_map_mmio(host_priv, mach_task_self(), UART_PHYS, UART_SIZE, &address);

	if (kr == KERN_SUCCESS)
		uart = (volatile uint32_t *)(uintptr_t)address;
	return kr;
}

static void put(char c)
{
	while (uart[UARTFR / 4] & UARTFR_TXFF)
		;
	uart[UARTDR / 4] = (unsigned char)c;
}

/* Appends c to buf[*at] if there is room for it and the NUL. */
static void emit(char *buf, size_t size, size_t *at, char c)
{
	if (*at + 1 < size)
		buf[*at] = c;
	(*at)++;
}

static void emit_number(char *buf, size_t size, size_t *at, unsigned long long value, unsigned base,
                        int negative)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value != 0);
	if (negative)
		emit(buf, size, at, '-');
	while (n > 0)
		emit(buf, size, at, digits[--n]);
}

size_t early_console_vformat(char *buf, size_t size, const char *format, va_list ap)
{
	size_t at = 0;

	for (const char *p = format; *p != '\0'; p++) {
		if (*p != '%') {
			emit(buf, size, &at, *p);
			continue;
		}
		const char *start = p++;
		int longs = 0;
		while (*p == 'l' || *p == 'z') {
			longs = 1;
			p++;
		}
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s != '\0'; s++)
				emit(buf, size, &at, *s);
			break;
		}
		case 'c': emit(buf, size, &at, (char)va_arg(ap, int)); break;
		case 'd': {
			long long v = longs ? va_arg(ap, long) : va_arg(ap, int);
			emit_number(buf, size, &at,
			            v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, 10,
			            v < 0);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v =
			    longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			emit_number(buf, size, &at, v, *p == 'u' ? 10 : 16, 0);
			break;
		}
		case '%': emit(buf, size, &at, '%'); break;
		default:
			/* Not a conversion this formatter knows: shown as written. */
			for (; start <= p && *start != '\0'; start++)
				emit(buf, size, &at, *start);
			if (*p == '\0')
				p--;
			break;
		}
	}
	if (size == 0)
		return 0;
	buf[at < size ? at : size - 1] = '\0';
	return at < size ? at : size - 1;
}

void early_console_printf(const char *format, ...)
{
	char line[EARLY_CONSOLE_LINE_MAX];
	va_list ap;

	va_start(ap, format);
	size_t len = early_console_vformat(line, sizeof(line), format, ap);
	va_end(ap);
	if (uart == NULL)
		return;
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\n')
			put('\r');
		put(line[i]);
	}
}
