/*
 * Layouts are <mach-o/fixup-chains.h>'s. Formats 2 and 6 share one 64-bit
 * layout: bind (bit 63), next (12 bits at 51, in 4-byte strides), then for a
 * rebase target (36 bits) and high8 (8 bits at 36), for a bind the import
 * ordinal (24 bits) and an inline addend (8 bits at 24).
 */
#include "chained.h"

#include <stdbool.h>
#include <string.h>

#define HEADER_SIZE     28u /* dyld_chained_fixups_header */
#define SEG_STARTS_SIZE 22u /* dyld_chained_starts_in_segment before page_start[] */
#define PTR_START_NONE  0xffffu
#define PTR_START_MULTI 0x8000u
#define PTR_START_LAST  0x8000u
#define IMPORT          1u
#define IMPORT_ADDEND   2u
#define IMPORT_ADDEND64 3u
#define STRIDE          4u
#define POINTER_SIZE    8u
#define MAX_PAGE_SIZE   0x4000u
#define TARGET_MASK     ((UINT64_C(1) << 36) - 1)

struct chains {
	const struct dyld_image *img;
	const uint8_t *data; /* the LC_DYLD_CHAINED_FIXUPS table */
	uint32_t size;
	uint32_t imports; /* imports table offset */
	uint32_t nimports;
	uint32_t import_format;
	uint32_t symbols;  /* symbol names offset */
	uint64_t last_nul; /* offset of the table's last NUL + 1; 0 if none */
	dyld_fixup_fn fn;
	void *ctx;
};

/* One segment's starts: the page_start[] array and its pages. */
struct seg_starts {
	const uint8_t *starts; /* page_start[0] */
	uint32_t nstarts;      /* entries in page_start[], overflow included */
	uint16_t page_size;
	uint16_t format;
	uint16_t npages;
	unsigned segment;
	const struct macho_segment *seg;
};

static enum dyld_error read_header(struct chains *c)
{
	uint32_t width;

	if (c->size < HEADER_SIZE || macho_le32(c->data) != 0)
		return DYLD_E_CHAIN_HEADER;
	c->imports = macho_le32(c->data + 8);
	c->symbols = macho_le32(c->data + 12);
	c->nimports = macho_le32(c->data + 16);
	c->import_format = macho_le32(c->data + 20);
	if (macho_le32(c->data + 24) != 0)
		return DYLD_E_CHAIN_SYMBOLS;
	switch (c->import_format) {
	case IMPORT: width = 4; break;
	case IMPORT_ADDEND: width = 8; break;
	case IMPORT_ADDEND64: width = 16; break;
	default: return DYLD_E_CHAIN_IMPORTS;
	}
	if (c->imports > c->size || (uint64_t)c->nimports * width > c->size - c->imports ||
	    c->symbols > c->size)
		return DYLD_E_CHAIN_IMPORTS;
	/* A name is NUL-terminated in the table iff it starts before the last NUL. */
	c->last_nul = 0;
	for (uint32_t i = c->size; i > c->symbols; i--) {
		if (c->data[i - 1] == '\0') {
			c->last_nul = i;
			break;
		}
	}
	return DYLD_OK;
}

/* Import index as a bind: library ordinal, weak flag, name, addend. */
static enum dyld_error read_import(const struct chains *c, uint32_t index, struct dyld_fixup *fx)
{
	const uint8_t *p;
	uint64_t name;
	int64_t ordinal;

