/*
 * Opcode numbers, immediates and the stream grammar are <mach-o/loader.h>'s:
 * the high nibble of each byte is the opcode, the low nibble an immediate.
 */
#include "opcodes.h"

#include <stdbool.h>

#include "stream.h"

#define OPCODE_MASK    0xf0u
#define IMMEDIATE_MASK 0x0fu
#define POINTER_SIZE   8u
#define TYPE_POINTER   1u /* REBASE_TYPE_POINTER, BIND_TYPE_POINTER */

#define REBASE_OPCODE_DONE                               0x00u
#define REBASE_OPCODE_SET_TYPE_IMM                       0x10u
#define REBASE_OPCODE_SET_SEGMENT_AND_OFFSET_ULEB        0x20u
#define REBASE_OPCODE_ADD_ADDR_ULEB                      0x30u
#define REBASE_OPCODE_ADD_ADDR_IMM_SCALED                0x40u
#define REBASE_OPCODE_DO_REBASE_IMM_TIMES                0x50u
#define REBASE_OPCODE_DO_REBASE_ULEB_TIMES               0x60u
#define REBASE_OPCODE_DO_REBASE_ADD_ADDR_ULEB            0x70u
#define REBASE_OPCODE_DO_REBASE_ULEB_TIMES_SKIPPING_ULEB 0x80u

#define BIND_OPCODE_DONE                             0x00u
#define BIND_OPCODE_SET_DYLIB_ORDINAL_IMM            0x10u
#define BIND_OPCODE_SET_DYLIB_ORDINAL_ULEB           0x20u
#define BIND_OPCODE_SET_DYLIB_SPECIAL_IMM            0x30u
#define BIND_OPCODE_SET_SYMBOL_TRAILING_FLAGS_IMM    0x40u
#define BIND_OPCODE_SET_TYPE_IMM                     0x50u
#define BIND_OPCODE_SET_ADDEND_SLEB                  0x60u
#define BIND_OPCODE_SET_SEGMENT_AND_OFFSET_ULEB      0x70u
#define BIND_OPCODE_ADD_ADDR_ULEB                    0x80u
#define BIND_OPCODE_DO_BIND                          0x90u
#define BIND_OPCODE_DO_BIND_ADD_ADDR_ULEB            0xa0u
#define BIND_OPCODE_DO_BIND_ADD_ADDR_IMM_SCALED      0xb0u
#define BIND_OPCODE_DO_BIND_ULEB_TIMES_SKIPPING_ULEB 0xc0u

#define BIND_SYMBOL_FLAGS_WEAK_IMPORT         0x1u
#define BIND_SYMBOL_FLAGS_NON_WEAK_DEFINITION 0x8u

/* One walk: the callback, and how many more fixups the image can hold. */
struct walk {
	const struct dyld_image *img;
	dyld_fixup_fn fn;
	void *ctx;
	uint64_t budget;
};

/* The interpreter's registers; a lazy record starts from fresh ones. */
struct regs {
	uint8_t type;
	uint64_t segment;
	uint64_t offset;
	int64_t ordinal;
	const char *symbol;
	uint8_t flags;
	int64_t addend;
	uint32_t record; /* stream offset of the current lazy record */
};

/* A valid image fixes each pointer slot once: more fixups than slots is a loop. */
static uint64_t pointer_slots(const struct dyld_image *img)
{
	uint64_t slots = 0;

	for (unsigned i = 0; i < img->macho.nsegments; i++) {
		if (img->macho.segments[i].initprot & MACHO_PROT_WRITE)
			slots += img->macho.segments[i].filesize / POINTER_SIZE;
	}
	return slots;
}

static void walk_init(struct walk *w, const struct dyld_image *img, dyld_fixup_fn fn, void *ctx)
{
	w->img = img;
	w->fn = fn;
	w->ctx = ctx;
	w->budget = pointer_slots(img);
}

static void stream_init(struct dyld_stream *s, const struct dyld_image *img,
                        const struct dyld_range *r)
{
	s->start = img->file + r->off;
	s->pos = s->start;
	s->end = s->start + r->size;
}

