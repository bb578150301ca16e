/*
 * dyld's image parser. Layouts and numbers are <mach-o/loader.h>'s; the
 * kernel's parser has already checked the header, the command sizes, the
 * segments and the entry point, so this pass reads the commands only dyld
 * cares about and checks each table they name against the file.
 */
#include "image.h"

#include <string.h>

#define LC_REQ_DYLD            0x80000000u
#define LC_SYMTAB              0x2u
#define LC_DYSYMTAB            0xbu
#define LC_LOAD_DYLIB          0xcu
#define LC_ID_DYLIB            0xdu
#define LC_LOAD_WEAK_DYLIB     (0x18u | LC_REQ_DYLD)
#define LC_SEGMENT_64          0x19u
#define LC_REEXPORT_DYLIB      (0x1fu | LC_REQ_DYLD)
#define LC_LAZY_LOAD_DYLIB     0x20u
#define LC_DYLD_INFO           0x22u
#define LC_DYLD_INFO_ONLY      (0x22u | LC_REQ_DYLD)
#define LC_LOAD_UPWARD_DYLIB   (0x23u | LC_REQ_DYLD)
#define LC_DYLD_EXPORTS_TRIE   (0x33u | LC_REQ_DYLD)
#define LC_DYLD_CHAINED_FIXUPS (0x34u | LC_REQ_DYLD)

#define SEGMENT_CMD_SIZE   72u /* segment_command_64 */
#define SECTION_SIZE       80u /* section_64 */
#define SYMTAB_CMD_SIZE    24u
#define DYSYMTAB_CMD_SIZE  80u
#define DYLIB_CMD_SIZE     24u
#define DYLD_INFO_CMD_SIZE 48u
#define LINKEDIT_CMD_SIZE  16u
#define NLIST_SIZE         16u /* nlist_64 */

#define SECTION_TYPE_MASK 0xffu
#define S_GB_ZEROFILL     0x0cu

static bool in_file(const struct dyld_image *img, uint64_t off, uint64_t size)
{
	return off <= img->file_size && size <= img->file_size - off;
}

static enum dyld_error set_range(const struct dyld_image *img, struct dyld_range *r, uint32_t off,
                                 uint32_t size)
{
	if (!in_file(img, off, size))
		return DYLD_E_LINKEDIT_RANGE;
	r->off = size == 0 ? 0 : off;
	r->size = size;
	return DYLD_OK;
}

static enum dyld_error parse_dylib(struct dyld_image *img, const struct macho_command *cmd,
                                   enum dyld_dylib_kind kind)
{
	struct dyld_dylib *d;
	const char *path;
	size_t len;

	if (cmd->size < DYLIB_CMD_SIZE)
		return DYLD_E_CMD_SHORT;
	if (macho_command_string(cmd->data, cmd->size, DYLIB_CMD_SIZE, &path, &len) != MACHO_OK)
		return DYLD_E_CMD_STRING;
	if (img->ndylibs == DYLD_MAX_DYLIBS)
		return DYLD_E_DYLIBS_MANY;
	d = &img->dylibs[img->ndylibs++];
	d->path = path;
	d->kind = kind;
	d->current_version = macho_le32(cmd->data + 16);
	d->compatibility_version = macho_le32(cmd->data + 20);
	return DYLD_OK;
}

static enum dyld_error parse_id(struct dyld_image *img, const struct macho_command *cmd)
{
	size_t len;

	if (cmd->size < DYLIB_CMD_SIZE)
		return DYLD_E_CMD_SHORT;
	if (img->install_name != NULL)
		return DYLD_E_CMD_DUPLICATE;
	if (macho_command_string(cmd->data, cmd->size, DYLIB_CMD_SIZE, &img->install_name, &len) !=
	    MACHO_OK)
		return DYLD_E_CMD_STRING;
	return DYLD_OK;
}

