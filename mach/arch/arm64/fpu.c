#include "arch/arm64/fpu.h"

#include <stddef.h>

#include "arch/arm64/cpu.h"
#include "kern/thread.h"

void fpu_trap(void)
{
	struct thread *t = current_thread();
	struct processor *processor = t->processor;

	/* The kernel may touch the registers now; EL1 is never trapped. */
	if (processor->fpu_owner != t) {
		if (processor->fpu_owner)
			arch_fp_save(&processor->fpu_owner->fp);
		arch_fp_restore(&t->fp);
		processor->fpu_owner = t;
	}
	fpu_allow(processor, true);
}

void fpu_sync(struct thread *t)
{
	if (t->processor && t == t->processor->fpu_owner)
		arch_fp_save(&t->fp);
}

void fpu_discard(struct thread *t)
{
	struct processor *processor = t->processor;

	if (processor && t == processor->fpu_owner) {
		processor->fpu_owner = NULL;
		if (t == current_thread())
			fpu_allow(processor, false);
	}
}
