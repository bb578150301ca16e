/*
 * The PL011's registers, by their TRM offsets and bits. Data bytes are the
 * low 8 bits of UARTDR; bits 8-11 carry the byte's framing, parity, break and
 * overrun errors, which a console passes over (the byte is delivered as read).
 */
#include "drivers/console/pl011.h"

#define UARTDR    0x000
#define UARTFR    0x018
#define UARTLCR_H 0x02c
#define UARTCR    0x030
#define UARTIMSC  0x038
#define UARTICR   0x044

#define FR_RXFE (1u << 4) /* receive FIFO empty */
#define FR_TXFF (1u << 5) /* transmit FIFO full */

#define LCR_H_FEN (1u << 4) /* FIFOs enabled */

#define CR_UARTEN (1u << 0)
#define CR_TXE    (1u << 8)
#define CR_RXE    (1u << 9)

#define INT_RX  (1u << 4) /* receive (FIFO at its trigger level) */
#define INT_RT  (1u << 6) /* receive timeout (bytes waiting, line idle) */
#define INT_ALL 0x7ffu    /* every interrupt's bit in UARTICR */

static uint32_t get(const struct pl011 *uart, unsigned offset)
{
	return uart->regs[offset / 4];
}

static void set(struct pl011 *uart, unsigned offset, uint32_t value)
{
	uart->regs[offset / 4] = value;
}

void pl011_init(struct pl011 *uart, volatile uint32_t *regs)
{
	uart->regs = regs;
	set(uart, UARTIMSC, 0);
	set(uart, UARTCR, get(uart, UARTCR) | CR_UARTEN | CR_TXE | CR_RXE);
}

void pl011_enable_rx_interrupts(struct pl011 *uart)
{
	uint32_t lcr_h = get(uart, UARTLCR_H);

	if (!(lcr_h & LCR_H_FEN))
		set(uart, UARTLCR_H, lcr_h | LCR_H_FEN);
	set(uart, UARTICR, INT_ALL);
	set(uart, UARTIMSC, INT_RX | INT_RT);
}

size_t pl011_write(struct pl011 *uart, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		while (get(uart, UARTFR) & FR_TXFF)
			;
		set(uart, UARTDR, data[i]);
	}
	return len;
}

bool pl011_read_byte(struct pl011 *uart, uint8_t *c)
{
	if (get(uart, UARTFR) & FR_RXFE)
		return false;
	*c = (uint8_t)(get(uart, UARTDR) & 0xff);
	return true;
}

void pl011_clear_rx_interrupts(struct pl011 *uart)
{
	set(uart, UARTICR, INT_RX | INT_RT);
}
