/*
 * The Mach-O load-plan parser. Layouts and numbers are those of XNU's
 * <mach-o/loader.h>, <mach/machine.h> and dyld's <mach-o/fixup-chains.h>;
 * fields are read byte by byte, so neither alignment nor host byte order
 * matters. Offsets are 64-bit and every sum is checked before it is used.
 */
#include "kern/macho.h"

#include <string.h>

#define MH_MAGIC_64           0xfeedfacfu
#define CPU_TYPE_ARM64        0x0100000cu
#define CPU_SUBTYPE_MASK      0xff000000u /* capability bits, not the subtype */
#define CPU_SUBTYPE_ARM64_ALL 0u
#define CPU_SUBTYPE_ARM64_V8  1u
#define HEADER_SIZE           32u /* struct mach_header_64 */

#define LC_REQ_DYLD            0x80000000u
#define LC_SEGMENT             0x1u
#define LC_UNIXTHREAD          0x5u
#define LC_DYSYMTAB            0xbu
#define LC_LOAD_DYLIB          0xcu
#define LC_LOAD_DYLINKER       0xeu
#define LC_LOAD_WEAK_DYLIB     (0x18u | LC_REQ_DYLD)
#define LC_SEGMENT_64          0x19u
#define LC_RPATH               (0x1cu | LC_REQ_DYLD)
#define LC_REEXPORT_DYLIB      (0x1fu | LC_REQ_DYLD)
#define LC_LAZY_LOAD_DYLIB     0x20u
#define LC_DYLD_INFO           0x22u
#define LC_DYLD_INFO_ONLY      (0x22u | LC_REQ_DYLD)
#define LC_LOAD_UPWARD_DYLIB   (0x23u | LC_REQ_DYLD)
#define LC_MAIN                (0x28u | LC_REQ_DYLD)
#define LC_DYLD_EXPORTS_TRIE   (0x33u | LC_REQ_DYLD)
#define LC_DYLD_CHAINED_FIXUPS (0x34u | LC_REQ_DYLD)

/* Fixed parts of the commands, in bytes. */
#define SEGMENT_CMD_SIZE   72u /* segment_command_64 */
#define SECTION_SIZE       80u /* section_64 */
#define THREAD_CMD_SIZE    8u  /* thread_command before its flavors */
#define DYSYMTAB_CMD_SIZE  80u
#define DYLIB_CMD_SIZE     24u
#define DYLINKER_CMD_SIZE  12u
#define DYLD_INFO_CMD_SIZE 48u
#define MAIN_CMD_SIZE      24u /* entry_point_command */
#define LINKEDIT_CMD_SIZE  16u /* linkedit_data_command */

/* <mach/arm/thread_status.h>: x0-x28, fp, lr, sp, pc, cpsr, pad. */
#define ARM_THREAD_STATE64       6u
#define ARM_THREAD_STATE64_COUNT 68u /* in 32-bit words */
#define ARM_THREAD_STATE64_PC    256u

/* <mach-o/fixup-chains.h> */
#define CHAINED_HEADER_SIZE     28u /* dyld_chained_fixups_header */
#define CHAINED_SEG_STARTS_SIZE 22u /* dyld_chained_starts_in_segment before page_start[] */
#define CHAINED_PTR_START_NONE  0xffffu
#define CHAINED_IMPORT          1u
#define CHAINED_IMPORT_ADDEND   2u
#define CHAINED_IMPORT_ADDEND64 3u

#define PAGE_MASK ((uint64_t)MACHO_PAGE_SIZE - 1)

struct parser {
	const uint8_t *image;
	uint64_t size;
	struct macho_image *img;
	bool dylib_ok;     /* MH_DYLIB accepted too */
	unsigned nsegcmds; /* LC_SEGMENT_64 commands so far, __PAGEZERO included */
	bool seen_pagezero;
	bool seen_dylinker;
	bool seen_dyld_info;
	bool seen_dysymtab;
	uint32_t main_cmd; /* index of LC_MAIN, or MACHO_NO_CMD; likewise below */
	uint32_t thread_cmd;
	uint32_t chained_cmd;
	uint64_t entryoff; /* from LC_MAIN, relative to __TEXT */
	uint32_t chained_off;
	uint32_t chained_size;
};

static bool in_image(const struct parser *ps, uint64_t off, uint64_t len)
{
	return off <= ps->size && len <= ps->size - off;
}

