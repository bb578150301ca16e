/*
 * A hand-built executable with chained fixups, for what ld64.lld cannot
 * emit: pointer format 6, multi-start pages, every import format, high8.
 *
 * Layout: __PAGEZERO, __TEXT at SYNTH_BASE (one 16 KiB page, the entry at
 * SYNTH_ENTRY), __DATA (two pages) at SYNTH_DATA, __LINKEDIT with the
 * chained fixups; LC_LOAD_DYLIB /usr/lib/libfix.dylib and LC_MAIN.
 *
 * __DATA page 0 has two chains (a multi-start page): at 0x0, a rebase to
 * SYNTH_BASE + 0x1000 with high8 0x12, then at 0x8 a bind of import 0
 * (_first, ordinal 1) with inline addend 5; at 0x100, a bind of import 1
 * (_second, weak, flat lookup). Page 1 has one chain at 0x10: a rebase to
 * SYNTH_DATA + 0x8. Imports 0 and 1 carry addends 0 and SYNTH_ADDEND
 * where the import format has room (_ADDEND: 32-bit; _ADDEND64).
 */
#ifndef TESTS_HOST_DYLD_SYNTH_H
#define TESTS_HOST_DYLD_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#define SYNTH_BASE     0x100000000ull
#define SYNTH_DATA     (SYNTH_BASE + 0x4000)
#define SYNTH_PAGE     0x4000u
#define SYNTH_ENTRY    (SYNTH_BASE + 0x1000)
#define SYNTH_ADDEND   0x7654321ll
#define SYNTH_LINKEDIT 0xc000u /* file offset of the chained fixups */
#define SYNTH_DATA_OFF 0x4000u /* file offset of __DATA */

/* Offsets inside the chained fixups table, for tests that damage it. */
#define SYNTH_STARTS     32u                  /* dyld_chained_starts_in_image */
#define SYNTH_SEG_STARTS (SYNTH_STARTS + 20u) /* __DATA's starts in segment */
#define SYNTH_PAGE_START (SYNTH_SEG_STARTS + 22u)

struct synth {
	uint8_t *file; /* malloc'd, exactly size bytes */
	size_t size;
};

/* Builds the image with pointer_format 2 or 6 and import format 1, 2 or 3. */
void synth_build(struct synth *s, unsigned pointer_format, unsigned import_format);

/* The raw 64-bit chain entry at offset in __DATA, to read or damage. */
uint64_t synth_get(const struct synth *s, uint32_t offset);
void synth_set(struct synth *s, uint32_t offset, uint64_t value);

#endif
