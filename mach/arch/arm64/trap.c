/*
 * C side of the exception vectors. For now every synchronous exception is
 * fatal: the kernel has no user tasks yet, and a kernel fault is a bug.
 */
#include "arch/arm64/trap.h"

#include "arch/arm64/gic.h"
#include "kern/panic.h"

static const char *const vector_names[16] = {
    "synchronous exception on SP_EL0",
    "IRQ on SP_EL0",
    "FIQ on SP_EL0",
    "SError on SP_EL0",
    "synchronous exception at EL1",
    "IRQ at EL1",
    "FIQ at EL1",
    "SError at EL1",
    "synchronous exception from EL0",
    "IRQ from EL0",
    "FIQ from EL0",
    "SError from EL0",
    "synchronous exception from AArch32",
    "IRQ from AArch32",
    "FIQ from AArch32",
    "SError from AArch32",
};

void trap_sync_kernel(struct trap_frame *tf)
{
	panic_trap(tf, "kernel exception");
}

void trap_sync_user(struct trap_frame *tf)
{
	panic_trap(tf, "exception from EL0 with no user tasks running");
}

void trap_irq(struct trap_frame *tf)
{
	gic_handle_irq();
}

void trap_unexpected(struct trap_frame *tf, uint64_t kind)
{
	panic_trap(tf, kind < 16 ? vector_names[kind] : "unknown vector");
}