/* The page-rounded end of [addr, addr + size), or false if it wraps. */
static bool page_end(uint64_t addr, uint64_t size, uint64_t *end)
{
	if (size > UINT64_MAX - PAGE_MASK)
		return false;
	size = (size + PAGE_MASK) & ~PAGE_MASK;
	if (size > UINT64_MAX - addr)
		return false;
	*end = addr + size;
	return true;
}

/* The end of a segment already in the table, whose page_end was checked. */
static uint64_t mapped_end(const struct macho_segment *seg)
{
	return seg->vmaddr + ((seg->vmsize + PAGE_MASK) & ~PAGE_MASK);
}

static bool overlaps(uint64_t a_start, uint64_t a_end, uint64_t b_start, uint64_t b_end)
{
	return a_start < b_end && b_start < a_end;
}

enum macho_error macho_command_string(const uint8_t *cmd, uint32_t cmdsize, uint32_t fixed,
                                      const char **str, size_t *len)
{
	uint32_t off = macho_le32(cmd + 8);
	const char *s;

	if (off < fixed || off >= cmdsize)
		return MACHO_E_STRING;
	s = (const char *)cmd + off;
	/* A bounded strlen; strnlen is POSIX, not C11. */
	for (size_t n = 0; n < cmdsize - off; n++) {
		if (s[n] == '\0') {
			*str = s;
			*len = n;
			return MACHO_OK;
		}
	}
	return MACHO_E_STRING;
}

static enum macho_error check_sections(const uint8_t *cmd, uint32_t nsects,
                                       const struct macho_segment *seg)
{
	for (uint32_t i = 0; i < nsects; i++) {
		const uint8_t *sect = cmd + SEGMENT_CMD_SIZE + (size_t)i * SECTION_SIZE;
		uint64_t addr = macho_le64(sect + 32);
		uint64_t size = macho_le64(sect + 40);

		if (addr < seg->vmaddr || size > seg->vmsize ||
		    addr - seg->vmaddr > seg->vmsize - size)
			return MACHO_E_SECTION_RANGE;
	}
	return MACHO_OK;
}

/* __PAGEZERO reserves [0, size) with no access; it is kept out of the table. */
static enum macho_error add_pagezero(struct parser *ps, const struct macho_segment *seg,
                                     uint64_t end)
{
	struct macho_image *img = ps->img;

	if (ps->seen_pagezero)
		return MACHO_E_SEGMENT_DUPLICATE;
	if (seg->vmaddr != 0 || seg->filesize != 0 || seg->initprot != 0 || seg->maxprot != 0)
		return MACHO_E_PAGEZERO;
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct macho_segment *other = &img->segments[i];

		if (overlaps(0, end, other->vmaddr, mapped_end(other)))
			return MACHO_E_SEGMENT_OVERLAP;
	}
	ps->seen_pagezero = true;
	img->pagezero_size = end;
	return MACHO_OK;
}

static enum macho_error parse_segment(struct parser *ps, const uint8_t *cmd, uint32_t cmdsize)
{
	struct macho_image *img = ps->img;
	struct macho_segment seg;
	uint32_t nsects;
	uint64_t end;
	enum macho_error err;

	if (cmdsize < SEGMENT_CMD_SIZE)
		return MACHO_E_CMD_SHORT;
	memset(&seg, 0, sizeof(seg));
	memcpy(seg.name, cmd + 8, MACHO_SEGNAME_MAX);
	seg.vmaddr = macho_le64(cmd + 24);
	seg.vmsize = macho_le64(cmd + 32);
	seg.fileoff = macho_le64(cmd + 40);
	seg.filesize = macho_le64(cmd + 48);
	seg.maxprot = macho_le32(cmd + 56);
	seg.initprot = macho_le32(cmd + 60);
	nsects = macho_le32(cmd + 64);