	if (index >= c->nimports)
		return DYLD_E_CHAIN_IMPORT;
	switch (c->import_format) {
	case IMPORT:
	case IMPORT_ADDEND: {
		uint32_t v;

		p = c->data + c->imports + (uint64_t)index * (c->import_format == IMPORT ? 4 : 8);
		v = macho_le32(p);
		/* 8-bit ordinals above 0xf0 are the negative specials. */
		ordinal = (v & 0xff) > 0xf0 ? (int64_t)(v & 0xff) - 0x100 : (int64_t)(v & 0xff);
		fx->weak_import = (v >> 8) & 1;
		name = v >> 9;
		fx->addend = c->import_format == IMPORT ? 0 : (int32_t)macho_le32(p + 4);
		break;
	}
	default: {
		uint64_t v;

		p = c->data + c->imports + (uint64_t)index * 16;
		v = macho_le64(p);
		ordinal =
		    (v & 0xffff) > 0xfff0 ? (int64_t)(v & 0xffff) - 0x10000 : (int64_t)(v & 0xffff);
		fx->weak_import = (v >> 16) & 1;
		name = v >> 32;
		fx->addend = (int64_t)macho_le64(p + 8);
		break;
	}
	}
	if (!dyld_image_ordinal_ok(c->img, ordinal))
		return DYLD_E_ORDINAL;
	if (name >= c->size - c->symbols || c->symbols + name >= c->last_nul)
		return DYLD_E_STRING;
	fx->ordinal = ordinal;
	fx->symbol = (const char *)c->data + c->symbols + name;
	return DYLD_OK;
}

/* Decodes the link at (segment, offset) and hands it on; *next is its stride count. */
static enum dyld_error link_fixup(const struct chains *c, const struct seg_starts *ss,
                                  uint64_t offset, uint32_t *next)
{
	uint64_t raw = macho_le64(c->img->file + ss->seg->fileoff + offset);
	struct dyld_fixup fx;
	enum dyld_error err;

	memset(&fx, 0, sizeof(fx));
	fx.segment = ss->segment;
	fx.offset = offset;
	fx.address = ss->seg->vmaddr + offset;
	*next = (uint32_t)(raw >> 51) & 0xfff;
	if (raw >> 63) {
		fx.kind = DYLD_FIXUP_BIND;
		err = read_import(c, (uint32_t)(raw & 0xffffff), &fx);
		if (err != DYLD_OK)
			return err;
		fx.addend += (int64_t)((raw >> 24) & 0xff);
	} else {
		fx.kind = DYLD_FIXUP_REBASE;
		fx.target = raw & TARGET_MASK;
		if (ss->format == DYLD_CHAINED_PTR_64_OFFSET)
			fx.target += c->img->base;
		fx.high8 = (uint8_t)(raw >> 36);
	}
	return c->fn(c->ctx, &fx);
}

/* Follows one chain from start within page; visited marks 4-byte slots seen. */
static enum dyld_error walk_chain(const struct chains *c, const struct seg_starts *ss,
                                  uint32_t page, uint32_t start, uint64_t *visited)
{
	uint32_t off = start, next;
	enum dyld_error err;

	if (start % STRIDE != 0)
		return DYLD_E_CHAIN_PAGE_START;
	for (;;) {
		uint64_t seg_off = (uint64_t)page * ss->page_size + off;

		if (off > ss->page_size - POINTER_SIZE)
			return DYLD_E_CHAIN_OFF_PAGE;
		if (ss->seg->filesize < POINTER_SIZE || seg_off > ss->seg->filesize - POINTER_SIZE)
			return DYLD_E_CHAIN_OFF_SEGMENT;
		if (visited[off / STRIDE / 64] & (UINT64_C(1) << (off / STRIDE % 64)))
			return DYLD_E_CHAIN_LOOP;
		visited[off / STRIDE / 64] |= UINT64_C(1) << (off / STRIDE % 64);
		err = link_fixup(c, ss, seg_off, &next);
		if (err != DYLD_OK || next == 0)
			return err;
		off += next * STRIDE;
	}
}

static enum dyld_error walk_page(const struct chains *c, const struct seg_starts *ss, uint32_t page)
{
	uint64_t visited[MAX_PAGE_SIZE / STRIDE / 64];
	uint16_t start = macho_le16(ss->starts + page * 2u);
	enum dyld_error err;

