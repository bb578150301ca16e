/*
 * Fixups applied: the programs and their dylibs are mapped into buffers,
 * each with its own slide, and fixed up binding through dyld_link (the
 * dylibs' exports tries, following libfix's re-export of libre).
 * Every pointer the program holds must then be what llvm-nm says, slid:
 * rebases, binds with addends, weak imports present and missing, the
 * re-exported symbol, lazy pointers before and after the stub binder,
 * thread-local descriptors and initializers.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyld/apply.h"
#include "dyld/init.h"
#include "dyld/link.h"
#include "dyld/opcodes.h"
#include "fixture.h"
#include "host/check.h"

/* One mapped image. */
struct loaded {
	const char *name;
	uint8_t *file;
	size_t size;
	struct dyld_image img;
	uint8_t *mem;
	char *nm;
	struct dyld_loaded link;
};

/* The program, libfix and libre, in load order. */
struct world {
	struct loaded prog, libfix, libre;
	struct dyld_loaded *order[3];
	struct dyld_namespace ns;
};

static void load(struct loaded *l, const char *name, uint64_t slide)
{
	char nm[256];
	size_t size;

	l->name = name;
	l->file = fixture_read(name, &l->size, false);
	fixture_parse(l->file, l->size, &l->img);
	l->mem = fixture_map(&l->img);
	snprintf(nm, sizeof(nm), "%s.nm", name);
	l->nm = (char *)fixture_read(nm, &size, true);
	memset(&l->link, 0, sizeof(l->link));
	l->link.img = &l->img;
	l->link.slide = slide;
}

static void unload(struct loaded *l)
{
	free(l->file);
	free(l->mem);
	free(l->nm);
}

/* Loads the three and links their ordinals: prog -> libfix -> libre (loaded and re-exported). */
static void load_world(struct world *w, const char *prog, const char *libfix)
{
	load(&w->prog, prog, 0x7000000);
	load(&w->libfix, libfix, 0x200000000);
	load(&w->libre, "libre.dylib", 0x300000000);
	CHECK(w->prog.img.ndylibs == 1 && w->libfix.img.ndylibs == 2 && w->libre.img.ndylibs == 0);
	w->prog.link.deps[0] = &w->libfix.link;
	w->libfix.link.deps[0] = &w->libre.link;
	w->libfix.link.deps[1] = &w->libre.link;
	w->order[0] = &w->prog.link;
	w->order[1] = &w->libfix.link;
	w->order[2] = &w->libre.link;
	w->ns.images = w->order;
	w->ns.n = 3;
}

static void unload_world(struct world *w)
{
	unload(&w->prog);
	unload(&w->libfix);
	unload(&w->libre);
}

/* Fixes l up as dyld would, binding in w's namespace. */
static enum dyld_error fix(struct world *w, struct loaded *l, enum dyld_bind_mode mode)
{
	struct dyld_link_resolver r = {&w->ns, &l->link};

	return dyld_apply(&l->img, l->mem, l->link.slide, mode, dyld_link_resolve, &r);
}

static enum dyld_error resolve_nothing(void *ctx, const struct dyld_fixup *fx, uint64_t *address)
{
	(void)ctx;
	(void)fx;
	(void)address;
	return DYLD_E_NOT_FOUND;
}

static uint64_t word(const struct loaded *l, uint64_t address)
{
	return macho_le64(l->mem + (address - l->img.macho.vm_start));
}

static uint64_t sym(const struct loaded *l, const char *name)
{
	return fixture_nm(l->nm, name) + l->link.slide;
}

/* The program's pointer called var, read from its mapping. */
static uint64_t var(const struct loaded *l, const char *name)
{
	return word(l, fixture_nm(l->nm, name));
}

struct inits {
	uint64_t address[8];
	unsigned n;
};

static enum dyld_error collect_init(void *ctx, uint64_t address)
{
	struct inits *in = ctx;

	CHECK(in->n < 8);
	in->address[in->n++] = address;
	return DYLD_OK;
}

struct lazies {
	uint64_t address[8];
	uint32_t offset[8];
	unsigned n;
};

static enum dyld_error collect_lazy(void *ctx, const struct dyld_fixup *fx)
{
	struct lazies *lz = ctx;

	CHECK(lz->n < 8);
	lz->address[lz->n] = fx->address;
	lz->offset[lz->n++] = fx->lazy_offset;
	return DYLD_OK;
}

static void check_program(struct world *w, const char *prog, const char *libfix,
                          enum dyld_bind_mode mode)
{
	struct loaded *p = &w->prog, *f = &w->libfix, *r = &w->libre;
	struct inits in = {.n = 0};
	struct dyld_tlv tlv;

	load_world(w, prog, libfix);
	CHECK(fix(w, f, DYLD_BIND_NOW) == DYLD_OK);
	CHECK(fix(w, r, DYLD_BIND_NOW) == DYLD_OK);
	CHECK(var(f, "_lib_ptr") == sym(f, "_lib_value"));