static enum dyld_error parse_dyld_info(struct dyld_image *img, const struct macho_command *cmd)
{
	struct dyld_range *ranges[] = {&img->rebase, &img->bind, &img->weak_bind, &img->lazy_bind};
	uint32_t export_size = macho_le32(cmd->data + 44);
	enum dyld_error err;

	if (cmd->size < DYLD_INFO_CMD_SIZE)
		return DYLD_E_CMD_SHORT;
	if (img->has_dyld_info || (export_size != 0 && img->exports.size != 0))
		return DYLD_E_CMD_DUPLICATE;
	img->has_dyld_info = true;
	/* (offset, size) pairs: rebase, bind, weak bind, lazy bind, then the trie. */
	for (unsigned i = 0; i < 4; i++) {
		err = set_range(img, ranges[i], macho_le32(cmd->data + 8 + 8 * i),
		                macho_le32(cmd->data + 12 + 8 * i));
		if (err != DYLD_OK)
			return err;
	}
	if (export_size == 0)
		return DYLD_OK;
	return set_range(img, &img->exports, macho_le32(cmd->data + 40), export_size);
}

/* LC_DYLD_CHAINED_FIXUPS and LC_DYLD_EXPORTS_TRIE: one table each, once. */
static enum dyld_error parse_linkedit(struct dyld_image *img, const struct macho_command *cmd,
                                      struct dyld_range *r, bool *seen)
{
	if (cmd->size < LINKEDIT_CMD_SIZE)
		return DYLD_E_CMD_SHORT;
	if (*seen || r->size != 0)
		return DYLD_E_CMD_DUPLICATE;
	*seen = true;
	return set_range(img, r, macho_le32(cmd->data + 8), macho_le32(cmd->data + 12));
}

static enum dyld_error parse_symtab(struct dyld_image *img, const struct macho_command *cmd,
                                    bool *seen)
{
	uint32_t nsyms;
	enum dyld_error err;

	if (cmd->size < SYMTAB_CMD_SIZE)
		return DYLD_E_CMD_SHORT;
	if (*seen)
		return DYLD_E_CMD_DUPLICATE;
	*seen = true;
	nsyms = macho_le32(cmd->data + 12);
	if ((uint64_t)nsyms * NLIST_SIZE > UINT32_MAX)
		return DYLD_E_LINKEDIT_RANGE;
	err = set_range(img, &img->symbols, macho_le32(cmd->data + 8), nsyms * NLIST_SIZE);
	if (err != DYLD_OK)
		return err;
	img->nsymbols = nsyms;
	return set_range(img, &img->strings, macho_le32(cmd->data + 16),
	                 macho_le32(cmd->data + 20));
}

/*
 * The dynamic symbol table: symbol groups (checked against LC_SYMTAB once
 * all commands are read) and the indirect table. Relocations are refused:
 * arm64 images use opcodes or chains, and nothing here applies relocations.
 */
static enum dyld_error parse_dysymtab(struct dyld_image *img, const struct macho_command *cmd,
                                      bool *seen)
{
	uint32_t nindirect;

	if (cmd->size < DYSYMTAB_CMD_SIZE)
		return DYLD_E_CMD_SHORT;
	if (*seen)
		return DYLD_E_CMD_DUPLICATE;
	*seen = true;
	img->iextdefsym = macho_le32(cmd->data + 16);
	img->nextdefsym = macho_le32(cmd->data + 20);
	img->iundefsym = macho_le32(cmd->data + 24);
	img->nundefsym = macho_le32(cmd->data + 28);
	if (macho_le32(cmd->data + 68) != 0 || macho_le32(cmd->data + 76) != 0)
		return DYLD_E_RELOCATIONS;
	nindirect = macho_le32(cmd->data + 60);
	if (nindirect > UINT32_MAX / 4)
		return DYLD_E_LINKEDIT_RANGE;
	return set_range(img, &img->indirect, macho_le32(cmd->data + 56), nindirect * 4);
}