static void regs_init(struct regs *r, uint8_t type)
{
	r->type = type;
	r->segment = UINT64_MAX; /* unset: any fixup before SET_SEGMENT is refused */
	r->offset = 0;
	r->ordinal = 0;
	r->symbol = NULL;
	r->flags = 0;
	r->addend = 0;
	r->record = 0;
}

/* Checks the fixup at the registers' location and fills what every kind shares. */
static enum dyld_error locate(struct walk *w, const struct regs *r, struct dyld_fixup *fx)
{
	enum dyld_error err;

	if (r->type != TYPE_POINTER)
		return DYLD_E_FIXUP_TYPE;
	err = dyld_image_check_fixup(w->img, r->segment, r->offset);
	if (err != DYLD_OK)
		return err;
	if (w->budget == 0)
		return DYLD_E_TOO_MANY_FIXUPS;
	w->budget--;
	fx->segment = (unsigned)r->segment;
	fx->offset = r->offset;
	fx->address = dyld_image_segment(w->img, r->segment)->vmaddr + r->offset;
	return DYLD_OK;
}

static enum dyld_error do_rebase(struct walk *w, const struct regs *r)
{
	struct dyld_fixup fx = {.kind = DYLD_FIXUP_REBASE};
	enum dyld_error err = locate(w, r, &fx);

	if (err != DYLD_OK)
		return err;
	fx.target =
	    macho_le64(w->img->file + dyld_image_segment(w->img, r->segment)->fileoff + r->offset);
	return w->fn(w->ctx, &fx);
}

/* Rebases count pointers, each followed by skip more bytes. */
static enum dyld_error rebase_times(struct walk *w, struct regs *r, uint64_t count, uint64_t skip)
{
	enum dyld_error err;

	for (uint64_t i = 0; i < count; i++) {
		err = do_rebase(w, r);
		if (err != DYLD_OK)
			return err;
		r->offset += POINTER_SIZE + skip;
	}
	return DYLD_OK;
}

enum dyld_error dyld_opcodes_rebases(const struct dyld_image *img, dyld_fixup_fn fn, void *ctx)
{
	struct walk w;
	struct dyld_stream s;
	struct regs r;
	uint64_t a, b;
	enum dyld_error err = DYLD_OK;

	if (img->rebase.size == 0)
		return DYLD_OK;
	walk_init(&w, img, fn, ctx);
	stream_init(&s, img, &img->rebase);
	regs_init(&r, 0);
	while (s.pos < s.end) {
		uint8_t op = *s.pos & OPCODE_MASK, imm = *s.pos & IMMEDIATE_MASK;

		s.pos++;
		switch (op) {
		case REBASE_OPCODE_DONE: return DYLD_OK;
		case REBASE_OPCODE_SET_TYPE_IMM: r.type = imm; break;
		case REBASE_OPCODE_SET_SEGMENT_AND_OFFSET_ULEB:
			r.segment = imm;
			err = dyld_stream_uleb(&s, &r.offset);
			break;
		case REBASE_OPCODE_ADD_ADDR_ULEB:
			err = dyld_stream_uleb(&s, &a);
			r.offset += a;
			break;
		case REBASE_OPCODE_ADD_ADDR_IMM_SCALED: r.offset += imm * POINTER_SIZE; break;
		case REBASE_OPCODE_DO_REBASE_IMM_TIMES: err = rebase_times(&w, &r, imm, 0); break;
		case REBASE_OPCODE_DO_REBASE_ULEB_TIMES:
			err = dyld_stream_uleb(&s, &a);
			if (err == DYLD_OK)
				err = rebase_times(&w, &r, a, 0);
			break;
		case REBASE_OPCODE_DO_REBASE_ADD_ADDR_ULEB:
			err = dyld_stream_uleb(&s, &a);
			if (err == DYLD_OK)
				err = rebase_times(&w, &r, 1, a);
			break;
		case REBASE_OPCODE_DO_REBASE_ULEB_TIMES_SKIPPING_ULEB:
			err = dyld_stream_uleb(&s, &a);
			if (err == DYLD_OK)
				err = dyld_stream_uleb(&s, &b);
			if (err == DYLD_OK)
				err = rebase_times(&w, &r, a, b);
			break;
		default: return DYLD_E_OPCODE;
		}
		if (err != DYLD_OK)
			return err;
	}
	return DYLD_E_OPCODE_END;
}

