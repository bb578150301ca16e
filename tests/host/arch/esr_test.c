/*
 * ESR decoding against syndromes seen on QEMU (cortex-a72) and values built
 * from the Arm ARM's field layout.
 */
#include <string.h>

#include "arch/arm64/esr.h"
#include "host/check.h"

static void expect(uint64_t esr, const char *want)
{
	char buf[160];
	int n = esr_describe(esr, buf, sizeof(buf));

	if (strcmp(buf, want) != 0 || n != (int)strlen(want)) {
		fprintf(stderr, "esr 0x%llx: got \"%s\" (%d), want \"%s\"\n",
		        (unsigned long long)esr, buf, n, want);
		abort();
	}
}

int main(void)
{
	/* Null read at EL1: EC 0x25, IL, DFSC 0b000100. */
	expect(0x96000004, "data abort, same EL: translation fault, level 0 (read)");
	/* Write (WnR, bit 6) hitting a read-only page at level 3: DFSC 0b001111. */
	expect(0x9600004f, "data abort, same EL: permission fault, level 3 (write)");
	expect(0x92000021, "data abort, lower EL: alignment fault (read)");
	expect(0x86000006, "instruction abort, same EL: translation fault, level 2");
	expect(0x82000010, "instruction abort, lower EL: synchronous external abort");
	expect(0x02000000, "unknown reason (undefined instruction) (ISS 0x0)");
	expect(0xf2000001, "BRK instruction #0x1");
	expect(0x56000080, "SVC from AArch64 #0x80");
	expect(0x8a000000, "PC alignment fault (ISS 0x0)");
	expect(0xfc000000, "reserved exception class (ISS 0x0)");

	CHECK(strcmp(esr_fault_name(0x0b), "access flag fault, level 3") == 0);
	CHECK(strcmp(esr_fault_name(0x15), "synchronous external abort on table walk") == 0);
	CHECK(strcmp(esr_fault_name(0x3f), "reserved fault status") == 0);

	/* Trapped FP exceptions: the first flag in XNU's order gives the EXC_ARM_FP_* code. */
	CHECK(esr_fp_exception_code(0) == 0);
	CHECK(esr_fp_exception_code(1u << 0) == 1); /* invalid operation */
	CHECK(esr_fp_exception_code(1u << 1) == 2); /* divide by zero */
	CHECK(esr_fp_exception_code(1u << 2) == 3); /* overflow */
	CHECK(esr_fp_exception_code(1u << 3) == 4); /* underflow */
	CHECK(esr_fp_exception_code(1u << 4) == 5); /* inexact */
	CHECK(esr_fp_exception_code(1u << 7) == 6); /* input denormal */
	CHECK(esr_fp_exception_code((1u << 4) | (1u << 1)) ==
	      2); /* divide by zero before inexact */
	CHECK(esr_fp_exception_code((1u << 23) | (0xf << 8)) == 0); /* TFV, VECITR alone */

	/* Truncation behaves like snprintf. */
	char small[8];
	int n = esr_describe(0x96000004, small, sizeof(small));
	CHECK(n == (int)strlen("data abort, same EL: translation fault, level 0 (read)"));
	CHECK(strcmp(small, "data ab") == 0);
	return 0;
}
