/*
 * The exports trie (LC_DYLD_EXPORTS_TRIE, or LC_DYLD_INFO's export range):
 * a prefix tree of exported names whose terminal nodes give the flags and
 * the address, a re-export (library ordinal and the name there) or a stub
 * and resolver pair. Lookups and walks check every node and child offset
 * against the trie, refuse a node reached twice on one path (a cycle) and
 * stop after as many node visits as the trie has bytes. Pure; no allocation.
 */
#ifndef DYLD_TRIE_H
#define DYLD_TRIE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "image.h"

/* Export flags (<mach-o/loader.h> EXPORT_SYMBOL_FLAGS_*). */
#define DYLD_EXPORT_KIND_MASK         0x03u
#define DYLD_EXPORT_KIND_REGULAR      0x00u
#define DYLD_EXPORT_KIND_THREAD_LOCAL 0x01u
#define DYLD_EXPORT_KIND_ABSOLUTE     0x02u
#define DYLD_EXPORT_WEAK_DEFINITION   0x04u
#define DYLD_EXPORT_REEXPORT          0x08u
#define DYLD_EXPORT_STUB_AND_RESOLVER 0x10u

/* Longest name dyld_trie_walk rebuilds, NUL included. */
#define DYLD_TRIE_NAME_MAX 1024

/* The deepest path a lookup or walk follows. */
#define DYLD_TRIE_DEPTH_MAX 128

struct dyld_export {
	uint64_t flags;    /* DYLD_EXPORT_* */
	uint64_t address;  /* offset from the image's base, or the value (absolute) */
	uint64_t resolver; /* STUB_AND_RESOLVER: the resolver's offset; address is the stub */
	int64_t reexport_ordinal;  /* REEXPORT: the dylib that defines it, 1..ndylibs */
	const char *reexport_name; /* REEXPORT: its name there; "" means the same name */
};

/* Looks name up in the trie at trie[0..size); DYLD_E_NOT_FOUND if it is not there. */
enum dyld_error dyld_trie_find(const uint8_t *trie, size_t size, const char *name,
                               struct dyld_export *out);

/* dyld_trie_find in img's exports, with re-export ordinals checked against its dylibs. */
enum dyld_error dyld_trie_lookup(const struct dyld_image *img, const char *name,
                                 struct dyld_export *out);

/* Receives each export with its whole name; anything but DYLD_OK stops the walk. */
typedef enum dyld_error (*dyld_export_fn)(void *ctx, const char *name,
                                          const struct dyld_export *exp);

/* Every export of the trie, depth first in child order. */
enum dyld_error dyld_trie_walk(const uint8_t *trie, size_t size, dyld_export_fn fn, void *ctx);

#endif