	if ((uint64_t)nsects * SECTION_SIZE != cmdsize - SEGMENT_CMD_SIZE)
		return MACHO_E_SECTIONS;
	if ((seg.maxprot | seg.initprot) &
	        ~(MACHO_PROT_READ | MACHO_PROT_WRITE | MACHO_PROT_EXECUTE) ||
	    (seg.initprot & ~seg.maxprot) != 0)
		return MACHO_E_SEGMENT_PROT;
	if ((seg.initprot & MACHO_PROT_WRITE) && (seg.initprot & MACHO_PROT_EXECUTE))
		return MACHO_E_SEGMENT_WX;
	if (seg.vmaddr & PAGE_MASK)
		return MACHO_E_SEGMENT_ALIGN;
	if (!page_end(seg.vmaddr, seg.vmsize, &end))
		return MACHO_E_SEGMENT_WRAPS;
	if (seg.filesize > seg.vmsize)
		return MACHO_E_SEGMENT_FILESIZE;
	if (!in_image(ps, seg.fileoff, seg.filesize))
		return MACHO_E_SEGMENT_FILE;
	err = check_sections(cmd, nsects, &seg);
	if (err != MACHO_OK)
		return err;
	seg.index = ps->nsegcmds++;

	if (strcmp(seg.name, "__PAGEZERO") == 0)
		return add_pagezero(ps, &seg, end);
	if (ps->seen_pagezero && overlaps(0, img->pagezero_size, seg.vmaddr, end))
		return MACHO_E_SEGMENT_OVERLAP;
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct macho_segment *other = &img->segments[i];

		if (strcmp(seg.name, other->name) == 0)
			return MACHO_E_SEGMENT_DUPLICATE;
		if (overlaps(seg.vmaddr, end, other->vmaddr, mapped_end(other)))
			return MACHO_E_SEGMENT_OVERLAP;
	}
	if (img->nsegments == MACHO_MAX_SEGMENTS)
		return MACHO_E_SEGMENT_MANY;

	img->segments[img->nsegments++] = seg;
	if (seg.vmsize != 0) {
		if (seg.vmaddr < img->vm_start)
			img->vm_start = seg.vmaddr;
		if (end > img->vm_end)
			img->vm_end = end;
	}
	return MACHO_OK;
}

/*
 * A thread_command is a list of (flavor, count, count words of state); only
 * ARM_THREAD_STATE64 matters here, and only its pc.
 */
static enum macho_error parse_unixthread(struct parser *ps, const uint8_t *cmd, uint32_t cmdsize,
                                         uint32_t index)
{
	uint32_t off = THREAD_CMD_SIZE;
	bool found = false;

	if (ps->thread_cmd != MACHO_NO_CMD)
		return MACHO_E_CMD_DUPLICATE;
	ps->thread_cmd = index;

	while (off < cmdsize) {
		uint32_t flavor, count;

		if (cmdsize - off < 8)
			return MACHO_E_THREAD_STATE;
		flavor = macho_le32(cmd + off);
		count = macho_le32(cmd + off + 4);
		off += 8;
		if (count > (cmdsize - off) / 4)
			return MACHO_E_THREAD_STATE;
		if (flavor == ARM_THREAD_STATE64) {
			if (found || count != ARM_THREAD_STATE64_COUNT)
				return MACHO_E_THREAD_STATE;
			ps->img->entry = macho_le64(cmd + off + ARM_THREAD_STATE64_PC);
			found = true;
		}
		off += count * 4;
	}
	return found ? MACHO_OK : MACHO_E_THREAD_STATE;
}

static enum macho_error parse_dylinker(struct parser *ps, const uint8_t *cmd, uint32_t cmdsize)
{
	const char *path;
	size_t len;
	enum macho_error err;

	if (cmdsize < DYLINKER_CMD_SIZE)
		return MACHO_E_CMD_SHORT;
	if (ps->seen_dylinker)
		return MACHO_E_CMD_DUPLICATE;
	err = macho_command_string(cmd, cmdsize, DYLINKER_CMD_SIZE, &path, &len);
	if (err != MACHO_OK)
		return err;
	if (len >= MACHO_DYLINKER_MAX)
		return MACHO_E_DYLINKER_LONG;
	memcpy(ps->img->dylinker, path, len + 1);
	ps->seen_dylinker = true;
	return MACHO_OK;
}

static enum macho_error parse_dylib(struct parser *ps, const uint8_t *cmd, uint32_t cmdsize)
{
	const char *path;
	size_t len;

	if (cmdsize < DYLIB_CMD_SIZE)
		return MACHO_E_CMD_SHORT;
	ps->img->needs_dylinker = true;
	return macho_command_string(cmd, cmdsize, DYLIB_CMD_SIZE, &path, &len);
}

