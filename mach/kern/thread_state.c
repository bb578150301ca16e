#include "kern/thread_state.h"

#include <string.h>

#include "arch/arm64/fpu.h"
#include "kern/thread.h"

/* arm_neon_state64_t: 32 128-bit registers, then fpsr and fpcr (32-bit each). */
struct arm_neon_state64 {
	__uint128_t q[32];
	uint32_t fpsr;
	uint32_t fpcr;
} __attribute__((packed, aligned(4)));

_Static_assert(sizeof(struct arm_neon_state64) == ARM_NEON_STATE64_COUNT * 4, "NEON state size");

void thread_state_from_frame(struct arm_thread_state64 *s, const struct trap_frame *tf)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->x, tf->x, sizeof(s->x));
	s->fp = tf->x[29];
	s->lr = tf->x[30];
	s->sp = tf->sp_el0;
	s->pc = tf->elr;
	s->cpsr = (uint32_t)tf->spsr;
}

void thread_state_to_frame(struct trap_frame *tf, const struct arm_thread_state64 *s)
{
	memcpy(tf->x, s->x, sizeof(s->x));
	tf->x[29] = s->fp;
	tf->x[30] = s->lr;
	tf->sp_el0 = s->sp;
	tf->elr = s->pc;
	tf->spsr = s->cpsr & 0xf0000000u;
}

kern_return_t thread_state_get(struct thread *t, int flavor, uint32_t *words, uint32_t *count)
{
	if (flavor == ARM_THREAD_STATE64 && *count >= ARM_THREAD_STATE64_COUNT) {
		struct arm_thread_state64 s;
		thread_state_from_frame(&s, thread_user_frame(t));
		memcpy(words, &s, sizeof(s));
		*count = ARM_THREAD_STATE64_COUNT;
		return KERN_SUCCESS;
	}
	if (flavor == ARM_NEON_STATE64 && *count >= ARM_NEON_STATE64_COUNT) {
		struct arm_neon_state64 n;
		fpu_sync(t);
		memcpy(n.q, t->fp.q, sizeof(n.q));
		n.fpsr = (uint32_t)t->fp.fpsr;
		n.fpcr = (uint32_t)t->fp.fpcr;
		memcpy(words, &n, sizeof(n));
		*count = ARM_NEON_STATE64_COUNT;
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}

kern_return_t thread_state_set(struct thread *t, int flavor, const uint32_t *words, uint32_t count)
{
	if (flavor == ARM_THREAD_STATE64 && count >= ARM_THREAD_STATE64_COUNT) {
		struct arm_thread_state64 s;
		memcpy(&s, words, sizeof(s));
		thread_state_to_frame(thread_user_frame(t), &s);
		return KERN_SUCCESS;
	}
	if (flavor == ARM_NEON_STATE64 && count >= ARM_NEON_STATE64_COUNT) {
		struct arm_neon_state64 n;
		memcpy(&n, words, sizeof(n));
		fpu_sync(t);
		memcpy(t->fp.q, n.q, sizeof(n.q));
		t->fp.fpsr = n.fpsr;
		t->fp.fpcr = n.fpcr;
		fpu_discard(t); /* the next FP use loads the new values */
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}
