/*
 * Applying an image's fixups to a mapped copy of it: the step dyld takes
 * after mapping the segments. mem holds the image's address range
 * [macho.vm_start, macho.vm_end) (unslid) with each segment's file bytes in
 * place, and the image runs slid by slide; every fixup the image's tables
 * name (opcodes.h or chained.h) is written there as a 64-bit little-endian
 * pointer. Symbols come from a resolver, which is where the caller's
 * knowledge of other images (their exports tries, load order) lives.
 *
 * Pure: the only memory written is the 8 bytes at each checked fixup inside
 * mem. The caller provides mem of at least vm_end - vm_start bytes.
 */
#ifndef DYLD_APPLY_H
#define DYLD_APPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "fixup.h"
#include "image.h"

/*
 * Sets *address to the (slid) address of fx->symbol as fx->ordinal names it,
 * before fx->addend; DYLD_E_NOT_FOUND if no image defines it (a weak import
 * then becomes 0; for a weak bind the use keeps its own definition); any
 * other error stops the apply.
 */
typedef enum dyld_error (*dyld_resolve_fn)(void *ctx, const struct dyld_fixup *fx,
                                           uint64_t *address);

/* How binds are applied: lazy ones now (bind at load), or left for the stub binder. */
enum dyld_bind_mode {
	DYLD_BIND_LAZY,
	DYLD_BIND_NOW,
};

/*
 * Rebases, binds, (with DYLD_BIND_NOW) lazy binds, then weak binds, from
 * whichever format the image uses. On error, the fixups before the faulty
 * one have been written: the mapping must be discarded.
 */
enum dyld_error dyld_apply(const struct dyld_image *img, uint8_t *mem, uint64_t slide,
                           enum dyld_bind_mode mode, dyld_resolve_fn resolve, void *ctx);

/*
 * What dyld_stub_binder does for a lazy stub: binds the lazy record at
 * lazy_offset in mem and sets *target to the bound address, where the stub
 * continues.
 */
enum dyld_error dyld_apply_lazy(const struct dyld_image *img, uint8_t *mem, uint64_t slide,
                                uint32_t lazy_offset, dyld_resolve_fn resolve, void *ctx,
                                uint64_t *target);

#endif
