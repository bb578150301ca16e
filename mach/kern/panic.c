#include "kern/panic.h"

#include <stdarg.h>

#include "arch/arm64/cpu.h"
#include "arch/arm64/esr.h"
#include "kern/backtrace.h"
#include "kern/kprintf.h"
#include "kern/ksyms.h"

static volatile int panicking;

/* A second panic (say, a fault while printing) only stops the machine. */
static void panic_enter(void)
{
	irq_disable();
	if (panicking++)
		panic_halt_machine();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	panic_enter();
	kprintf("\npanic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\nbacktrace:\n");
	/* Start at the call site, in the caller's frame (the first word of ours). */
	backtrace_print((uint64_t)__builtin_return_address(0) - 4,
	                *(const uint64_t *)__builtin_frame_address(0));
	panic_halt_machine();
}

static void panic_print_symbol(const char *label, uint64_t addr)
{
	uint64_t offset;
	const char *name = ksyms_lookup(addr, &offset);

	if (name)
		kprintf("%s 0x%016lx <%s+0x%lx>\n", label, addr, name, offset);
	else
		kprintf("%s 0x%016lx\n", label, addr);
}

void panic_trap(const struct trap_frame *tf, const char *what)
{
	char desc[128];

	panic_enter();
	esr_describe(tf->esr, desc, sizeof(desc));
	kprintf("\npanic: %s: %s\n", what, desc);
	kprintf("  ESR 0x%08lx  EC 0x%02lx  FAR 0x%016lx  SPSR 0x%08lx\n", tf->esr,
	        (unsigned long)ESR_EC(tf->esr), tf->far, tf->spsr);
	panic_print_symbol("  PC ", tf->elr);
	panic_print_symbol("  LR ", tf->x[30]);
	for (int i = 0; i < 30; i += 3)
		kprintf("  x%-2d 0x%016lx  x%-2d 0x%016lx  x%-2d 0x%016lx\n", i, tf->x[i], i + 1,
		        tf->x[i + 1], i + 2, tf->x[i + 2]);
	kprintf("backtrace:\n");
	backtrace_print(tf->elr, tf->x[29]);
	panic_halt_machine();
}
