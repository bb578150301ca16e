/*
 * Decoding of the Exception Syndrome Register (ESR_ELx) into words, for panic
 * reports and, later, for turning user faults into Mach exceptions. Pure logic.
 */
#ifndef ARCH_ARM64_ESR_H
#define ARCH_ARM64_ESR_H

#include <stddef.h>
#include <stdint.h>

#define ESR_EC(esr)  (((esr) >> 26) & 0x3f)
#define ESR_IL       (1UL << 25)
#define ESR_ISS(esr) ((esr)&0x1ffffff)

/* Exception classes the kernel treats specially. */
#define ESR_EC_UNKNOWN    0x00
#define ESR_EC_FP_ACCESS  0x07
#define ESR_EC_SVC64      0x15
#define ESR_EC_IABT_LOWER 0x20
#define ESR_EC_IABT_SAME  0x21
#define ESR_EC_PC_ALIGN   0x22
#define ESR_EC_DABT_LOWER 0x24
#define ESR_EC_DABT_SAME  0x25
#define ESR_EC_SP_ALIGN   0x26
#define ESR_EC_BRK64      0x3c
#define ESR_EC_FP_EXC64   0x2c /* trapped floating-point exception, AArch64 */

/*
 * XNU's EXC_ARITHMETIC code (EXC_ARM_FP_*, 0 when none says) for a trapped
 * floating-point exception with syndrome `iss`: the first flag set of
 * invalid operation, divide by zero, overflow, underflow, inexact and input
 * denormal, as XNU checks them.
 */
int esr_fp_exception_code(uint32_t iss);

/* Short name of an exception class ("data abort, same EL"); never NULL. */
const char *esr_class_name(uint32_t ec);

/* Name of an abort's fault status code (DFSC/IFSC), e.g. "translation fault, level 0". */
const char *esr_fault_name(uint32_t fsc);

/*
 * Writes a one-line description of `esr` into buf (always terminated when
 * size > 0), e.g. "data abort, same EL: translation fault, level 0 (read)".
 * Returns the length it wanted to write, like snprintf.
 */
int esr_describe(uint64_t esr, char *buf, size_t size);

#endif