/* Rebase and export information is moot without a slide or a dyld; binds are imports. */
static enum macho_error parse_dyld_info(struct parser *ps, const uint8_t *cmd, uint32_t cmdsize)
{
	if (cmdsize < DYLD_INFO_CMD_SIZE)
		return MACHO_E_CMD_SHORT;
	if (ps->seen_dyld_info)
		return MACHO_E_CMD_DUPLICATE;
	ps->seen_dyld_info = true;
	/* (offset, size) pairs: rebase, bind, weak bind, lazy bind, export. */
	for (uint32_t field = 8; field < DYLD_INFO_CMD_SIZE; field += 8) {
		uint32_t size = macho_le32(cmd + field + 4);

		if (size != 0 && !in_image(ps, macho_le32(cmd + field), size))
			return MACHO_E_LINKEDIT_RANGE;
	}
	if (macho_le32(cmd + 20) != 0 || macho_le32(cmd + 28) != 0 ||
	    macho_le32(cmd + 36) != 0) /* binds */
		ps->img->needs_dylinker = true;
	return MACHO_OK;
}

/* Undefined symbols or external relocations are imports too, whatever the format. */
static enum macho_error parse_dysymtab(struct parser *ps, const uint8_t *cmd, uint32_t cmdsize)
{
	if (cmdsize < DYSYMTAB_CMD_SIZE)
		return MACHO_E_CMD_SHORT;
	if (ps->seen_dysymtab)
		return MACHO_E_CMD_DUPLICATE;
	ps->seen_dysymtab = true;
	if (macho_le32(cmd + 28) != 0 || macho_le32(cmd + 68) != 0) /* nundefsym, nextrel */
		ps->img->needs_dylinker = true;
	return MACHO_OK;
}

static enum macho_error parse_main(struct parser *ps, const uint8_t *cmd, uint32_t cmdsize,
                                   uint32_t index)
{
	if (cmdsize < MAIN_CMD_SIZE)
		return MACHO_E_CMD_SHORT;
	if (ps->main_cmd != MACHO_NO_CMD)
		return MACHO_E_CMD_DUPLICATE;
	ps->main_cmd = index;
	ps->entryoff = macho_le64(cmd + 8);
	ps->img->stack_size = macho_le64(cmd + 16);
	return MACHO_OK;
}

static enum macho_error parse_chained_cmd(struct parser *ps, const uint8_t *cmd, uint32_t cmdsize,
                                          uint32_t index)
{
	if (cmdsize < LINKEDIT_CMD_SIZE)
		return MACHO_E_CMD_SHORT;
	if (ps->chained_cmd != MACHO_NO_CMD)
		return MACHO_E_CMD_DUPLICATE;
	ps->chained_off = macho_le32(cmd + 8);
	ps->chained_size = macho_le32(cmd + 12);
	if (!in_image(ps, ps->chained_off, ps->chained_size))
		return MACHO_E_LINKEDIT_RANGE;
	ps->chained_cmd = index;
	return MACHO_OK;
}

static enum macho_error parse_command(struct parser *ps, const uint8_t *cmd, uint32_t cmdsize,
                                      uint32_t index)
{
	uint32_t type = macho_le32(cmd);

	switch (type) {
	case LC_SEGMENT_64: return parse_segment(ps, cmd, cmdsize);
	case LC_SEGMENT: return MACHO_E_SEGMENT_32;
	case LC_MAIN: return parse_main(ps, cmd, cmdsize, index);
	case LC_UNIXTHREAD: return parse_unixthread(ps, cmd, cmdsize, index);
	case LC_LOAD_DYLINKER: return parse_dylinker(ps, cmd, cmdsize);
	case LC_LOAD_DYLIB:
	case LC_LOAD_WEAK_DYLIB:
	case LC_REEXPORT_DYLIB:
	case LC_LAZY_LOAD_DYLIB:
	case LC_LOAD_UPWARD_DYLIB: return parse_dylib(ps, cmd, cmdsize);
	case LC_DYLD_INFO:
	case LC_DYLD_INFO_ONLY: return parse_dyld_info(ps, cmd, cmdsize);
	case LC_DYSYMTAB: return parse_dysymtab(ps, cmd, cmdsize);
	case LC_DYLD_CHAINED_FIXUPS: return parse_chained_cmd(ps, cmd, cmdsize, index);
	case LC_RPATH:
	case LC_DYLD_EXPORTS_TRIE: return MACHO_OK;
	default:
		/* dyld refuses what it must understand but does not; so do we. */
		return (type & LC_REQ_DYLD) ? MACHO_E_CMD_UNKNOWN : MACHO_OK;
	}
}

