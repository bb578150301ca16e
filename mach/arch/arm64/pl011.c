/*
 * The PL011 UART as the kernel's polled console (PrimeCell UART PL011 TRM:
 * UARTDR at 0x000, UARTFR at 0x018 with TXFF = bit 5).
 */
#include "kern/console.h"

#include <stdbool.h>

#include "arch/arm64/cpu.h"
#include "arch/arm64/vm_layout.h"

#define UARTDR        0x000
#define UARTFR        0x018
#define UARTFR_TXFF   (1u << 5)
#define UARTLCR_H     0x02c
#define UARTLCR_H_FEN (1u << 4)

/* QEMU virt's UART, usable before the device tree is read. */
#define EARLY_UART_PA 0x09000000UL

static uintptr_t uart_base = KVA_OFFSET + EARLY_UART_PA;

void console_init(uintptr_t uart_va)
{
	uart_base = uart_va;
}

static void pl011_put(char c)
{
	static bool fifo_on;

	/*
	 * FIFOs on from the first byte out, before anyone can have typed:
	 * QEMU 7.2's PL011 loses or repeats input bytes pending when FEN
	 * changes, which the console driver's switch-on would otherwise do.
	 */
	if (!fifo_on) {
		fifo_on = true;
		mmio_write32(uart_base + UARTLCR_H,
		             mmio_read32(uart_base + UARTLCR_H) | UARTLCR_H_FEN);
	}
	while (mmio_read32(uart_base + UARTFR) & UARTFR_TXFF)
		;
	mmio_write32(uart_base + UARTDR, (unsigned char)c);
}

void console_putc(char c)
{
	if (c == '\n')
		pl011_put('\r');
	pl011_put(c);
}
