/*
 * The Arm Generic Interrupt Controller, version 2 or 3, as the device tree
 * describes it. Interrupts are identified by GIC INTID (PPIs 16-31, SPIs 32+).
 * Only CPU 0 is brought up for now; handlers run with interrupts masked.
 */
#ifndef ARCH_ARM64_GIC_H
#define ARCH_ARM64_GIC_H

#include <stdbool.h>
#include <stdint.h>

typedef void (*gic_handler_t)(uint32_t intid, void *arg);

/* Enables a GICv2: distributor and CPU interface at these physical addresses. */
void gic_init_v2(uint64_t dist_pa, uint64_t cpu_pa);

/* Enables a GICv3: distributor and the first redistributor (CPU 0's). */
void gic_init_v3(uint64_t dist_pa, uint64_t redist_pa);

/* Routes `intid` to this CPU and calls `handler(intid, arg)` when it fires. */
void gic_enable(uint32_t intid, gic_handler_t handler, void *arg);

/*
 * Shared peripheral interrupts (SPIs) for user-space drivers (kern/device.c):
 * whether `intid` is an SPI this controller has that nothing in the kernel
 * handles; masking and unmasking a line whose handler is installed; and
 * giving a line back (masked, no handler).
 */
bool gic_spi_available(uint32_t intid);
void gic_mask(uint32_t intid);
void gic_unmask(uint32_t intid);
void gic_release(uint32_t intid);

/* Acknowledges, dispatches and ends every pending interrupt (from trap_irq). */
void gic_handle_irq(void);

/* "GICv2" or "GICv3". */
const char *gic_name(void);

#endif
