#include "arch/arm64/fpu.h"

#include <stddef.h>

#include "arch/arm64/cpu.h"
#include "kern/thread.h"

struct thread *fpu_owner;
bool fpu_allowed = true; /* boot.S allows FP */

void fpu_trap(void)
{
	struct thread *t = current_thread();

	/* The kernel may touch the registers now; EL1 is never trapped. */
	if (fpu_owner != t) {
		if (fpu_owner)
			arch_fp_save(&fpu_owner->fp);
		arch_fp_restore(&t->fp);
		fpu_owner = t;
	}
	fpu_allow(true);
}

void fpu_sync(struct thread *t)
{
	if (t == fpu_owner)
		arch_fp_save(&t->fp);
}

void fpu_discard(struct thread *t)
{
	if (t == fpu_owner) {
		fpu_owner = NULL;
		if (t == current_thread())
			fpu_allow(false);
	}
}
