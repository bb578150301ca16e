/*
 * Fixups applied: the programs and their dylibs are mapped into buffers,
 * each with its own slide, and fixed up with a resolver that looks symbols
 * up in the dylibs' exports tries (following libfix's re-export of libre).
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
#include "dyld/opcodes.h"
#include "dyld/trie.h"
#include "fixture.h"
#include "host/check.h"

/* One mapped image. */
struct loaded {
	const char *name;
	uint8_t *file;
	size_t size;
	struct dyld_image img;
	uint8_t *mem;
	uint64_t slide;
	char *nm;
};

/* The program, libfix and libre; dylibs are found by install name. */
struct world {
	struct loaded prog, libfix, libre;
};

static void load(struct loaded *l, const char *name, uint64_t slide)
{
	char nm[256];
	size_t size;

	l->name = name;
	l->file = fixture_read(name, &l->size, false);
	fixture_parse(l->file, l->size, &l->img);
	l->mem = fixture_map(&l->img);
	l->slide = slide;
	snprintf(nm, sizeof(nm), "%s.nm", name);
	l->nm = (char *)fixture_read(nm, &size, true);
}

static void unload(struct loaded *l)
{
	free(l->file);
	free(l->mem);
	free(l->nm);
}

static struct loaded *find_dylib(struct world *w, const char *path)
{
	if (strcmp(path, "/usr/lib/libfix.dylib") == 0)
		return &w->libfix;
	if (strcmp(path, "@loader_path/libre.dylib") == 0)
		return &w->libre;
	return NULL;
}

/* Looks name up in l, then in the dylibs l re-exports, as dyld does. */
static enum dyld_error lookup(struct world *w, struct loaded *l, const char *name,
                              uint64_t *address, unsigned depth)
{
	struct dyld_export exp;
	enum dyld_error err;

	CHECK(depth < 4);
	err = dyld_trie_lookup(&l->img, name, &exp);
	if (err == DYLD_OK && (exp.flags & DYLD_EXPORT_REEXPORT)) {
		const char *there = exp.reexport_name[0] ? exp.reexport_name : name;

		return lookup(w, find_dylib(w, l->img.dylibs[exp.reexport_ordinal - 1].path), there,
		              address, depth + 1);
	}
	if (err == DYLD_OK) {
		*address = l->img.base + l->slide + exp.address;
		return DYLD_OK;
	}
	if (err != DYLD_E_NOT_FOUND)
		return err;
	for (unsigned i = 0; i < l->img.ndylibs; i++) {
		if (l->img.dylibs[i].kind == DYLD_DYLIB_REEXPORT &&
		    lookup(w, find_dylib(w, l->img.dylibs[i].path), name, address, depth + 1) ==
		        DYLD_OK)
			return DYLD_OK;
	}
	return DYLD_E_NOT_FOUND;
}

/* The program's resolver: ordinals name libfix; flat and weak lookups search all dylibs. */
static enum dyld_error resolve(void *ctx, const struct dyld_fixup *fx, uint64_t *address)
{
	struct world *w = ctx;

	if (fx->ordinal >= 1)
		return lookup(w, find_dylib(w, w->prog.img.dylibs[fx->ordinal - 1].path), fx->symbol,
		              address, 0);
	CHECK(fx->ordinal == DYLD_ORDINAL_FLAT_LOOKUP || fx->ordinal == DYLD_ORDINAL_WEAK_LOOKUP);
	if (lookup(w, &w->libfix, fx->symbol, address, 0) == DYLD_OK)
		return DYLD_OK;
	return lookup(w, &w->libre, fx->symbol, address, 0);
}

static enum dyld_error resolve_nothing(void *ctx, const struct dyld_fixup *fx, uint64_t *address)
{
	(void)ctx;
	(void)fx;
	(void)address;
	return DYLD_E_NOT_FOUND;
}

/* A dylib's own fixups: rebases only (it imports nothing it binds). */
static enum dyld_error resolve_self(void *ctx, const struct dyld_fixup *fx, uint64_t *address)
{
	(void)ctx;
	(void)address;
	fprintf(stderr, "unexpected bind of %s\n", fx->symbol);
	return DYLD_E_UNDEFINED;
}

static uint64_t word(const struct loaded *l, uint64_t address)
{
	return macho_le64(l->mem + (address - l->img.macho.vm_start));
}

static uint64_t sym(const struct loaded *l, const char *name)
{
	return fixture_nm(l->nm, name) + l->slide;
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

	load(p, prog, 0x7000000);
	load(f, libfix, 0x200000000);
	load(r, "libre.dylib", 0x300000000);

	CHECK(dyld_apply(&f->img, f->mem, f->slide, DYLD_BIND_NOW, resolve_self, NULL) == DYLD_OK);
	CHECK(dyld_apply(&r->img, r->mem, r->slide, DYLD_BIND_NOW, resolve_self, NULL) == DYLD_OK);
	CHECK(var(f, "_lib_ptr") == sym(f, "_lib_value"));

	/* With nothing to bind to, only the weak imports can be satisfied. */
	CHECK(dyld_apply(&p->img, p->mem, p->slide, mode, resolve_nothing, NULL) ==
	      DYLD_E_UNDEFINED);
	free(p->mem);
	p->mem = fixture_map(&p->img);

	CHECK(dyld_apply(&p->img, p->mem, p->slide, mode, resolve, w) == DYLD_OK);
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
	CHECK(dyld_init_each(&p->img, p->mem, p->slide, collect_init, &in) == DYLD_OK);
	CHECK(in.n == 1 && in.address[0] == sym(p, "_prog_init"));

	printf("%s with %s (%s): fixed up\n", prog, libfix, mode == DYLD_BIND_NOW ? "now" : "lazy");
	unload(p);
	unload(f);
	unload(r);
}

/* lld-14's lazy pointers: the stub helper until dyld_stub_binder binds them. */
static void check_lazy(struct world *w)
{
	struct loaded *p = &w->prog, *f = &w->libfix;
	struct lazies lz = {.n = 0};
	const char *want[] = {"_lib_func", "_re_func"};

	load(p, "prog_opcodes.macho", 0x7000000);
	load(f, "libfix.dylib", 0x200000000);
	load(&w->libre, "libre.dylib", 0x300000000);
	CHECK(dyld_apply(&p->img, p->mem, p->slide, DYLD_BIND_LAZY, resolve, w) == DYLD_OK);
	CHECK(dyld_opcodes_binds(&p->img, DYLD_FIXUP_LAZY_BIND, collect_lazy, &lz) == DYLD_OK);
	CHECK(lz.n == 2);
	for (unsigned i = 0; i < lz.n; i++) {
		uint64_t unslid = macho_le64(p->file + (lz.address[i] - p->img.base));
		uint64_t target;
		struct loaded *lib = i == 0 ? f : &w->libre;

		/* Rebased, pointing into __stub_helper. */
		CHECK(word(p, lz.address[i]) == unslid + p->slide);
		CHECK(dyld_apply_lazy(&p->img, p->mem, p->slide, lz.offset[i], resolve, w, &target) ==
		      DYLD_OK);
		CHECK(target == sym(lib, want[i]));
		CHECK(word(p, lz.address[i]) == target);
	}
	CHECK(dyld_apply_lazy(&p->img, p->mem, p->slide, 1, resolve, w, &lz.address[0]) !=
	      DYLD_OK);
	unload(p);
	unload(f);
	unload(&w->libre);
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
	printf("PASS\n");
	return 0;
}
