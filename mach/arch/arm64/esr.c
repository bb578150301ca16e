/*
 * ESR decoding. Class and fault status values are from the Arm Architecture
 * Reference Manual (ESR_EL1, "Exception Class" and "DFSC"/"IFSC").
 */
#include "arch/arm64/esr.h"

#include "libkern/format.h"

const char *esr_class_name(uint32_t ec)
{
	switch (ec) {
	case 0x00: return "unknown reason (undefined instruction)";
	case 0x01: return "WFI/WFE trapped";
	case 0x07: return "SIMD/FP access trapped";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC from AArch64";
	case 0x16: return "HVC from AArch64";
	case 0x17: return "SMC from AArch64";
	case 0x18: return "MSR/MRS/system instruction trapped";
	case 0x20: return "instruction abort, lower EL";
	case 0x21: return "instruction abort, same EL";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort, lower EL";
	case 0x25: return "data abort, same EL";
	case 0x26: return "SP alignment fault";
	case 0x2c: return "floating-point exception";
	case 0x2f: return "SError interrupt";
	case 0x30: return "breakpoint, lower EL";
	case 0x31: return "breakpoint, same EL";
	case 0x32: return "software step, lower EL";
	case 0x33: return "software step, same EL";
	case 0x34: return "watchpoint, lower EL";
	case 0x35: return "watchpoint, same EL";
	case 0x3c: return "BRK instruction";
	default: return "reserved exception class";
	}
}

const char *esr_fault_name(uint32_t fsc)
{
	static const char *const levelled[4][4] = {
	    {"address size fault, level 0", "address size fault, level 1",
	     "address size fault, level 2", "address size fault, level 3"},
	    {"translation fault, level 0", "translation fault, level 1",
	     "translation fault, level 2", "translation fault, level 3"},
	    {"access flag fault, level 0", "access flag fault, level 1",
	     "access flag fault, level 2", "access flag fault, level 3"},
	    {"permission fault, level 0", "permission fault, level 1", "permission fault, level 2",
	     "permission fault, level 3"},
	};

	if (fsc < 0x10)
		return levelled[fsc >> 2][fsc & 3];
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x11: return "synchronous tag check fault";
	case 0x14:
	case 0x15:
	case 0x16:
	case 0x17: return "synchronous external abort on table walk";
	case 0x18: return "synchronous parity/ECC error";
	case 0x21: return "alignment fault";
	case 0x30: return "TLB conflict abort";
	case 0x31: return "unsupported atomic hardware update";
	default: return "reserved fault status";
	}
}

int esr_describe(uint64_t esr, char *buf, size_t size)
{
	uint32_t ec = ESR_EC(esr);
	uint32_t iss = ESR_ISS(esr);

	switch (ec) {
	case ESR_EC_DABT_LOWER:
	case ESR_EC_DABT_SAME:
		return format_snprintf(buf, size, "%s: %s (%s)", esr_class_name(ec),
		                       esr_fault_name(iss & 0x3f),
		                       (iss & (1u << 6)) ? "write" : "read");
	case ESR_EC_IABT_LOWER:
	case ESR_EC_IABT_SAME:
		return format_snprintf(buf, size, "%s: %s", esr_class_name(ec),
		                       esr_fault_name(iss & 0x3f));
	case ESR_EC_SVC64:
	case ESR_EC_BRK64:
		return format_snprintf(buf, size, "%s #0x%x", esr_class_name(ec), iss & 0xffff);
	default: return format_snprintf(buf, size, "%s (ISS 0x%x)", esr_class_name(ec), iss);
	}
}

int esr_fp_exception_code(uint32_t iss)
{
	/* ISS bits IOF 0, DZF 1, OFF 2, UFF 3, IXF 4, IDF 7; codes EXC_ARM_FP_IO (1) .. _ID (6). */
	static const struct {
		uint32_t bit;
		int code;
	} flags[] = {{1u << 0, 1}, {1u << 1, 2}, {1u << 2, 3},
	             {1u << 3, 4}, {1u << 4, 5}, {1u << 7, 6}};

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (iss & flags[i].bit)
			return flags[i].code;
	return 0;
}
