#include "arch/arm64/psci.h"

#include "arch/arm64/cpu.h"

#define PSCI_SYSTEM_OFF 0x84000008u

static bool psci_use_smc;

void psci_init(bool use_smc)
{
	psci_use_smc = use_smc;
}

void psci_system_off(void)
{
	register uint64_t x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	if (psci_use_smc)
		__asm__ volatile("smc #0" : "+r"(x0)::"x1", "x2", "x3", "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0)::"x1", "x2", "x3", "memory");
	/* Only reached without working firmware: stop here. */
	irq_disable();
	for (;;)
		wfi();
}
