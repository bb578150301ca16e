/* Writing fixups into a mapped image. */
#include "apply.h"

#include "chained.h"
#include "opcodes.h"

struct apply {
	const struct dyld_image *img;
	uint8_t *mem;
	uint64_t slide;
	dyld_resolve_fn resolve;
	void *ctx;
	uint64_t last; /* the value last written */
};

static void store64(uint8_t *p, uint64_t v)
{
	for (unsigned i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static enum dyld_error apply_one(void *ctx, const struct dyld_fixup *fx)
{
	struct apply *a = ctx;
	uint64_t value;
	enum dyld_error err;

	if (fx->kind == DYLD_FIXUP_REBASE) {
		value = (fx->target + a->slide) | (uint64_t)fx->high8 << 56;
	} else {
		err = a->resolve(a->ctx, fx, &value);
		if (err == DYLD_OK)
			value += (uint64_t)fx->addend;
		else if (err != DYLD_E_NOT_FOUND)
			return err;
		else if (fx->kind == DYLD_FIXUP_WEAK_BIND)
			return DYLD_OK; /* the use keeps its own definition */
		else if (fx->weak_import)
			value = 0;
		else
			return DYLD_E_UNDEFINED;
	}
	/* The walkers checked the fixup lies in a segment's file data, inside mem. */
	store64(a->mem + (fx->address - a->img->macho.vm_start), value);
	a->last = value;
	return DYLD_OK;
}

enum dyld_error dyld_apply(const struct dyld_image *img, uint8_t *mem, uint64_t slide,
                           enum dyld_bind_mode mode, dyld_resolve_fn resolve, void *ctx)
{
	struct apply a = {img, mem, slide, resolve, ctx, 0};
	enum dyld_error err;

	if (img->chained.size != 0)
		return dyld_chained_walk(img, apply_one, &a);
	err = dyld_opcodes_rebases(img, apply_one, &a);
	if (err == DYLD_OK)
		err = dyld_opcodes_binds(img, DYLD_FIXUP_BIND, apply_one, &a);
	if (err == DYLD_OK && mode == DYLD_BIND_NOW)
		err = dyld_opcodes_binds(img, DYLD_FIXUP_LAZY_BIND, apply_one, &a);
	if (err == DYLD_OK)
		err = dyld_opcodes_binds(img, DYLD_FIXUP_WEAK_BIND, apply_one, &a);
	return err;
}

enum dyld_error dyld_apply_lazy(const struct dyld_image *img, uint8_t *mem, uint64_t slide,
                                uint32_t lazy_offset, dyld_resolve_fn resolve, void *ctx,
                                uint64_t *target)
{
	struct apply a = {img, mem, slide, resolve, ctx, 0};
	enum dyld_error err;

	err = dyld_opcodes_lazy_bind_at(img, lazy_offset, apply_one, &a);
	if (err == DYLD_OK)
		*target = a.last;
	return err;
}