/* A group [first, first + count) of the symbol table. */
static bool in_symbols(const struct dyld_image *img, uint32_t first, uint32_t count)
{
	return first <= img->nsymbols && count <= img->nsymbols - first;
}

/* Entry sizes of the sections dyld reads, or 0 for a section it only maps. */
static uint64_t entry_size(uint32_t type)
{
	switch (type) {
	case DYLD_S_MOD_INIT_FUNC: return 8;
	case DYLD_S_MOD_TERM_FUNC: return 8;
	case DYLD_S_INIT_OFFSETS: return 4;
	case DYLD_S_THREAD_LOCAL_VARS: return 24;
	default: return 1;
	}
}

static bool is_zerofill(uint32_t type)
{
	return type == DYLD_S_ZEROFILL || type == DYLD_S_THREAD_LOCAL_BSS || type == S_GB_ZEROFILL;
}

/* Keeps the initializer, terminator and thread-local sections; the kernel checked the rest. */
static enum dyld_error parse_sections(struct dyld_image *img, const struct macho_command *cmd,
                                      const struct macho_segment *seg, unsigned segindex)
{
	uint32_t nsects = macho_le32(cmd->data + 64);

	for (uint32_t i = 0; i < nsects; i++) {
		const uint8_t *sect = cmd->data + SEGMENT_CMD_SIZE + (size_t)i * SECTION_SIZE;
		uint32_t type = macho_le32(sect + 64) & SECTION_TYPE_MASK;
		struct dyld_section *s;

		if (type != DYLD_S_MOD_INIT_FUNC && type != DYLD_S_INIT_OFFSETS &&
		    type != DYLD_S_MOD_TERM_FUNC && type != DYLD_S_THREAD_LOCAL_DATA &&
		    type != DYLD_S_THREAD_LOCAL_BSS && type != DYLD_S_THREAD_LOCAL_VARS)
			continue;
		if (img->nsections == DYLD_MAX_SECTIONS)
			return DYLD_E_SECTION_MANY;
		s = &img->sections[img->nsections];
		memset(s, 0, sizeof(*s));
		memcpy(s->sectname, sect, MACHO_SEGNAME_MAX);
		memcpy(s->segname, sect + 16, MACHO_SEGNAME_MAX);
		s->type = type;
		s->addr = macho_le64(sect + 32);
		s->size = macho_le64(sect + 40);
		s->segment = segindex;
		/* Inside the segment's memory (the kernel's check); contents from its file data. */
		if (!is_zerofill(type) && (seg == NULL || s->addr - seg->vmaddr > seg->filesize ||
		                           s->size > seg->filesize - (s->addr - seg->vmaddr)))
			return DYLD_E_SECTION_FILE;
		if (s->size % entry_size(type) != 0)
			return DYLD_E_SECTION_SIZE;
		img->nsections++;
	}
	return DYLD_OK;
}

static enum dyld_error parse_segment(struct dyld_image *img, const struct macho_command *cmd)
{
	/* Below DYLD_MAX_SEGMENTS: the kernel's parse took 16 and one __PAGEZERO. */
	unsigned index = img->nsegs++;
	const struct macho_segment *seg = NULL;

	/* The kernel's table holds every segment but __PAGEZERO, with its index. */
	for (unsigned i = 0; i < img->macho.nsegments; i++) {
		if (img->macho.segments[i].index == index)
			seg = &img->macho.segments[i];
	}
	img->seg_slot[index] = seg == NULL ? DYLD_NO_SEGMENT : (uint8_t)(seg - img->macho.segments);
	return parse_sections(img, cmd, seg, index);
}

/* Commands that may appear once. */
struct seen {
	bool chained;
	bool trie;
	bool symtab;
	bool dysymtab;
};

