/*
 * A fixup: one pointer in a writable segment that dyld must set. Both fixup
 * formats (dyld-info opcodes, opcodes.h; chained fixups, chained.h) turn
 * their tables into a stream of these, handed one at a time to a callback,
 * so applying them (apply.h) does not care which format the image used.
 */
#ifndef DYLD_FIXUP_H
#define DYLD_FIXUP_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

enum dyld_fixup_kind {
	DYLD_FIXUP_REBASE,    /* the pointer is target, moved by the image's slide */
	DYLD_FIXUP_BIND,      /* the pointer is a symbol's address + addend */
	DYLD_FIXUP_LAZY_BIND, /* a bind the program may defer until the first call */
	DYLD_FIXUP_WEAK_BIND, /* a weak definition's uses, redirected to the chosen one */
};

struct dyld_fixup {
	enum dyld_fixup_kind kind;
	unsigned segment; /* segment command index; checked mapped and writable */
	uint64_t offset;  /* from the segment's vmaddr; the 8 bytes lie in its file data */
	uint64_t address; /* unslid address of the pointer */
	/* Rebases. */
	uint64_t target; /* unslid address the pointer holds, before high8 */
	uint8_t high8;   /* top byte to put back after sliding (chained formats) */
	/* Binds. */
	const char *symbol; /* name, inside the image's tables */
	int64_t ordinal;    /* 1..ndylibs, or DYLD_ORDINAL_* */
	int64_t addend;
	bool weak_import;     /* the symbol may be missing: then the pointer is 0 */
	bool strong_def;      /* weak binds: this image has a non-weak definition */
	uint32_t lazy_offset; /* lazy binds: offset of the record in the lazy-bind stream */
};

/* Receives each fixup in table order; anything but DYLD_OK stops the walk with it. */
typedef enum dyld_error (*dyld_fixup_fn)(void *ctx, const struct dyld_fixup *fx);

#endif
