/*
 * Lazy FP/SIMD switching. User threads' FP registers stay in the CPU until
 * another thread touches FP: user FP access traps (CPACR_EL1.FPEN = 0b01)
 * whenever the registers belong to someone else, and the trap swaps them.
 * Threads that never use FP, like most of an RPC path, cost nothing. The
 * kernel itself never uses FP. The owner and the CPACR_EL1 setting are the
 * CPU's own (struct processor); a thread's state is taken to stay on the CPU
 * it last ran on, which SMP's migration must flush first. Call with
 * interrupts masked (the scheduler and trap paths do).
 */
#ifndef ARCH_ARM64_FPU_H
#define ARCH_ARM64_FPU_H

#include <stdbool.h>
#include <stdint.h>

#include "kern/processor.h"

/* CPACR_EL1.FPEN values: EL0 FP/SIMD access traps, or does not (EL1 never traps). */
#define CPACR_FPEN_TRAP_EL0 (1u << 20)
#define CPACR_FPEN_NO_TRAP  (3u << 20)

/*
 * Sets CPACR_EL1 to allow EL0 FP access or to trap it, unless it says so
 * already. No barrier: the setting matters only to EL0, which is entered by
 * an exception return, itself a context synchronization event.
 */
static inline void fpu_allow(struct processor *processor, bool allow)
{
	if (allow == processor->fpu_allowed)
		return;
	processor->fpu_allowed = allow;
	/* NO_TRAP is TRAP with FPEN's high bit: that bit is `allow`, with no select. */
	_Static_assert(CPACR_FPEN_NO_TRAP == (CPACR_FPEN_TRAP_EL0 | 1u << 21), "FPEN's encoding");
	__asm__ volatile(
	    "msr cpacr_el1, %0" ::"r"((uint64_t)CPACR_FPEN_TRAP_EL0 | (uint64_t)allow << 21));
}

/* The scheduler is about to run `next`: let it use FP freely only if it owns the registers. */
static inline void fpu_switch_to(struct thread *next)
{
	fpu_allow(next->processor, next == next->processor->fpu_owner);
}

/* A user FP access trapped: give the current thread the registers. */
void fpu_trap(void);

/* Makes t->fp current (saves the registers if t owns them). */
void fpu_sync(struct thread *t);

/* t->fp was changed, or t is going away: the registers no longer hold its state. */
void fpu_discard(struct thread *t);

#endif