	if (start == PTR_START_NONE)
		return DYLD_OK;
	memset(visited, 0, sizeof(visited));
	if (!(start & PTR_START_MULTI)) {
		if (start >= ss->page_size)
			return DYLD_E_CHAIN_PAGE_START;
		return walk_chain(c, ss, page, start, visited);
	}
	/* A list in page_start[]'s overflow, the last entry marked. */
	for (uint32_t i = start & ~PTR_START_MULTI;; i++) {
		uint16_t entry;

		if (i >= ss->nstarts)
			return DYLD_E_CHAIN_PAGE_START;
		entry = macho_le16(ss->starts + i * 2u);
		if ((entry & ~PTR_START_LAST) >= ss->page_size)
			return DYLD_E_CHAIN_PAGE_START;
		err = walk_chain(c, ss, page, entry & ~PTR_START_LAST, visited);
		if (err != DYLD_OK || (entry & PTR_START_LAST))
			return err;
	}
}

/* Reads and checks the starts-in-segment at info (from starts in image). */
static enum dyld_error read_seg_starts(const struct chains *c, uint64_t info, unsigned segment,
                                       struct seg_starts *ss)
{
	const uint8_t *p;
	uint32_t size;

	if (info > c->size || c->size - info < SEG_STARTS_SIZE)
		return DYLD_E_CHAIN_STARTS;
	p = c->data + info;
	size = macho_le32(p);
	ss->page_size = macho_le16(p + 4);
	ss->format = macho_le16(p + 6);
	ss->npages = macho_le16(p + 20);
	if (size < SEG_STARTS_SIZE || size > c->size - info ||
	    (uint64_t)ss->npages * 2 > size - SEG_STARTS_SIZE)
		return DYLD_E_CHAIN_STARTS;
	if (ss->format != DYLD_CHAINED_PTR_64 && ss->format != DYLD_CHAINED_PTR_64_OFFSET)
		return DYLD_E_CHAIN_FORMAT;
	if (ss->page_size != 0x1000 && ss->page_size != MAX_PAGE_SIZE)
		return DYLD_E_CHAIN_PAGE_SIZE;
	ss->starts = p + SEG_STARTS_SIZE;
	ss->nstarts = (size - SEG_STARTS_SIZE) / 2;
	ss->segment = segment;
	ss->seg = dyld_image_segment(c->img, segment);
	/* segment_offset is the segment's distance from the mach header. */
	if (ss->seg == NULL || ss->seg->vmaddr - c->img->base != macho_le64(p + 8))
		return DYLD_E_CHAIN_SEGMENT;
	if (!(ss->seg->initprot & MACHO_PROT_WRITE))
		return DYLD_E_NOT_WRITABLE;
	return DYLD_OK;
}

enum dyld_error dyld_chained_walk(const struct dyld_image *img, dyld_fixup_fn fn, void *ctx)
{
	struct chains c;
	uint32_t starts, nsegs;
	enum dyld_error err;

	if (img->chained.size == 0)
		return DYLD_OK;
	c.img = img;
	c.data = img->file + img->chained.off;
	c.size = img->chained.size;
	c.fn = fn;
	c.ctx = ctx;
	err = read_header(&c);
	if (err != DYLD_OK)
		return err;
	starts = macho_le32(c.data + 4);
	if (starts > c.size || c.size - starts < 4)
		return DYLD_E_CHAIN_STARTS;
	nsegs = macho_le32(c.data + starts);
	/* One entry per segment command, in order; 0 means no fixups. */
	if (nsegs > img->nsegs || (uint64_t)nsegs * 4 > c.size - starts - 4)
		return DYLD_E_CHAIN_STARTS;
	for (uint32_t i = 0; i < nsegs; i++) {
		uint32_t info = macho_le32(c.data + starts + 4 + (uint64_t)i * 4);
		struct seg_starts ss;

		if (info == 0)
			continue;
		err = read_seg_starts(&c, (uint64_t)starts + info, i, &ss);
		if (err != DYLD_OK)
			return err;
		for (uint32_t page = 0; page < ss.npages; page++) {
			err = walk_page(&c, &ss, page);
			if (err != DYLD_OK)
				return err;
		}
	}
	return DYLD_OK;
}
