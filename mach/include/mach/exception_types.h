/* Exception numbers, as XNU's <mach/exception_types.h> defines them. */
#ifndef _MACH_EXCEPTION_TYPES_H_
#define _MACH_EXCEPTION_TYPES_H_

#define EXC_BAD_ACCESS      1 /* code: kern_return_t, subcode: address */
#define EXC_BAD_INSTRUCTION 2
#define EXC_ARITHMETIC      3
#define EXC_EMULATION       4
#define EXC_SOFTWARE        5
#define EXC_BREAKPOINT      6
#define EXC_SYSCALL         7
#define EXC_MACH_SYSCALL    8
#define EXC_RPC_ALERT       9
#define EXC_CRASH           10
#define EXC_RESOURCE        11
#define EXC_GUARD           12
#define EXC_CORPSE_NOTIFY   13

/* A handler's mask of exceptions: bit n stands for exception n. */
#define EXC_MASK_BAD_ACCESS      (1 << EXC_BAD_ACCESS)
#define EXC_MASK_BAD_INSTRUCTION (1 << EXC_BAD_INSTRUCTION)
#define EXC_MASK_ARITHMETIC      (1 << EXC_ARITHMETIC)
#define EXC_MASK_EMULATION       (1 << EXC_EMULATION)
#define EXC_MASK_SOFTWARE        (1 << EXC_SOFTWARE)
#define EXC_MASK_BREAKPOINT      (1 << EXC_BREAKPOINT)
#define EXC_MASK_SYSCALL         (1 << EXC_SYSCALL)
#define EXC_MASK_MACH_SYSCALL    (1 << EXC_MACH_SYSCALL)
#define EXC_MASK_RPC_ALERT       (1 << EXC_RPC_ALERT)
#define EXC_MASK_CRASH           (1 << EXC_CRASH)
#define EXC_MASK_RESOURCE        (1 << EXC_RESOURCE)
#define EXC_MASK_GUARD           (1 << EXC_GUARD)
#define EXC_MASK_CORPSE_NOTIFY   (1 << EXC_CORPSE_NOTIFY)
#define EXC_TYPES_COUNT          14 /* exceptions are 1 .. EXC_TYPES_COUNT - 1 */

/* What a handler is sent (exc.defs / mach_exc.defs routines). */
#define EXCEPTION_DEFAULT        1 /* thread, task, exception, codes */
#define EXCEPTION_STATE          2 /* exception, codes, thread state; replies with new state */
#define EXCEPTION_STATE_IDENTITY 3 /* both */
#define MACH_EXCEPTION_CODES     0x80000000u /* 64-bit codes (mach_exc.defs) */

/* arm64 codes for EXC_BAD_INSTRUCTION and EXC_BREAKPOINT (XNU <mach/arm/exception.h>). */
#define EXC_ARM_UNDEFINED  1
#define EXC_ARM_BREAKPOINT 1
#define EXC_ARM_DA_ALIGN   0x101
#define EXC_ARM_SP_ALIGN   0x103

/* arm64 codes for EXC_ARITHMETIC: a trapped floating-point exception. */
#define EXC_ARM_FP_UNDEFINED 0
#define EXC_ARM_FP_IO        1 /* invalid operation */
#define EXC_ARM_FP_DZ        2 /* divide by zero */
#define EXC_ARM_FP_OF        3 /* overflow */
#define EXC_ARM_FP_UF        4 /* underflow */
#define EXC_ARM_FP_IX        5 /* inexact */
#define EXC_ARM_FP_ID        6 /* input denormal */

#endif
