/* Two-level namespace lookups over the exports tries of loaded images. */
#include "link.h"

static enum dyld_error find(const struct dyld_loaded *lib, const char *name, unsigned depth,
                            struct dyld_definition *def);

/* An entry of lib's own trie, turned into a definition. */
static enum dyld_error define(const struct dyld_loaded *lib, const char *name,
                              const struct dyld_export *exp, unsigned depth,
                              struct dyld_definition *def)
{
	uint64_t base = lib->img->base + lib->slide;

	if (exp->flags & DYLD_EXPORT_REEXPORT) {
		const struct dyld_loaded *there = lib->deps[exp->reexport_ordinal - 1];

		if (there == NULL)
			return DYLD_E_NOT_FOUND;
		return find(there, exp->reexport_name[0] ? exp->reexport_name : name, depth + 1,
		            def);
	}
	def->image = lib;
	def->flags = exp->flags;
	def->resolver = 0;
	if ((exp->flags & DYLD_EXPORT_KIND_MASK) == DYLD_EXPORT_KIND_ABSOLUTE) {
		def->address = exp->address;
	} else {
		def->address = base + exp->address;
		if (exp->flags & DYLD_EXPORT_STUB_AND_RESOLVER)
			def->resolver = base + exp->resolver;
	}
	return DYLD_OK;
}

static enum dyld_error find(const struct dyld_loaded *lib, const char *name, unsigned depth,
                            struct dyld_definition *def)
{
	struct dyld_export exp;
	enum dyld_error err;

	if (depth >= DYLD_LINK_DEPTH)
		return DYLD_E_REEXPORT_LOOP;
	err = dyld_trie_lookup(lib->img, name, &exp);
	if (err == DYLD_OK)
		return define(lib, name, &exp, depth, def);
	if (err != DYLD_E_NOT_FOUND)
		return err;
	/* Not its own: perhaps one of the dylibs it re-exports whole. */
	for (unsigned i = 0; i < lib->img->ndylibs; i++) {
		if (lib->img->dylibs[i].kind != DYLD_DYLIB_REEXPORT || lib->deps[i] == NULL)
			continue;
		err = find(lib->deps[i], name, depth + 1, def);
		if (err != DYLD_E_NOT_FOUND)
			return err;
	}
	return DYLD_E_NOT_FOUND;
}

enum dyld_error dyld_link_find(const struct dyld_loaded *lib, const char *name,
                               struct dyld_definition *def)
{
	return find(lib, name, 0, def);
}

/*
 * Every image in load order: the first definition (flat), or the first
 * non-weak one, else the first weak one (weak coalescing).
 */
static enum dyld_error search(const struct dyld_namespace *ns, const char *name, bool strong,
                              struct dyld_definition *def)
{
	struct dyld_definition d;
	bool found = false;
	enum dyld_error err;

	for (unsigned i = 0; i < ns->n; i++) {
		err = find(ns->images[i], name, 0, &d);
		if (err == DYLD_E_NOT_FOUND)
			continue;
		if (err != DYLD_OK)
			return err;
		if (!found)
			*def = d;
		found = true;
		if (!strong || !(d.flags & DYLD_EXPORT_WEAK_DEFINITION)) {
			*def = d;
			return DYLD_OK;
		}
	}
	return found ? DYLD_OK : DYLD_E_NOT_FOUND;
}

enum dyld_error dyld_link_bind(const struct dyld_namespace *ns, const struct dyld_loaded *from,
                               const struct dyld_fixup *fx, struct dyld_definition *def)
{
	const struct dyld_loaded *lib;

	switch (fx->ordinal) {
	case DYLD_ORDINAL_SELF: lib = from; break;
	case DYLD_ORDINAL_MAIN:
		if (ns->n == 0)
			return DYLD_E_NOT_FOUND;
		lib = ns->images[0];
		break;
	case DYLD_ORDINAL_FLAT_LOOKUP: return search(ns, fx->symbol, false, def);
	case DYLD_ORDINAL_WEAK_LOOKUP: return search(ns, fx->symbol, true, def);
	default:
		if (fx->ordinal < 1 || fx->ordinal > (int64_t)from->img->ndylibs)
			return DYLD_E_ORDINAL;
		lib = from->deps[fx->ordinal - 1];
		if (lib == NULL)
			return DYLD_E_NOT_FOUND;
		break;
	}
	return find(lib, fx->symbol, 0, def);
}

static bool in_namespace(const struct dyld_namespace *ns, const struct dyld_loaded *lib)
{
	for (unsigned i = 0; i < ns->n; i++) {
		if (ns->images[i] == lib)
			return true;
	}
	return false;
}

/*
 * Appends lib's dependencies, then lib, to order[*n]. Each of ns's images
 * goes in once, so order holds them and the recursion is no deeper than
 * their number; an image from elsewhere is an error.
 */
static enum dyld_error init_after_deps(const struct dyld_namespace *ns, struct dyld_loaded *lib,
                                       struct dyld_loaded **order, unsigned *n)
{
	enum dyld_error err;

	if (!in_namespace(ns, lib))
		return DYLD_E_NOT_LOADED;
	if (lib->init_seen)
		return DYLD_OK;
	lib->init_seen = true;
	for (unsigned i = 0; i < lib->img->ndylibs; i++) {
		if (lib->deps[i] == NULL || lib->img->dylibs[i].kind == DYLD_DYLIB_UPWARD)
			continue;
		err = init_after_deps(ns, lib->deps[i], order, n);
		if (err != DYLD_OK)
			return err;
	}
	order[(*n)++] = lib;
	return DYLD_OK;
}

enum dyld_error dyld_link_init_order(const struct dyld_namespace *ns, struct dyld_loaded **order)
{
	unsigned n = 0;
	enum dyld_error err;

	for (unsigned i = 0; i < ns->n; i++)
		ns->images[i]->init_seen = false;
	for (unsigned i = 0; i < ns->n; i++) {
		err = init_after_deps(ns, ns->images[i], order, &n);
		if (err != DYLD_OK)
			return err;
	}
	return DYLD_OK;
}

enum dyld_error dyld_link_resolve(void *resolver, const struct dyld_fixup *fx, uint64_t *address)
{
	const struct dyld_link_resolver *r = resolver;
	struct dyld_definition def;
	enum dyld_error err;

	/* A weak bind may be satisfied by any image, the binder's own included. */
	if (fx->kind == DYLD_FIXUP_WEAK_BIND) {
		struct dyld_fixup weak = *fx;

		weak.ordinal = DYLD_ORDINAL_WEAK_LOOKUP;
		err = dyld_link_bind(r->ns, r->from, &weak, &def);
	} else {
		err = dyld_link_bind(r->ns, r->from, fx, &def);
	}
	if (err == DYLD_OK)
		*address = def.address;
	return err;
}