/*
 * Reads the chained fixups: imports mean dyld is needed; any chain start
 * means pointers in the data are encoded. Work is bounded by the segment
 * count and 16-bit page counts.
 */
static enum macho_error parse_chained(struct parser *ps)
{
	const uint8_t *data = ps->image + ps->chained_off;
	uint64_t size = ps->chained_size;
	uint32_t starts, imports, nimports, format, width, nsegs;

	if (size < CHAINED_HEADER_SIZE || macho_le32(data) != 0)
		return MACHO_E_CHAINED_FIXUPS;
	starts = macho_le32(data + 4);
	imports = macho_le32(data + 8);
	nimports = macho_le32(data + 16);
	format = macho_le32(data + 20);

	if (nimports != 0) {
		switch (format) {
		case CHAINED_IMPORT: width = 4; break;
		case CHAINED_IMPORT_ADDEND: width = 8; break;
		case CHAINED_IMPORT_ADDEND64: width = 16; break;
		default: return MACHO_E_CHAINED_FIXUPS;
		}
		if (imports > size || (uint64_t)nimports * width > size - imports)
			return MACHO_E_CHAINED_FIXUPS;
		ps->img->needs_dylinker = true;
	}

	if (starts > size || size - starts < 4)
		return MACHO_E_CHAINED_FIXUPS;
	nsegs = macho_le32(data + starts);
	/* One entry per segment, in load-command order. */
	if (nsegs > ps->nsegcmds || (uint64_t)nsegs * 4 > size - starts - 4)
		return MACHO_E_CHAINED_FIXUPS;
	for (uint32_t i = 0; i < nsegs; i++) {
		uint32_t info = macho_le32(data + starts + 4 + (uint64_t)i * 4);
		uint64_t seg = (uint64_t)starts + info;
		uint16_t npages;

		if (info == 0)
			continue;
		if (seg > size || size - seg < CHAINED_SEG_STARTS_SIZE)
			return MACHO_E_CHAINED_FIXUPS;
		npages = macho_le16(data + seg + 20);
		if ((uint64_t)npages * 2 > size - seg - CHAINED_SEG_STARTS_SIZE)
			return MACHO_E_CHAINED_FIXUPS;
		for (uint16_t page = 0; page < npages; page++) {
			if (macho_le16(data + seg + CHAINED_SEG_STARTS_SIZE + page * 2u) !=
			    CHAINED_PTR_START_NONE)
				ps->img->chained_pointers = true;
		}
	}
	return MACHO_OK;
}

/* Arm64 instructions are 4 bytes, and the first must come from the file. */
static enum macho_error check_entry(const struct macho_image *img)
{
	if (img->entry & 3)
		return MACHO_E_ENTRY_ALIGN;
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct macho_segment *seg = &img->segments[i];

		if ((seg->initprot & MACHO_PROT_EXECUTE) && img->entry >= seg->vmaddr &&
		    img->entry - seg->vmaddr < seg->filesize &&
		    seg->filesize - (img->entry - seg->vmaddr) >= 4)
			return MACHO_OK;
	}
	return MACHO_E_ENTRY;
}

static enum macho_error parse_header(struct parser *ps, uint32_t *ncmds, uint32_t *sizeofcmds)
{
	const uint8_t *h = ps->image;

	if (ps->size < HEADER_SIZE)
		return MACHO_E_TRUNCATED;
	if (macho_le32(h) != MH_MAGIC_64)
		return MACHO_E_MAGIC;
	/* arm64e (subtype 2) signs pointers, which nothing here does. */
	if (macho_le32(h + 4) != CPU_TYPE_ARM64 ||
	    ((macho_le32(h + 8) & ~CPU_SUBTYPE_MASK) != CPU_SUBTYPE_ARM64_ALL &&
	     (macho_le32(h + 8) & ~CPU_SUBTYPE_MASK) != CPU_SUBTYPE_ARM64_V8))
		return MACHO_E_CPU;
	ps->img->filetype = macho_le32(h + 12);
	if (ps->img->filetype != MACHO_FILETYPE_EXECUTE &&
	    (!ps->dylib_ok || ps->img->filetype != MACHO_FILETYPE_DYLIB))
		return MACHO_E_FILETYPE;
	*ncmds = macho_le32(h + 16);
	*sizeofcmds = macho_le32(h + 20);
	if (*sizeofcmds > ps->size - HEADER_SIZE)
		return MACHO_E_CMDS_SIZE;
	if (*ncmds > *sizeofcmds / 8)
		return MACHO_E_NCMDS;
	return MACHO_OK;
}