static enum dyld_error do_bind(struct walk *w, const struct regs *r, enum dyld_fixup_kind kind)
{
	struct dyld_fixup fx = {.kind = kind};
	enum dyld_error err;

	if (r->symbol == NULL)
		return DYLD_E_NO_SYMBOL;
	if (kind != DYLD_FIXUP_WEAK_BIND && !dyld_image_ordinal_ok(w->img, r->ordinal))
		return DYLD_E_ORDINAL;
	err = locate(w, r, &fx);
	if (err != DYLD_OK)
		return err;
	fx.symbol = r->symbol;
	fx.ordinal = kind == DYLD_FIXUP_WEAK_BIND ? DYLD_ORDINAL_WEAK_LOOKUP : r->ordinal;
	fx.addend = r->addend;
	fx.weak_import = (r->flags & BIND_SYMBOL_FLAGS_WEAK_IMPORT) != 0;
	fx.strong_def = (r->flags & BIND_SYMBOL_FLAGS_NON_WEAK_DEFINITION) != 0;
	fx.lazy_offset = r->record;
	return w->fn(w->ctx, &fx);
}

static enum dyld_error bind_times(struct walk *w, struct regs *r, enum dyld_fixup_kind kind,
                                  uint64_t count, uint64_t skip)
{
	enum dyld_error err;

	for (uint64_t i = 0; i < count; i++) {
		err = do_bind(w, r, kind);
		if (err != DYLD_OK)
			return err;
		r->offset += POINTER_SIZE + skip;
	}
	return DYLD_OK;
}

/*
 * Interprets one bind opcode. *done is set by BIND_OPCODE_DONE, which ends
 * the stream, or (lazy) the record.
 */
static enum dyld_error bind_step(struct walk *w, struct dyld_stream *s, struct regs *r,
                                 enum dyld_fixup_kind kind, bool *done)
{
	uint8_t op = *s->pos & OPCODE_MASK, imm = *s->pos & IMMEDIATE_MASK;
	uint64_t a, b;
	enum dyld_error err;

	s->pos++;
	switch (op) {
	case BIND_OPCODE_DONE: *done = true; return DYLD_OK;
	case BIND_OPCODE_SET_DYLIB_ORDINAL_IMM: r->ordinal = imm; return DYLD_OK;
	case BIND_OPCODE_SET_DYLIB_ORDINAL_ULEB:
		err = dyld_stream_uleb(s, &a);
		/* Kept in range of int64_t; the bind checks it against the dylibs. */
		r->ordinal = a > INT32_MAX ? INT32_MAX : (int64_t)a;
		return err;
	case BIND_OPCODE_SET_DYLIB_SPECIAL_IMM:
		/* A 4-bit negative number: 0xf is -1, 0xe is -2, ...; 0 stays 0. */
		r->ordinal = imm == 0 ? 0 : (int64_t)imm - 16;
		return DYLD_OK;
	case BIND_OPCODE_SET_SYMBOL_TRAILING_FLAGS_IMM:
		r->flags = imm;
		return dyld_stream_string(s, &r->symbol);
	case BIND_OPCODE_SET_TYPE_IMM: r->type = imm; return DYLD_OK;
	case BIND_OPCODE_SET_ADDEND_SLEB: return dyld_stream_sleb(s, &r->addend);
	case BIND_OPCODE_SET_SEGMENT_AND_OFFSET_ULEB:
		r->segment = imm;
		return dyld_stream_uleb(s, &r->offset);
	case BIND_OPCODE_ADD_ADDR_ULEB:
		err = dyld_stream_uleb(s, &a);
		r->offset += a;
		return err;
	case BIND_OPCODE_DO_BIND: return bind_times(w, r, kind, 1, 0);
	case BIND_OPCODE_DO_BIND_ADD_ADDR_ULEB:
		err = dyld_stream_uleb(s, &a);
		return err != DYLD_OK ? err : bind_times(w, r, kind, 1, a);
	case BIND_OPCODE_DO_BIND_ADD_ADDR_IMM_SCALED:
		return bind_times(w, r, kind, 1, imm * POINTER_SIZE);
	case BIND_OPCODE_DO_BIND_ULEB_TIMES_SKIPPING_ULEB:
		err = dyld_stream_uleb(s, &a);
		if (err == DYLD_OK)
			err = dyld_stream_uleb(s, &b);
		return err != DYLD_OK ? err : bind_times(w, r, kind, a, b);
	default: return DYLD_E_OPCODE;
	}
}

