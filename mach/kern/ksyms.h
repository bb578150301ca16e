/*
 * The kernel's own symbol table, embedded by the second link pass
 * (toolchain/kernel_link.sh), for symbolized backtraces.
 */
#ifndef KERN_KSYMS_H
#define KERN_KSYMS_H

#include <stdint.h>

/* One text symbol; the table is sorted by address. Layout fixed by kernel_link.sh. */
struct ksym {
	uint64_t addr;        /* symbol's virtual address */
	uint64_t name_offset; /* offset of its NUL-terminated name in ksyms_names */
};

/*
 * The symbol containing `addr`, or NULL if `addr` is outside the kernel's text;
 * *offset receives addr minus the symbol's start.
 */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);

#endif