static enum macho_error parse(struct parser *ps)
{
	struct macho_image *img = ps->img;
	const struct macho_segment *text;
	uint32_t ncmds, sizeofcmds;
	uint64_t off, end;
	enum macho_error err;

	err = parse_header(ps, &ncmds, &sizeofcmds);
	if (err != MACHO_OK)
		return err;

	off = HEADER_SIZE;
	end = HEADER_SIZE + sizeofcmds;
	for (uint32_t i = 0; i < ncmds; i++) {
		uint32_t cmdsize;

		img->error_cmd = i;
		if (end - off < 8)
			return MACHO_E_CMD_SIZE;
		cmdsize = macho_le32(ps->image + off + 4);
		if (cmdsize < 8 || cmdsize % 8 != 0 || cmdsize > end - off)
			return MACHO_E_CMD_SIZE;
		err = parse_command(ps, ps->image + off, cmdsize, i);
		if (err != MACHO_OK)
			return err;
		off += cmdsize;
	}
	img->error_cmd = MACHO_NO_CMD;
	if (off != end)
		return MACHO_E_CMDS_SLACK;

	if (ps->chained_cmd != MACHO_NO_CMD) {
		img->error_cmd = ps->chained_cmd;
		err = parse_chained(ps);
		if (err != MACHO_OK)
			return err;
		img->error_cmd = MACHO_NO_CMD;
	}

	text = macho_find_segment(img, "__TEXT");
	if (text == NULL)
		return MACHO_E_NO_TEXT;
	if (img->filetype == MACHO_FILETYPE_DYLIB) {
		if (ps->main_cmd != MACHO_NO_CMD || ps->thread_cmd != MACHO_NO_CMD)
			return MACHO_E_DYLIB_ENTRY;
		return MACHO_OK;
	}
	if (ps->main_cmd != MACHO_NO_CMD && ps->thread_cmd != MACHO_NO_CMD)
		return MACHO_E_TWO_ENTRIES;
	if (ps->main_cmd != MACHO_NO_CMD) {
		img->error_cmd = ps->main_cmd;
		if (ps->entryoff > UINT64_MAX - text->vmaddr)
			return MACHO_E_ENTRY;
		img->entry = text->vmaddr + ps->entryoff;
		img->has_main = true;
	} else if (ps->thread_cmd != MACHO_NO_CMD) {
		img->error_cmd = ps->thread_cmd;
		img->has_unixthread = true;
	} else {
		return MACHO_E_NO_ENTRY;
	}
	err = check_entry(img);
	if (err != MACHO_OK)
		return err;
	img->error_cmd = MACHO_NO_CMD;
	return MACHO_OK;
}

static enum macho_error parse_image(const void *image, size_t size, bool dylib_ok,
                                    struct macho_image *out)
{
	struct parser ps;

	memset(out, 0, sizeof(*out));
	out->vm_start = UINT64_MAX;
	out->error_cmd = MACHO_NO_CMD;
	memset(&ps, 0, sizeof(ps));
	ps.image = image;
	ps.size = size;
	ps.img = out;
	ps.dylib_ok = dylib_ok;
	ps.main_cmd = MACHO_NO_CMD;
	ps.thread_cmd = MACHO_NO_CMD;
	ps.chained_cmd = MACHO_NO_CMD;
	return parse(&ps);
}

enum macho_error macho_parse(const void *image, size_t size, struct macho_image *out)
{
	return parse_image(image, size, false, out);
}

enum macho_error macho_parse_loadable(const void *image, size_t size, struct macho_image *out)
{
	return parse_image(image, size, true, out);
}

bool macho_command_next(const void *image, struct macho_command *cmd)
{
	const uint8_t *h = image;
	uint32_t index = cmd->data == NULL ? 0 : cmd->index + 1;
	uint64_t off = cmd->data == NULL ? HEADER_SIZE : (uint64_t)(cmd->data - h) + cmd->size;

	/* The parse checked that ncmds commands fill sizeofcmds. */
	if (index >= macho_le32(h + 16))
		return false;
	cmd->data = h + off;
	cmd->type = macho_le32(cmd->data);
	cmd->size = macho_le32(cmd->data + 4);
	cmd->index = index;
	return true;
}

