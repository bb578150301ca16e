/*
 * Per-CPU state: what belongs to one CPU rather than to the system, so that
 * a second CPU has its own. Code reaches the running CPU's through the
 * running thread (thread->processor, which the scheduler sets as it switches
 * a thread in), at the cost of one load. One CPU runs today.
 *
 * Locking: a CPU's fields are touched only by that CPU, with interrupts
 * masked; need_resched is also set under sched_lock.
 */
#ifndef KERN_PROCESSOR_H
#define KERN_PROCESSOR_H

#include <stdbool.h>

#include "kern/thread.h"

#define MAX_PROCESSORS 1

struct pmap;
struct task;

struct processor {
	struct thread *idle_thread;        /* runs when nothing else can */
	bool need_resched;                 /* a switch is due at the next preemption point */
	bool irq_from_user;                /* the interrupt being handled came from EL0 */
	bool fpu_allowed;                  /* CPACR_EL1 lets EL0 use FP/SIMD */
	struct thread *fpu_owner;          /* whose state the FP/SIMD registers hold, or NULL */
	struct task *loaded_address_space; /* whose user map TTBR0_EL1 holds, or NULL */
	struct pmap *active_pmap;          /* that map's pmap, or NULL */
};

extern struct processor processors[MAX_PROCESSORS];

/* The CPU this runs on. */
static inline struct processor *current_processor(void)
{
	return current_thread()->processor;
}

#endif