	/* With nothing to bind to, only the weak imports can be satisfied. */
	CHECK(dyld_apply(&p->img, p->mem, p->link.slide, mode, resolve_nothing, NULL) ==
	      DYLD_E_UNDEFINED);
	free(p->mem);
	p->mem = fixture_map(&p->img);

	CHECK(fix(w, p, mode) == DYLD_OK);
	CHECK(var(p, "_p_local") == sym(p, "_local_data"));
	CHECK(var(p, "_p_func") == sym(f, "_lib_func"));
	CHECK(var(p, "_p_imported") == sym(f, "_lib_value"));
	CHECK(var(p, "_p_addend") == sym(f, "_lib_array") + 3 * sizeof(int));
	CHECK(var(p, "_p_weak") == sym(f, "_lib_weak_def"));
	CHECK(var(p, "_p_missing") == 0);
	CHECK(var(p, "_p_re") == sym(r, "_re_value"));
	CHECK(var(p, "_p_start") == 0); /* zero-fill, set by the initializer at run time */

	/* Each thread-local descriptor's thunk is bound to __tlv_bootstrap. */
	CHECK(dyld_init_tlv(&p->img, p->mem, &tlv) == DYLD_OK);
	CHECK(tlv.nvars == 2 && tlv.init_size == sizeof(int) && tlv.size == 2 * sizeof(int));
	CHECK(tlv.vars == fixture_nm(p->nm, "_tls_var"));
	for (uint64_t i = 0; i < tlv.nvars; i++) {
		CHECK(word(p, tlv.vars + 24 * i) == sym(f, "__tlv_bootstrap"));
		CHECK(word(p, tlv.vars + 24 * i + 16) == i * sizeof(int));
	}
	CHECK(macho_le32(p->file + (tlv.start - p->img.base)) == 3); /* tls_var's initial value */

	/* One initializer, whichever section form the linker chose. */
	CHECK(dyld_init_each(&p->img, p->mem, p->link.slide, collect_init, &in) == DYLD_OK);
	CHECK(in.n == 1 && in.address[0] == sym(p, "_prog_init"));

	printf("%s with %s (%s): fixed up\n", prog, libfix, mode == DYLD_BIND_NOW ? "now" : "lazy");
	unload_world(w);
}

/*
 * The lazy-bind offset lld's stub helper entry i hands dyld_stub_binder: the
 * section is a 24-byte header, then 12-byte entries (ldr w16, b, the offset).
 */
static uint32_t stub_helper_offset(const struct loaded *l, unsigned i)
{
	struct macho_command cmd = {.data = NULL};

	while (macho_command_next(l->file, &cmd)) {
		uint32_t nsects = cmd.type == 0x19 ? macho_le32(cmd.data + 64) : 0;

		for (uint32_t n = 0; n < nsects; n++) {
			const uint8_t *sect = cmd.data + 72 + 80 * n;

			if (strcmp((const char *)sect, "__stub_helper") == 0) {
				CHECK(24 + 12 * (i + 1) <= macho_le64(sect + 40));
				return macho_le32(l->file + macho_le32(sect + 48) + 24 + 12 * i +
				                  8);
			}
		}
	}
	abort();
}

/* lld-14's lazy pointers: the stub helper until dyld_stub_binder binds them. */
static void check_lazy(struct world *w)
{
	struct loaded *p = &w->prog;
	struct dyld_link_resolver res = {&w->ns, &p->link};
	struct lazies lz = {.n = 0};
	const char *want[] = {"_lib_func", "_re_func"};

	load_world(w, "prog_opcodes.macho", "libfix.dylib");
	CHECK(fix(w, p, DYLD_BIND_LAZY) == DYLD_OK);
	CHECK(dyld_opcodes_binds(&p->img, DYLD_FIXUP_LAZY_BIND, collect_lazy, &lz) == DYLD_OK);
	CHECK(lz.n == 2);
	for (unsigned i = 0; i < lz.n; i++) {
		uint64_t unslid = macho_le64(p->file + (lz.address[i] - p->img.base));
		uint64_t target;
		struct loaded *lib = i == 0 ? &w->libfix : &w->libre;

		/* Rebased, pointing into __stub_helper, which names this record. */
		CHECK(word(p, lz.address[i]) == unslid + p->link.slide);
		CHECK(stub_helper_offset(p, i) == lz.offset[i]);
		CHECK(dyld_apply_lazy(&p->img, p->mem, p->link.slide, lz.offset[i],
		                      dyld_link_resolve, &res, &target) == DYLD_OK);
		CHECK(target == sym(lib, want[i]));
		CHECK(word(p, lz.address[i]) == target);
	}
	CHECK(dyld_apply_lazy(&p->img, p->mem, p->link.slide, 1, dyld_link_resolve, &res,
	                      &lz.address[0]) != DYLD_OK);
	unload_world(w);
}

