/*
 * Polled output on the machine's first PL011 (PrimeCell UART PL011 TRM:
 * UARTDR at 0x000, UARTFR at 0x018 with TXFF = bit 5), found in the device
 * tree through the kernel's device_lookup and mapped with device_map_mmio.
 */
#include "userland/bootstrap/early_console.h"

#include <stdint.h>

#include "userland/bootstrap/format.h"

#define UARTDR      0x000
#define UARTFR      0x018
#define UARTFR_TXFF (1u << 5)

static volatile uint32_t *uart; /* the mapped registers, or NULL */

kern_return_t early_console_init(host_priv_t host_priv)
{
	uint64_t phys, size, address = 0;
	uint32_t intid;
	kern_return_t kr = device_lookup(host_priv, 0, "arm,pl011", &phys, &size, &intid);

	if (kr == KERN_SUCCESS)
		kr = device_map_mmio(host_priv, mach_task_self(), phys, size, &address);

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

void early_console_printf(const char *format, ...)
{
	char line[EARLY_CONSOLE_LINE_MAX];
	va_list ap;

	if (uart == NULL)
		return;
	va_start(ap, format);
	size_t len = bootstrap_vformat(line, sizeof(line), format, ap);
	va_end(ap);
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\n')
			put('\r');
		put(line[i]);
	}
}
