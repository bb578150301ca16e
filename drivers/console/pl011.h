/*
 * Register-level access to a PL011 UART (ARM PrimeCell UART PL011 TRM,
 * DDI 0183) whose registers are mapped into the driver's task. The line's
 * speed and format are left as firmware (or QEMU) set them; the driver only
 * turns on the FIFOs and the receive interrupts.
 *
 * Not thread-safe: the driver's one thread calls these.
 */
#ifndef DRIVERS_CONSOLE_PL011_H
#define DRIVERS_CONSOLE_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pl011 {
	volatile uint32_t *regs; /* the mapped register page */
};

/*
 * Takes the UART at `regs`: masks its interrupts and enables the
 * transmitter and the receiver. Bytes already received stay to be read.
 */
void pl011_init(struct pl011 *uart, volatile uint32_t *regs);

/*
 * Turns the FIFOs on, clears pending interrupts and unmasks exactly the
 * receive and receive-timeout interrupts. Switching the FIFOs on empties the
 * receive side, so read what waits first; bytes waiting when the FIFOs were
 * already on raise no new interrupt, so read again after.
 */
void pl011_enable_rx_interrupts(struct pl011 *uart);

/* Writes data[0 .. len) unchanged, waiting while the transmit FIFO is full. Returns len. */
size_t pl011_write(struct pl011 *uart, const uint8_t *data, size_t len);

/* Takes one received byte into *c; false when the receive FIFO is empty. */
bool pl011_read_byte(struct pl011 *uart, uint8_t *c);

/*
 * Clears the receive and receive-timeout interrupts. Call it before draining
 * the FIFO, so a byte that arrives after the drain raises the interrupt again.
 */
void pl011_clear_rx_interrupts(struct pl011 *uart);

#endif
