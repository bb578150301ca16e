/*
 * The kernel-mode register state a thread keeps while switched out: the
 * callee-saved registers, frame pointer, link register and stack pointer.
 * Everything else was saved by the C calling convention or by the exception
 * entry (struct trap_frame) before the thread reached the switch.
 */
#ifndef ARCH_ARM64_CONTEXT_H
#define ARCH_ARM64_CONTEXT_H

#include <stdint.h>

struct arch_context {
	uint64_t x19_x28[10];
	uint64_t fp; /* x29 */
	uint64_t lr; /* x30: where the thread resumes */
	uint64_t sp;
};

/* A user thread's floating-point and SIMD registers (the kernel never uses them). */
struct arch_fp_state {
	__uint128_t q[32];
	uint64_t fpsr;
	uint64_t fpcr;
} __attribute__((aligned(16)));

void arch_fp_save(struct arch_fp_state *fp);
void arch_fp_restore(const struct arch_fp_state *fp);

/* Saves the running thread's state in *from and resumes *to. */
void arch_context_switch(struct arch_context *from, const struct arch_context *to);

/* Resumes *to, giving up the running thread's kernel state. */
__attribute__((noreturn)) void arch_context_load(const struct arch_context *to);

/*
 * Entry points a new thread's context starts at (context.lr). Both expect
 * x19 and x20 as arch_context_init_* set them.
 */
void arch_kernel_thread_entry(void);
void arch_user_thread_entry(void);

struct trap_frame;

/*
 * Saves the running thread's state in *from (unless from is NULL: it is given
 * up) and starts another thread on a fresh stack below its user frame at
 * continuation(frame), which returns to user mode.
 */
void arch_continue(struct arch_context *from, struct trap_frame *frame,
                   void (*continuation)(struct trap_frame *));

#endif
