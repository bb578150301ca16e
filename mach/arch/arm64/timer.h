/*
 * The Arm generic timer: a monotonic counter and a periodic tick from the EL1
 * virtual timer (CNTV_*), delivered through the GIC.
 */
#ifndef ARCH_ARM64_TIMER_H
#define ARCH_ARM64_TIMER_H

#include <stdint.h>

/* Starts ticking at `hz` on the virtual timer interrupt `intid`. */
void timer_init(uint32_t intid, uint32_t hz);

/* Ticks since timer_init. */
uint64_t timer_ticks(void);

/* Counter frequency in Hz (CNTFRQ_EL0). */
uint64_t timer_frequency(void);

/* Nanoseconds since the counter started (boot). */
uint64_t timer_nanoseconds(void);

#endif
