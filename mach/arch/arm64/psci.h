/*
 * PSCI (Arm Power State Coordination Interface) calls through the firmware
 * conduit the device tree names: QEMU's built-in PSCI uses HVC at EL1.
 */
#ifndef ARCH_ARM64_PSCI_H
#define ARCH_ARM64_PSCI_H

#include <stdbool.h>

void psci_init(bool use_smc);
void psci_system_off(void) __attribute__((noreturn));
void psci_system_reset(void) __attribute__((noreturn));

#endif