/* dlsym-style lookups: re-exports, flat and weak searches, a missing dylib, a loop. */
static void check_link(struct world *w)
{
	struct dyld_definition def;
	struct dyld_fixup fx;

	load_world(w, "prog_opcodes.macho", "libfix.dylib");
	/* Initializers: libre, then libfix, then the program. */
	{
		struct dyld_loaded *order[3];

		CHECK(dyld_link_init_order(&w->ns, order) == DYLD_OK);
		CHECK(order[0] == &w->libre.link && order[1] == &w->libfix.link &&
		      order[2] == &w->prog.link);
		/* A dependency outside the namespace. */
		w->ns.n = 2;
		CHECK(dyld_link_init_order(&w->ns, order) == DYLD_E_NOT_LOADED);
		w->ns.n = 3;
	}
	CHECK(dyld_link_find(&w->libfix.link, "_re_value", &def) == DYLD_OK);
	CHECK(def.image == &w->libre.link && def.address == sym(&w->libre, "_re_value"));
	CHECK(dyld_link_find(&w->libfix.link, "_lib_array", &def) == DYLD_OK);
	CHECK(def.image == &w->libfix.link && def.resolver == 0 && def.flags == 0);
	CHECK(dyld_link_find(&w->libre.link, "_lib_array", &def) == DYLD_E_NOT_FOUND);
	/* The program's own exports, through the main-executable ordinal. */
	memset(&fx, 0, sizeof(fx));
	fx.kind = DYLD_FIXUP_BIND;
	fx.ordinal = DYLD_ORDINAL_MAIN;
	fx.symbol = "_p_local";
	CHECK(dyld_link_bind(&w->ns, &w->libfix.link, &fx, &def) == DYLD_OK);
	CHECK(def.image == &w->prog.link && def.address == sym(&w->prog, "_p_local"));
	fx.ordinal = DYLD_ORDINAL_FLAT_LOOKUP;
	fx.symbol = "_re_func";
	CHECK(dyld_link_bind(&w->ns, &w->prog.link, &fx, &def) == DYLD_OK);
	CHECK(def.address == sym(&w->libre, "_re_func"));
	fx.ordinal = DYLD_ORDINAL_WEAK_LOOKUP;
	fx.symbol = "_lib_weak_def";
	CHECK(dyld_link_bind(&w->ns, &w->prog.link, &fx, &def) == DYLD_OK);
	CHECK((def.flags & DYLD_EXPORT_WEAK_DEFINITION) && def.image == &w->libfix.link);
	fx.ordinal = 2;
	CHECK(dyld_link_bind(&w->ns, &w->prog.link, &fx, &def) == DYLD_E_ORDINAL);
	/* A weak dylib that is missing: its symbols are simply not there. */
	w->prog.link.deps[0] = NULL;
	fx.ordinal = 1;
	CHECK(dyld_link_bind(&w->ns, &w->prog.link, &fx, &def) == DYLD_E_NOT_FOUND);
	/* libfix re-exporting itself: a lookup that misses goes round until refused. */
	w->libfix.link.deps[1] = &w->libfix.link;
	CHECK(dyld_link_find(&w->libfix.link, "_nowhere", &def) == DYLD_E_REEXPORT_LOOP);
	unload_world(w);
	printf("lookups across images\n");
}

/* A weak dylib that is not there: every import from it becomes 0, the rest is fixed. */
static void check_weak_dylib(struct world *w)
{
	struct loaded *p = &w->prog;

	load(p, "prog_weaklib.macho", 0x7000000);
	CHECK(p->img.ndylibs == 1 && p->img.dylibs[0].kind == DYLD_DYLIB_WEAK);
	w->order[0] = &p->link;
	w->ns.images = w->order;
	w->ns.n = 1;
	CHECK(fix(w, p, DYLD_BIND_NOW) == DYLD_OK);
	CHECK(var(p, "_p_local") == sym(p, "_local_data"));
	CHECK(var(p, "_p_func") == 0 && var(p, "_p_imported") == 0 && var(p, "_p_re") == 0);
	CHECK(var(p, "_p_addend") == 0);
	unload(p);
	printf("weak dylib missing: imports are 0\n");
}

int main(void)
{
	struct world w;

	memset(&w, 0, sizeof(w));
	check_program(&w, "prog_opcodes.macho", "libfix.dylib", DYLD_BIND_NOW);
	check_program(&w, "prog_opcodes.macho", "libfix.dylib", DYLD_BIND_LAZY);
	check_program(&w, "prog_chained.macho", "libfix_chained.dylib", DYLD_BIND_NOW);
	check_program(&w, "prog_chained.macho", "libfix.dylib", DYLD_BIND_NOW);
	check_lazy(&w);
	check_link(&w);
	check_weak_dylib(&w);
	printf("PASS\n");
	return 0;
}
