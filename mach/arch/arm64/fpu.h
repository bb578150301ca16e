/*
 * Lazy FP/SIMD switching. User threads' FP registers stay in the CPU until
 * another thread touches FP: user FP access traps (CPACR_EL1.FPEN = 0b01)
 * whenever the registers belong to someone else, and the trap swaps them.
 * Threads that never use FP, like most of an RPC path, cost nothing. The
 * kernel itself never uses FP. One CPU for now: the owner becomes per-CPU
 * with SMP. Call with interrupts masked (the scheduler and trap paths do).
 */
#ifndef ARCH_ARM64_FPU_H
#define ARCH_ARM64_FPU_H

#include <stdbool.h>

struct thread;

/* Whose state the FP registers hold (or NULL), and what CPACR_EL1 allows EL0 now. */
extern struct thread *fpu_owner;
extern bool fpu_allowed;

/* Sets CPACR_EL1 to allow EL0 FP access or to trap it. */
void fpu_allow(bool allow);

/*
 * The scheduler is about to run `next`: let it use FP freely only if it owns
 * the registers. Inline: most switches change nothing.
 */
static inline void fpu_switch_to(struct thread *next)
{
	bool allow = next == fpu_owner;

	if (allow != fpu_allowed)
		fpu_allow(allow);
}

/* A user FP access trapped: give the current thread the registers. */
void fpu_trap(void);

/* Makes t->fp current (saves the registers if t owns them). */
void fpu_sync(struct thread *t);

/* t->fp was changed, or t is going away: the registers no longer hold its state. */
void fpu_discard(struct thread *t);

#endif