static enum dyld_error parse_command(struct dyld_image *img, const struct macho_command *cmd,
                                     struct seen *seen)
{
	switch (cmd->type) {
	case LC_SEGMENT_64: return parse_segment(img, cmd);
	case LC_ID_DYLIB: return parse_id(img, cmd);
	case LC_LOAD_DYLIB: return parse_dylib(img, cmd, DYLD_DYLIB_NORMAL);
	case LC_LOAD_WEAK_DYLIB: return parse_dylib(img, cmd, DYLD_DYLIB_WEAK);
	case LC_REEXPORT_DYLIB: return parse_dylib(img, cmd, DYLD_DYLIB_REEXPORT);
	case LC_LOAD_UPWARD_DYLIB: return parse_dylib(img, cmd, DYLD_DYLIB_UPWARD);
	case LC_LAZY_LOAD_DYLIB: return parse_dylib(img, cmd, DYLD_DYLIB_LAZY);
	case LC_DYLD_INFO:
	case LC_DYLD_INFO_ONLY: return parse_dyld_info(img, cmd);
	case LC_DYLD_CHAINED_FIXUPS: return parse_linkedit(img, cmd, &img->chained, &seen->chained);
	case LC_DYLD_EXPORTS_TRIE: return parse_linkedit(img, cmd, &img->exports, &seen->trie);
	case LC_SYMTAB: return parse_symtab(img, cmd, &seen->symtab);
	case LC_DYSYMTAB: return parse_dysymtab(img, cmd, &seen->dysymtab);
	default: return DYLD_OK;
	}
}

enum dyld_error dyld_image_parse(const void *file, size_t size, struct dyld_image *img)
{
	struct macho_command cmd = {.data = NULL};
	struct seen seen = {false, false, false, false};
	enum dyld_error err;

	memset(img, 0, sizeof(*img));
	img->file = file;
	img->file_size = size;
	img->macho_error = macho_parse_loadable(file, size, &img->macho);
	img->error_cmd = img->macho.error_cmd;
	if (img->macho_error != MACHO_OK)
		return DYLD_E_MACHO;
	/* The header is the first bytes of __TEXT, which the kernel's parse requires. */
	img->base = macho_find_segment(&img->macho, "__TEXT")->vmaddr;

	while (macho_command_next(file, &cmd)) {
		img->error_cmd = cmd.index;
		err = parse_command(img, &cmd, &seen);
		if (err != DYLD_OK)
			return err;
	}
	img->error_cmd = MACHO_NO_CMD;
	if (!in_symbols(img, img->iextdefsym, img->nextdefsym) ||
	    !in_symbols(img, img->iundefsym, img->nundefsym))
		return DYLD_E_SYMBOL_INDEX;
	if (img->chained.size != 0 &&
	    (img->rebase.size | img->bind.size | img->weak_bind.size | img->lazy_bind.size) != 0)
		return DYLD_E_TWO_FORMATS;
	return DYLD_OK;
}

const struct macho_segment *dyld_image_segment(const struct dyld_image *img, uint64_t seg)
{
	if (seg >= img->nsegs || img->seg_slot[seg] == DYLD_NO_SEGMENT)
		return NULL;
	return &img->macho.segments[img->seg_slot[seg]];
}

enum dyld_error dyld_image_check_fixup(const struct dyld_image *img, uint64_t seg, uint64_t offset)
{
	const struct macho_segment *s;

	if (seg >= img->nsegs)
		return DYLD_E_SEGMENT_INDEX;
	s = dyld_image_segment(img, seg);
	if (s == NULL || !(s->initprot & MACHO_PROT_WRITE))
		return DYLD_E_NOT_WRITABLE;
	if (s->filesize < 8 || offset > s->filesize - 8)
		return DYLD_E_FIXUP_RANGE;
	return DYLD_OK;
}

bool dyld_image_ordinal_ok(const struct dyld_image *img, int64_t ordinal)
{
	return ordinal >= DYLD_ORDINAL_WEAK_LOOKUP && ordinal <= (int64_t)img->ndylibs;
}
