/*
 * Symbol lookup across loaded images, as the binds of a two-level
 * namespace need it and as dlsym does: a bind's library ordinal names one
 * of the importing image's dylibs (or the image itself, the main
 * executable, every image in load order for flat and weak lookups), and a
 * dylib's exports include those of the dylibs it re-exports, whole
 * (LC_REEXPORT_DYLIB) or one symbol at a time (trie re-export entries).
 *
 * The caller owns the images and their order; nothing here maps or calls
 * anything. A symbol defined by a stub and resolver comes back as the stub's
 * address with the resolver's: calling the resolver is the runtime's part.
 */
#ifndef DYLD_LINK_H
#define DYLD_LINK_H

#include <stdint.h>

#include "apply.h"
#include "error.h"
#include "fixup.h"
#include "image.h"
#include "trie.h"

/* Re-export chains longer than this are refused as a loop. */
#define DYLD_LINK_DEPTH 16

/* A loaded image and the images its ordinals name. */
struct dyld_loaded {
	const struct dyld_image *img;
	uint64_t slide;
	struct dyld_loaded *deps[DYLD_MAX_DYLIBS]; /* deps[i] is ordinal i + 1; NULL if a
	                                              weak dylib is missing */
	bool init_seen;                            /* scratch for dyld_link_init_order */
};

/* Every loaded image in load order; images[0] is the main executable. */
struct dyld_namespace {
	struct dyld_loaded *const *images;
	unsigned n;
};

/* Where a symbol was found. */
struct dyld_definition {
	const struct dyld_loaded *image; /* the image whose trie defines it */
	uint64_t flags;                  /* DYLD_EXPORT_* */
	uint64_t address;                /* slid; the stub for a resolver; the value if absolute */
	uint64_t resolver;               /* slid resolver address, 0 if none */
};

/* name in lib's exports, following re-exports (dlsym on a handle). */
enum dyld_error dyld_link_find(const struct dyld_loaded *lib, const char *name,
                               struct dyld_definition *def);

/* The definition a bind of from's (fx: ordinal, symbol) binds to. */
enum dyld_error dyld_link_bind(const struct dyld_namespace *ns, const struct dyld_loaded *from,
                               const struct dyld_fixup *fx, struct dyld_definition *def);

/*
 * The order initializers run in: every image after the dylibs it depends on
 * (upward dylibs excepted: they depend on it), each once, a dependency cycle
 * broken where it closes, the main executable's tree first and then any
 * image it does not reach, in load order. Fills order[0..ns->n);
 * DYLD_E_NOT_LOADED if a dependency is not one of ns's images.
 */
enum dyld_error dyld_link_init_order(const struct dyld_namespace *ns, struct dyld_loaded **order);

/* A dyld_resolve_fn (apply.h) binding from's fixups in ns. */
struct dyld_link_resolver {
	const struct dyld_namespace *ns;
	const struct dyld_loaded *from;
};

enum dyld_error dyld_link_resolve(void *resolver, const struct dyld_fixup *fx, uint64_t *address);

#endif
