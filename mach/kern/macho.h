/*
 * Mach-O executables as the kernel loads them. The kernel starts the bootstrap
 * task from a Mach-O file on the boot volume with no dyld: it maps the
 * segments at their link addresses (no slide, so rebase information is moot),
 * ignores LC_LOAD_DYLINKER and jumps to the entry point on a stack it builds.
 * macho_parse checks an image held in memory and turns it into that load plan.
 * dyld (userland/dyld) shares the checks: macho_parse_loadable also takes
 * dylibs, and macho_command_next walks the commands of an accepted image.
 *
 * Pure logic: no allocation, no locks, no kernel services; any caller, any
 * context. Every read stays inside [image, image + size), and the work done is
 * bounded by size whatever the image claims. The image is little-endian and
 * may sit at any alignment.
 */
#ifndef KERN_MACHO_H
#define KERN_MACHO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Segments must start on this boundary: the kernel maps 4 KiB pages. */
#define MACHO_PAGE_SIZE 4096

/* Segment table capacity; lld's executables have 2 to 5 besides __PAGEZERO. */
#define MACHO_MAX_SEGMENTS 16

/* The width of a segment name in a load command. */
#define MACHO_SEGNAME_MAX 16

/* Room for the dynamic linker path, with its NUL. */
#define MACHO_DYLINKER_MAX 128

/* Segment protections, as Mach's VM_PROT_* bits. */
#define MACHO_PROT_READ    1u
#define MACHO_PROT_WRITE   2u
#define MACHO_PROT_EXECUTE 4u

/* macho_image.error_cmd when the error is not about one load command. */
#define MACHO_NO_CMD UINT32_MAX

enum macho_error {
	MACHO_OK = 0,
	MACHO_E_TRUNCATED,         /* shorter than a mach_header_64 */
	MACHO_E_MAGIC,             /* not 0xfeedfacf: 32-bit, fat, big-endian or not Mach-O */
	MACHO_E_CPU,               /* not CPU_TYPE_ARM64, or arm64e */
	MACHO_E_FILETYPE,          /* not MH_EXECUTE (macho_parse_loadable: nor MH_DYLIB) */
	MACHO_E_CMDS_SIZE,         /* sizeofcmds runs past the end of the image */
	MACHO_E_NCMDS,             /* ncmds cannot fit in sizeofcmds */
	MACHO_E_CMD_SIZE,          /* cmdsize < 8, not a multiple of 8, or past sizeofcmds */
	MACHO_E_CMDS_SLACK,        /* the commands do not fill sizeofcmds exactly */
	MACHO_E_CMD_SHORT,         /* cmdsize smaller than the command's structure */
	MACHO_E_CMD_UNKNOWN,       /* unknown command marked LC_REQ_DYLD */
	MACHO_E_CMD_DUPLICATE,     /* a command that may appear once appears twice */
	MACHO_E_SEGMENT_32,        /* LC_SEGMENT (32-bit) in a 64-bit image */
	MACHO_E_SECTIONS,          /* nsects does not match cmdsize */
	MACHO_E_SECTION_RANGE,     /* a section lies outside its segment */
	MACHO_E_SEGMENT_FILE,      /* fileoff + filesize outside the image */
	MACHO_E_SEGMENT_FILESIZE,  /* filesize > vmsize */
	MACHO_E_SEGMENT_WRAPS,     /* vmaddr + vmsize (page-rounded) wraps */
	MACHO_E_SEGMENT_ALIGN,     /* vmaddr not MACHO_PAGE_SIZE aligned */
	MACHO_E_SEGMENT_OVERLAP,   /* two segments share a page */
	MACHO_E_SEGMENT_PROT,      /* unknown protection bits, or initprot beyond maxprot */
	MACHO_E_SEGMENT_WX,        /* initprot both writable and executable */
	MACHO_E_SEGMENT_DUPLICATE, /* two segments with one name */
	MACHO_E_SEGMENT_MANY,      /* more than MACHO_MAX_SEGMENTS */
	MACHO_E_PAGEZERO,          /* __PAGEZERO not a file-less, no-access range at 0 */
	MACHO_E_NO_TEXT,           /* no __TEXT segment */
	MACHO_E_NO_ENTRY,          /* neither LC_MAIN nor LC_UNIXTHREAD */
	MACHO_E_TWO_ENTRIES,       /* both LC_MAIN and LC_UNIXTHREAD */
	MACHO_E_THREAD_STATE,      /* LC_UNIXTHREAD malformed or without ARM_THREAD_STATE64 */
	MACHO_E_ENTRY,             /* entry not in an executable segment's file bytes */
	MACHO_E_ENTRY_ALIGN,       /* entry not 4-byte aligned */
	MACHO_E_STRING,            /* a path's offset is out of its command, or no NUL */
	MACHO_E_DYLINKER_LONG,     /* dylinker path longer than MACHO_DYLINKER_MAX - 1 */
	MACHO_E_LINKEDIT_RANGE,    /* dyld info or chained fixups outside the image */
	MACHO_E_CHAINED_FIXUPS,    /* chained fixups header or starts malformed */
	MACHO_E_DYLIB_ENTRY,       /* a dylib with LC_MAIN or LC_UNIXTHREAD */
};

/* mach_header_64.filetype values macho_parse_loadable accepts. */
#define MACHO_FILETYPE_EXECUTE 2u
#define MACHO_FILETYPE_DYLIB   6u