bool macho_self_contained(const struct macho_image *img)
{
	return !img->needs_dylinker && !img->chained_pointers;
}

const struct macho_segment *macho_find_segment(const struct macho_image *img, const char *name)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		if (strcmp(img->segments[i].name, name) == 0)
			return &img->segments[i];
	}
	return NULL;
}

void macho_plan_segment(const void *image, const struct macho_segment *seg,
                        struct macho_load_step *step)
{
	step->map_start = seg->vmaddr;
	step->map_size = mapped_end(seg) - seg->vmaddr;
	step->src = (const uint8_t *)image + seg->fileoff;
	step->copy_size = seg->filesize;
	step->zero_start = seg->vmaddr + seg->filesize;
	step->zero_size = step->map_size - seg->filesize;
	step->prot = seg->initprot;
}

const char *macho_strerror(enum macho_error err)
{
	switch (err) {
	case MACHO_OK: return "no error";
	case MACHO_E_TRUNCATED: return "image is shorter than a Mach-O header";
	case MACHO_E_MAGIC:
		return "not a 64-bit little-endian Mach-O image (fat and 32-bit images are not "
		       "supported)";
	case MACHO_E_CPU: return "not an arm64 image (arm64e is not supported)";
	case MACHO_E_FILETYPE: return "not an executable (MH_EXECUTE) or, for dyld, a dylib";
	case MACHO_E_CMDS_SIZE: return "load commands run past the end of the image";
	case MACHO_E_NCMDS: return "more load commands than sizeofcmds can hold";
	case MACHO_E_CMD_SIZE:
		return "load command size is below 8, not a multiple of 8, or past sizeofcmds";
	case MACHO_E_CMDS_SLACK: return "load commands do not fill sizeofcmds exactly";
	case MACHO_E_CMD_SHORT: return "load command is smaller than its structure";
	case MACHO_E_CMD_UNKNOWN: return "unknown load command marked required (LC_REQ_DYLD)";
	case MACHO_E_CMD_DUPLICATE: return "load command that may appear once appears again";
	case MACHO_E_SEGMENT_32: return "32-bit LC_SEGMENT in a 64-bit image";
	case MACHO_E_SECTIONS: return "segment's section count does not match its size";
	case MACHO_E_SECTION_RANGE: return "section lies outside its segment";
	case MACHO_E_SEGMENT_FILE: return "segment's file range lies outside the image";
	case MACHO_E_SEGMENT_FILESIZE: return "segment's file size exceeds its memory size";
	case MACHO_E_SEGMENT_WRAPS: return "segment's address range wraps around";
	case MACHO_E_SEGMENT_ALIGN: return "segment address is not 4 KiB aligned";
	case MACHO_E_SEGMENT_OVERLAP: return "segments overlap in memory";
	case MACHO_E_SEGMENT_PROT:
		return "segment protection has unknown bits or exceeds its maximum";
	case MACHO_E_SEGMENT_WX: return "segment is both writable and executable";
	case MACHO_E_SEGMENT_DUPLICATE: return "two segments have the same name";
	case MACHO_E_SEGMENT_MANY: return "more segments than the loader can hold";
	case MACHO_E_PAGEZERO: return "__PAGEZERO is not a file-less, no-access range at address 0";
	case MACHO_E_NO_TEXT: return "no __TEXT segment";
	case MACHO_E_NO_ENTRY: return "no entry point (LC_MAIN or LC_UNIXTHREAD)";
	case MACHO_E_TWO_ENTRIES: return "both LC_MAIN and LC_UNIXTHREAD";
	case MACHO_E_THREAD_STATE:
		return "LC_UNIXTHREAD is malformed or has no single arm64 thread state";
	case MACHO_E_ENTRY: return "entry point is not inside an executable segment's file data";
	case MACHO_E_ENTRY_ALIGN: return "entry point is not 4-byte aligned";
	case MACHO_E_STRING:
		return "load command path is outside its command or not NUL-terminated";
	case MACHO_E_DYLINKER_LONG: return "dynamic linker path is too long";
	case MACHO_E_LINKEDIT_RANGE: return "dyld information lies outside the image";
	case MACHO_E_CHAINED_FIXUPS: return "chained fixups are malformed";
	case MACHO_E_DYLIB_ENTRY: return "dylib has an entry point (LC_MAIN or LC_UNIXTHREAD)";
	}
	return "unknown Mach-O error";
}
