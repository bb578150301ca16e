/*
 * The register state saved on every exception entry (vectors.S builds it on the
 * kernel stack), and the C handlers the vectors call.
 */
#ifndef ARCH_ARM64_TRAP_H
#define ARCH_ARM64_TRAP_H

#define TF_X(n)   ((n)*8)
#define TF_SP_EL0 248
#define TF_ELR    256
#define TF_SPSR   264
#define TF_ESR    272
#define TF_FAR    280
#define TF_SIZE   288

/* ESR_EL1 of `svc #0x80` from AArch64: EC 0x15, IL set, the immediate in ISS. */
#define ESR_SVC_DARWIN 0x56000080

/* XNU's number for mach_msg_trap, negated in x16 as the gate sees it. */
#define MACH_MSG_TRAP_NUMBER (-31)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct trap_frame {
	uint64_t x[31];  /* x0..x30; x29 is the frame pointer, x30 the link register */
	uint64_t sp_el0; /* user stack pointer */
	uint64_t elr;    /* where the exception was taken */
	uint64_t spsr;   /* PSTATE at that point */
	uint64_t esr;    /* syndrome (synchronous exceptions) */
	uint64_t far;    /* faulting address (aborts) */
};

_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame layout");

/* Called from vectors.S; `kind` names the vector slot for unexpected exceptions. */
void trap_sync_kernel(struct trap_frame *tf);
void trap_sync_user(struct trap_frame *tf);
void trap_irq(struct trap_frame *tf);

/* In an interrupt handler: whether the interrupt came from user mode (EL0). */
bool trap_irq_from_user(void);
void trap_unexpected(struct trap_frame *tf, uint64_t kind);
#endif

#endif
