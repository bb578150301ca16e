#include "kern/kprintf.h"

#include "arch/arm64/cpu.h"
#include "kern/console.h"
#include "libkern/format.h"

static void kprintf_emit(char c, void *ctx)
{
	console_putc(c);
}

void kvprintf(const char *fmt, va_list ap)
{
	uint64_t daif = irq_save();
	format_vprintf(kprintf_emit, 0, fmt, ap);
	irq_restore(daif);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
