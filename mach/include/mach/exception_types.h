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

/* arm64 codes for EXC_BAD_INSTRUCTION and EXC_BREAKPOINT (XNU <mach/arm/exception.h>). */
#define EXC_ARM_UNDEFINED  1
#define EXC_ARM_BREAKPOINT 1
#define EXC_ARM_DA_ALIGN   0x101
#define EXC_ARM_SP_ALIGN   0x103

#endif