/* One segment to map. __PAGEZERO is not one: see macho_image.pagezero_size. */
struct macho_segment {
	char name[MACHO_SEGNAME_MAX + 1]; /* segname, NUL-terminated */
	uint64_t vmaddr;                  /* link address, MACHO_PAGE_SIZE aligned */
	uint64_t vmsize;                  /* bytes of address space, >= filesize */
	uint64_t fileoff;                 /* first byte in the image */
	uint64_t filesize;                /* bytes from the image; fileoff + filesize <= size */
	uint32_t initprot;                /* MACHO_PROT_* at load; never WRITE with EXECUTE */
	uint32_t maxprot;                 /* MACHO_PROT_* ceiling, including initprot */
	uint32_t index;                   /* among LC_SEGMENT_64 commands, __PAGEZERO counted */
};

/*
 * The load plan. Segments' page-rounded ranges [vmaddr, vmaddr + vmsize rounded
 * up) never overlap each other or [0, pagezero_size). Addresses are checked not
 * to wrap, not against any address-space size: the kernel checks vm_end against
 * its own user limit.
 *
 * needs_dylinker is set by anything that imports: LC_LOAD_DYLIB and its
 * variants (weak, reexport, lazy, upward), bind, weak-bind or lazy-bind
 * opcodes in LC_DYLD_INFO(_ONLY), chained-fixup imports, and undefined symbols
 * or external relocations in LC_DYSYMTAB.
 */
struct macho_image {
	uint32_t filetype;                                 /* MACHO_FILETYPE_* */
	struct macho_segment segments[MACHO_MAX_SEGMENTS]; /* load-command order */
	unsigned nsegments;
	uint64_t pagezero_size;            /* page-rounded __PAGEZERO size, 0 if none */
	uint64_t vm_start;                 /* lowest segment address */
	uint64_t vm_end;                   /* end of the highest segment, page-rounded */
	uint64_t entry;                    /* first instruction, inside an executable segment;
	                                      0 in a dylib */
	bool has_main;                     /* entry is __TEXT vmaddr + LC_MAIN entryoff */
	bool has_unixthread;               /* entry is LC_UNIXTHREAD's pc */
	uint64_t stack_size;               /* LC_MAIN stacksize, unchecked; 0: loader's choice */
	bool needs_dylinker;               /* imports symbols, so only dyld can start it */
	bool chained_pointers;             /* chained fixups encode pointers in the data */
	char dylinker[MACHO_DYLINKER_MAX]; /* LC_LOAD_DYLINKER path, "" if none */
	uint32_t error_cmd;                /* on error, the offending command's index */
};

/*
 * Checks image[0..size) and fills *out. On error, *out holds nothing useful
 * except error_cmd (the index of the load command at fault, or MACHO_NO_CMD).
 * Success does not mean the kernel can start the image: see
 * macho_self_contained.
 */
enum macho_error macho_parse(const void *image, size_t size, struct macho_image *out);

/*
 * As macho_parse, but an MH_DYLIB is accepted too (with no entry point; one is
 * an error). For dyld, which loads both.
 */
enum macho_error macho_parse_loadable(const void *image, size_t size, struct macho_image *out);

/* One load command of an image macho_parse or macho_parse_loadable accepted. */
struct macho_command {
	const uint8_t *data; /* the command, cmdsize bytes inside the image */
	uint32_t type;       /* cmd */
	uint32_t size;       /* cmdsize: >= 8, a multiple of 8 */
	uint32_t index;      /* position among the commands */
};

/*
 * Steps through the load commands of an accepted image, in order: start with
 * cmd->data = NULL; each call moves *cmd to the next command and returns true,
 * or returns false after the last. The command's fields beyond type and size
 * are the caller's to check against size.
 */
bool macho_command_next(const void *image, struct macho_command *cmd);

/*
 * Checks the lc_str at cmd + 8 (an offset from the command's start): past the
 * command's fixed part of fixed bytes, inside its cmdsize, NUL-terminated
 * there. Sets *str and *len (without the NUL), or returns MACHO_E_STRING.
 */
enum macho_error macho_command_string(const uint8_t *cmd, uint32_t cmdsize, uint32_t fixed,
                                      const char **str, size_t *len);

/* Little-endian fields at any alignment, read byte by byte. */
static inline uint16_t macho_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t macho_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t macho_le64(const uint8_t *p)
{
	return (uint64_t)macho_le32(p) | (uint64_t)macho_le32(p + 4) << 32;
}

/*
 * True if the kernel can start the image by mapping it and jumping: nothing to
 * import, and no chained fixups (they encode even plain pointers, so the data
 * is wrong until they are applied, slide or no slide).
 */
bool macho_self_contained(const struct macho_image *img);

/* A sentence describing err, for logs and panics. */
const char *macho_strerror(enum macho_error err);

/* The segment called name, or NULL. */
const struct macho_segment *macho_find_segment(const struct macho_image *img, const char *name);

/*
 * How one segment is loaded: map [map_start, map_start + map_size) with prot,
 * copy copy_size bytes from src to map_start, zero the zero_size bytes from
 * zero_start to the end of the mapping.
 */
struct macho_load_step {
	uint64_t map_start;  /* vmaddr */
	uint64_t map_size;   /* vmsize rounded up to MACHO_PAGE_SIZE */
	const uint8_t *src;  /* image + fileoff */
	uint64_t copy_size;  /* filesize */
	uint64_t zero_start; /* map_start + copy_size */
	uint64_t zero_size;  /* map_size - copy_size */
	uint32_t prot;       /* initprot */
};

/* Fills *step for seg, a segment of the plan macho_parse made from image. */
void macho_plan_segment(const void *image, const struct macho_segment *seg,
                        struct macho_load_step *step);

#endif
