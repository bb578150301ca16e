/* Thread state flavors and layouts for arm64, as XNU's <mach/arm/thread_status.h> has them. */
#ifndef _MACH_THREAD_STATUS_H_
#define _MACH_THREAD_STATUS_H_

#include <stdint.h>

#define THREAD_STATE_NONE        5
#define ARM_THREAD_STATE64       6
#define ARM_THREAD_STATE64_COUNT 68   /* 32-bit words in arm_thread_state64_t */
#define THREAD_STATE_MAX         1296 /* largest state, in words, a message may carry */
#define ARM_NEON_STATE64         17
#define ARM_NEON_STATE64_COUNT   130 /* 32 128-bit registers, fpsr, fpcr */

/* arm_thread_state64_t, as <mach/arm/_structs.h> lays it out. */
struct arm_thread_state64 {
	uint64_t x[29];
	uint64_t fp, lr, sp, pc;
	uint32_t cpsr;
	uint32_t flags;
};

_Static_assert(sizeof(struct arm_thread_state64) == ARM_THREAD_STATE64_COUNT * 4, "state size");

#endif
