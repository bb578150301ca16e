/* Initializer and thread-local sections, read from the mapped image. */
#include "init.h"

#include <string.h>

static bool in_code(const struct dyld_image *img, uint64_t address)
{
	for (unsigned i = 0; i < img->macho.nsegments; i++) {
		const struct macho_segment *seg = &img->macho.segments[i];

		if ((seg->initprot & MACHO_PROT_EXECUTE) && address >= seg->vmaddr &&
		    address - seg->vmaddr < seg->filesize)
			return true;
	}
	return false;
}

static enum dyld_error run_section(const struct dyld_image *img, const struct dyld_section *s,
                                   const uint8_t *mem, uint64_t slide, dyld_init_fn fn, void *ctx)
{
	const uint8_t *p = mem + (s->addr - img->macho.vm_start);
	uint64_t width = s->type == DYLD_S_MOD_INIT_FUNC ? 8 : 4;
	enum dyld_error err;

	for (uint64_t off = 0; off < s->size; off += width) {
		/* Unslid address: a slid pointer less the slide, or base + offset. */
		uint64_t address =
		    width == 8 ? macho_le64(p + off) - slide : img->base + macho_le32(p + off);

		if (!in_code(img, address))
			return DYLD_E_INIT_RANGE;
		err = fn(ctx, address + slide);
		if (err != DYLD_OK)
			return err;
	}
	return DYLD_OK;
}

enum dyld_error dyld_init_each(const struct dyld_image *img, const uint8_t *mem, uint64_t slide,
                               dyld_init_fn fn, void *ctx)
{
	enum dyld_error err;

	for (unsigned i = 0; i < img->nsections; i++) {
		const struct dyld_section *s = &img->sections[i];

		if (s->type != DYLD_S_MOD_INIT_FUNC && s->type != DYLD_S_INIT_OFFSETS)
			continue;
		err = run_section(img, s, mem, slide, fn, ctx);
		if (err != DYLD_OK)
			return err;
	}
	return DYLD_OK;
}

enum dyld_error dyld_term_each(const struct dyld_image *img, const uint8_t *mem, uint64_t slide,
                               dyld_init_fn fn, void *ctx)
{
	for (unsigned i = img->nsections; i-- > 0;) {
		const struct dyld_section *s = &img->sections[i];
		const uint8_t *p = mem + (s->addr - img->macho.vm_start);

		if (s->type != DYLD_S_MOD_TERM_FUNC)
			continue;
		for (uint64_t off = s->size; off >= 8; off -= 8) {
			uint64_t address = macho_le64(p + off - 8) - slide;
			enum dyld_error err;

			if (!in_code(img, address))
				return DYLD_E_INIT_RANGE;
			err = fn(ctx, address + slide);
			if (err != DYLD_OK)
				return err;
		}
	}
	return DYLD_OK;
}

enum dyld_error dyld_init_tlv(const struct dyld_image *img, const uint8_t *mem,
                              struct dyld_tlv *tlv)
{
	uint64_t end = 0;
	const struct dyld_section *vars = NULL;

	memset(tlv, 0, sizeof(*tlv));
	tlv->start = UINT64_MAX;
	for (unsigned i = 0; i < img->nsections; i++) {
		const struct dyld_section *s = &img->sections[i];

		if (s->type == DYLD_S_THREAD_LOCAL_VARS) {
			if (vars != NULL)
				return DYLD_E_SECTION_MANY;
			vars = s;
			continue;
		}
		if (s->type != DYLD_S_THREAD_LOCAL_DATA && s->type != DYLD_S_THREAD_LOCAL_BSS)
			continue;
		/* The kernel's parse checked addr + size does not wrap. */
		if (s->addr < tlv->start)
			tlv->start = s->addr;
		if (s->addr + s->size > end)
			end = s->addr + s->size;
		if (s->type == DYLD_S_THREAD_LOCAL_DATA && s->addr + s->size > tlv->init_size)
			tlv->init_size = s->addr + s->size;
	}
	if (tlv->start == UINT64_MAX) {
		tlv->start = 0;
		return vars == NULL || vars->size == 0 ? DYLD_OK : DYLD_E_SECTION_FILE;
	}
	tlv->init_size = tlv->init_size > tlv->start ? tlv->init_size - tlv->start : 0;
	tlv->size = end - tlv->start;
	if (vars == NULL)
		return DYLD_OK;
	tlv->vars = vars->addr;
	tlv->nvars = vars->size / 24;
	for (uint64_t i = 0; i < tlv->nvars; i++) {
		const uint8_t *d = mem + (vars->addr - img->macho.vm_start) + i * 24;

		if (macho_le64(d + 16) >= tlv->size)
			return DYLD_E_SECTION_FILE;
	}
	return DYLD_OK;
}
