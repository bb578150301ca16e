/*
 * The dyld-info opcode interpreter: LC_DYLD_INFO(_ONLY)'s rebase, bind,
 * weak-bind and lazy-bind streams turned into struct dyld_fixup actions
 * (fixup.h), in stream order. Rebase targets are read from the file's bytes
 * at the fixup (the linker stores the unslid address there).
 *
 * Every action is checked before the callback sees it: a pointer-type
 * fixup, inside a mapped, writable segment's file data, with a known
 * library ordinal and a symbol name that ends inside the stream. Numbers
 * that overflow, streams that end without DONE, unknown opcodes (including
 * BIND_OPCODE_THREADED, which arm64e uses) are errors. Work is linear in the
 * stream and the writable segments: a stream may not emit more fixups than
 * the image has pointer slots. Pure; no allocation.
 */
#ifndef DYLD_OPCODES_H
#define DYLD_OPCODES_H

#include <stdint.h>

#include "error.h"
#include "fixup.h"
#include "image.h"

/* Walks the rebase stream: DYLD_FIXUP_REBASE actions. */
enum dyld_error dyld_opcodes_rebases(const struct dyld_image *img, dyld_fixup_fn fn, void *ctx);

/*
 * Walks a bind stream: kind DYLD_FIXUP_BIND (the bind stream),
 * DYLD_FIXUP_WEAK_BIND (the weak-bind stream; ordinals are not used) or
 * DYLD_FIXUP_LAZY_BIND (every record of the lazy-bind stream, each ending
 * with DONE, each starting from fresh state, as the stub binder sees it).
 */
enum dyld_error dyld_opcodes_binds(const struct dyld_image *img, enum dyld_fixup_kind kind,
                                   dyld_fixup_fn fn, void *ctx);

/*
 * The one lazy bind a stub helper asks for: the record at offset in the
 * lazy-bind stream (the number the stub pushes). It must bind exactly once.
 */
enum dyld_error dyld_opcodes_lazy_bind_at(const struct dyld_image *img, uint32_t offset,
                                          dyld_fixup_fn fn, void *ctx);

#endif
