#include "kern/backtrace.h"

#include "kern/kprintf.h"
#include "kern/ksyms.h"

#define BACKTRACE_MAX_FRAMES 32

static void backtrace_line(int depth, uint64_t pc)
{
	uint64_t offset;
	const char *name = ksyms_lookup(pc, &offset);

	if (name)
		kprintf("  #%-2d 0x%016lx %s+0x%lx\n", depth, pc, name, offset);
	else
		kprintf("  #%-2d 0x%016lx ?\n", depth, pc);
}

void backtrace_print(uint64_t pc, uint64_t fp)
{
	uint64_t stack_lo = fp & ~(uint64_t)(KSTACK_SIZE - 1);
	uint64_t stack_hi = stack_lo + KSTACK_SIZE;
	int depth = 0;

	backtrace_line(depth++, pc);
	/*
	 * Each frame record is {previous fp, return address}. Stop at anything that
	 * leaves this stack, goes backwards or is misaligned: a corrupt chain must
	 * not fault inside the panic path.
	 */
	while (depth < BACKTRACE_MAX_FRAMES && fp != 0) {
		if ((fp & 15) != 0 || fp < stack_lo || fp + 16 > stack_hi)
			break;
		const uint64_t *record = (const uint64_t *)fp;
		uint64_t next_fp = record[0], lr = record[1];
		if (lr == 0)
			break;
		/* The return address points after the call; report the call itself. */
		backtrace_line(depth++, lr - 4);
		if (next_fp <= fp)
			break;
		fp = next_fp;
	}
}
