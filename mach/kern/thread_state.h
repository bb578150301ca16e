/*
 * A user thread's register state in the flavors of <mach/thread_status.h>:
 * read and written for thread_get_state/thread_set_state, exception messages
 * and thread_create_running. The state lives in the thread's user trap frame
 * and saved FP registers; the caller makes sure the thread is not running
 * elsewhere (it is the caller, or stopped in the kernel, on this one CPU).
 */
#ifndef KERN_THREAD_STATE_H
#define KERN_THREAD_STATE_H

#include <stdint.h>

#include "arch/arm64/trap.h"
#include "mach/kern_return.h"
#include "mach/thread_status.h"

struct thread;

void thread_state_from_frame(struct arm_thread_state64 *s, const struct trap_frame *tf);

/* Only the NZCV flags of cpsr are taken: user code always runs at EL0 with interrupts on. */
void thread_state_to_frame(struct trap_frame *tf, const struct arm_thread_state64 *s);

/*
 * Copies `flavor` of t's state into words[0 .. *count) (*count: room on entry,
 * words used on return). KERN_INVALID_ARGUMENT for an unknown flavor or too
 * little room.
 */
kern_return_t thread_state_get(struct thread *t, int flavor, uint32_t *words, uint32_t *count);

/* Replaces `flavor` of t's state with words[0 .. count). */
kern_return_t thread_state_set(struct thread *t, int flavor, const uint32_t *words, uint32_t count);

#endif
