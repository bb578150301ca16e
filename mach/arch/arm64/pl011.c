/*
 * The PL011 UART as the kernel's polled console (PrimeCell UART PL011 TRM:
 * UARTDR at 0x000, UARTFR at 0x018 with TXFF = bit 5, UARTLCR_H at 0x02c).
 */
#include "kern/console.h"

#include "arch/arm64/cpu.h"
#include "arch/arm64/vm_layout.h"

#define UARTDR      0x000
#define UARTFR      0x018
#define UARTFR_TXFF (1u << 5)
#define UARTLCR_H   0x02c
#define LCR_H_FEN   (1u << 4) /* FIFOs enabled */
#define LCR_H_WLEN8 (3u << 5) /* 8-bit words */

/* QEMU virt's UART, usable before the device tree is read. */
#define EARLY_UART_PA 0x09000000UL

static uintptr_t uart_base = KVA_OFFSET + EARLY_UART_PA;

/*
 * Turns the FIFOs on before anything is typed at us: switching them later
 * empties the receive side (QEMU's PL011 too), which would lose what the
 * user typed before the console driver took over.
 */
void console_early_init(void)
{
	mmio_write32(uart_base + UARTLCR_H, LCR_H_FEN | LCR_H_WLEN8);
}

void console_init(uintptr_t uart_va)
{
	uart_base = uart_va;
}

static void pl011_put(char c)
{
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