static const struct dyld_range *bind_stream(const struct dyld_image *img, enum dyld_fixup_kind kind)
{
	switch (kind) {
	case DYLD_FIXUP_WEAK_BIND: return &img->weak_bind;
	case DYLD_FIXUP_LAZY_BIND: return &img->lazy_bind;
	default: return &img->bind;
	}
}

enum dyld_error dyld_opcodes_binds(const struct dyld_image *img, enum dyld_fixup_kind kind,
                                   dyld_fixup_fn fn, void *ctx)
{
	const struct dyld_range *range = bind_stream(img, kind);
	struct walk w;
	struct dyld_stream s;
	struct regs r;
	bool done = false;
	enum dyld_error err;

	if (kind == DYLD_FIXUP_REBASE)
		return DYLD_E_FIXUP_TYPE;
	if (range->size == 0)
		return DYLD_OK;
	walk_init(&w, img, fn, ctx);
	stream_init(&s, img, range);
	regs_init(&r, TYPE_POINTER);
	while (s.pos < s.end) {
		err = bind_step(&w, &s, &r, kind, &done);
		if (err != DYLD_OK)
			return err;
		if (done && kind != DYLD_FIXUP_LAZY_BIND)
			return DYLD_OK;
		if (done) {
			done = false;
			regs_init(&r, TYPE_POINTER);
			r.record = (uint32_t)(s.pos - s.start);
		}
	}
	/* A lazy stream ends right after a record's DONE; the others end with DONE. */
	if (kind == DYLD_FIXUP_LAZY_BIND && s.pos == s.start + r.record)
		return DYLD_OK;
	return DYLD_E_OPCODE_END;
}

/* Counts the binds of a single lazy record. */
struct lazy_one {
	dyld_fixup_fn fn;
	void *ctx;
	unsigned binds;
};

static enum dyld_error count_lazy(void *ctx, const struct dyld_fixup *fx)
{
	struct lazy_one *one = ctx;

	if (++one->binds > 1)
		return DYLD_E_LAZY_OFFSET;
	return one->fn(one->ctx, fx);
}

enum dyld_error dyld_opcodes_lazy_bind_at(const struct dyld_image *img, uint32_t offset,
                                          dyld_fixup_fn fn, void *ctx)
{
	struct lazy_one one = {.fn = fn, .ctx = ctx, .binds = 0};
	struct walk w;
	struct dyld_stream s;
	struct regs r;
	bool done = false;
	enum dyld_error err;

	if (offset >= img->lazy_bind.size)
		return DYLD_E_LAZY_OFFSET;
	walk_init(&w, img, count_lazy, &one);
	stream_init(&s, img, &img->lazy_bind);
	s.pos += offset;
	regs_init(&r, TYPE_POINTER);
	r.record = offset;
	while (s.pos < s.end && !done) {
		err = bind_step(&w, &s, &r, DYLD_FIXUP_LAZY_BIND, &done);
		if (err != DYLD_OK)
			return err;
	}
	if (!done)
		return DYLD_E_OPCODE_END;
	return one.binds == 1 ? DYLD_OK : DYLD_E_LAZY_OFFSET;
}
