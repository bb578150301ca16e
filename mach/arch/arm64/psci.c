#include "arch/arm64/psci.h"

#include "arch/arm64/cpu.h"

#define PSCI_SYSTEM_OFF   0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

static bool psci_use_smc;

void psci_init(bool use_smc)
{
	psci_use_smc = use_smc;
}

static void __attribute__((noreturn)) psci_call(uint32_t function)
{
	register uint64_t x0 __asm__("x0") = function;

	if (psci_use_smc)
		__asm__ volatile("smc #0" : "+r"(x0)::"x1", "x2", "x3", "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0)::"x1", "x2", "x3", "memory");
	/* Only reached without working firmware: stop here. */
	irq_disable();
	for (;;)
		wfi();
}

void psci_system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF);
}

void psci_system_reset(void)
{
	psci_call(PSCI_SYSTEM_RESET);
}
