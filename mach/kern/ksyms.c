#include "kern/ksyms.h"

#include <stddef.h>

#include "arch/arm64/vm_layout.h"

extern const uint64_t ksyms_count;
extern const struct ksym ksyms_table[];
extern const char ksyms_names[];

const char *ksyms_lookup(uint64_t addr, uint64_t *offset)
{
	size_t lo = 0, hi = ksyms_count;

	if (addr < (uint64_t)_kernel_start || addr >= (uint64_t)_etext || hi == 0)
		return NULL;
	/* Find the last symbol whose address is <= addr. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ksyms_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (ksyms_table[lo].addr > addr)
		return NULL;
	*offset = addr - ksyms_table[lo].addr;
	return &ksyms_names[ksyms_table[lo].name_offset];
}
