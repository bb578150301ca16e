/*
 * An image as dyld sees it: a main executable (MH_EXECUTE) or a dylib
 * (MH_DYLIB) held in memory as its file's bytes. dyld_image_parse runs the
 * kernel's checks (mach/kern/macho.h: header, commands, segments, entry) and
 * then reads what only dyld needs: dependent dylibs and their ordinals, the
 * install name, the fixup tables (dyld-info opcodes or chained fixups), the
 * exports trie, the symbol tables, initializers and thread-local sections.
 *
 * Pure: no allocation, no OS calls. Every table is checked to lie inside the
 * file and every count against its table, so later walkers only need to
 * bound their own steps. Pointers in struct dyld_image point into the file,
 * which must outlive it.
 */
#ifndef DYLD_IMAGE_H
#define DYLD_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "kern/macho.h"

/* Dependent dylibs an image may name; ordinals run 1..ndylibs. */
#define DYLD_MAX_DYLIBS 64

/* Segment commands, __PAGEZERO included: fixups index segments this way. */
#define DYLD_MAX_SEGMENTS (MACHO_MAX_SEGMENTS + 1)

/* seg_slot of __PAGEZERO, which the kernel's table leaves out. */
#define DYLD_NO_SEGMENT 0xffu

/* Initializer, terminator and thread-local sections kept per image. */
#define DYLD_MAX_SECTIONS 16

/* Special library ordinals in binds (<mach-o/loader.h> BIND_SPECIAL_DYLIB_*). */
#define DYLD_ORDINAL_SELF        0
#define DYLD_ORDINAL_MAIN        (-1)
#define DYLD_ORDINAL_FLAT_LOOKUP (-2)
#define DYLD_ORDINAL_WEAK_LOOKUP (-3)

/* Section types (section_64.flags & 0xff) dyld acts on. */
#define DYLD_S_ZEROFILL          0x01u
#define DYLD_S_MOD_INIT_FUNC     0x09u /* __mod_init_func: 8-byte function pointers */
#define DYLD_S_MOD_TERM_FUNC     0x0au /* __mod_term_func: 8-byte function pointers */
#define DYLD_S_THREAD_LOCAL_DATA 0x11u /* __thread_data: initial values */
#define DYLD_S_THREAD_LOCAL_BSS  0x12u /* __thread_bss: zero-filled */
#define DYLD_S_THREAD_LOCAL_VARS 0x13u /* __thread_vars: 24-byte descriptors */
#define DYLD_S_INIT_OFFSETS      0x16u /* __init_offsets: 4-byte offsets from the base */

/* How a dependent dylib is named by its load command. */
enum dyld_dylib_kind {
	DYLD_DYLIB_NORMAL,   /* LC_LOAD_DYLIB */
	DYLD_DYLIB_WEAK,     /* LC_LOAD_WEAK_DYLIB: may be missing */
	DYLD_DYLIB_REEXPORT, /* LC_REEXPORT_DYLIB: its exports are this image's */
	DYLD_DYLIB_UPWARD,   /* LC_LOAD_UPWARD_DYLIB */
	DYLD_DYLIB_LAZY,     /* LC_LAZY_LOAD_DYLIB */
};

struct dyld_dylib {
	const char *path; /* install name, NUL-terminated inside the command */
	enum dyld_dylib_kind kind;
	uint32_t current_version;
	uint32_t compatibility_version;
};

/* A table in the file: [off, off + size) lies inside it; size 0 if absent. */
struct dyld_range {
	uint32_t off;
	uint32_t size;
};

/* A section dyld acts on; its bytes are checked to lie in its segment. */
struct dyld_section {
	char segname[MACHO_SEGNAME_MAX + 1];
	char sectname[MACHO_SEGNAME_MAX + 1];
	uint32_t type;    /* DYLD_S_* */
	uint64_t addr;    /* unslid address */
	uint64_t size;    /* bytes; a whole number of entries for pointer and offset sections */
	unsigned segment; /* segment command index */
};

struct dyld_image {
	const uint8_t *file;
	size_t file_size;
	struct macho_image macho; /* the kernel's view */
	/* By segment command index: its place in macho.segments, or DYLD_NO_SEGMENT. */
	uint8_t seg_slot[DYLD_MAX_SEGMENTS];
	unsigned nsegs;           /* segment commands */
	uint64_t base;            /* unslid address of the mach header (__TEXT's vmaddr) */
	const char *install_name; /* LC_ID_DYLIB, NULL if none */
	struct dyld_dylib dylibs[DYLD_MAX_DYLIBS]; /* dylibs[i] has ordinal i + 1 */
	unsigned ndylibs;
	bool has_dyld_info;       /* LC_DYLD_INFO or LC_DYLD_INFO_ONLY */
	struct dyld_range rebase; /* opcode streams from LC_DYLD_INFO(_ONLY) */
	struct dyld_range bind;
	struct dyld_range weak_bind;
	struct dyld_range lazy_bind;
	struct dyld_range exports; /* LC_DYLD_INFO's or LC_DYLD_EXPORTS_TRIE's trie */
	struct dyld_range chained; /* LC_DYLD_CHAINED_FIXUPS data, size 0 if none */
	struct dyld_range symbols; /* LC_SYMTAB nlist_64 entries */
	uint32_t nsymbols;
	struct dyld_range strings; /* LC_SYMTAB string table */
	uint32_t iextdefsym;       /* LC_DYSYMTAB: exported symbols are */
	uint32_t nextdefsym;       /*   symbols[iextdefsym..+nextdefsym) */
	uint32_t iundefsym;        /* imported symbols likewise */
	uint32_t nundefsym;
	struct dyld_range indirect; /* LC_DYSYMTAB indirect symbol table (4-byte entries) */
	struct dyld_section sections[DYLD_MAX_SECTIONS]; /* DYLD_S_* sections, command order */
	unsigned nsections;
	uint32_t error_cmd;           /* on error, the offending command, or MACHO_NO_CMD */
	enum macho_error macho_error; /* with DYLD_E_MACHO, what macho_parse_loadable said */
};

/* Checks file[0..size) and fills *img. On error only error_cmd and macho_error hold. */
enum dyld_error dyld_image_parse(const void *file, size_t size, struct dyld_image *img);

/*
 * The segment with command index seg if it is mapped (not __PAGEZERO), else
 * NULL. A fixup's (segment, offset) lands in it.
 */
const struct macho_segment *dyld_image_segment(const struct dyld_image *img, uint64_t seg);

/*
 * Checks that [offset, offset + 8) of segment seg may hold a fixup: a mapped,
 * writable segment, inside its file data.
 */
enum dyld_error dyld_image_check_fixup(const struct dyld_image *img, uint64_t seg, uint64_t offset);

/* True if ordinal names a dylib of the image or is one of DYLD_ORDINAL_*. */
bool dyld_image_ordinal_ok(const struct dyld_image *img, int64_t ordinal);

#endif
