/*
 * The chained-fixups walker: LC_DYLD_CHAINED_FIXUPS's header, starts in
 * image, starts in segment (with multi-start pages) and imports table
 * (DYLD_CHAINED_IMPORT, _ADDEND, _ADDEND64), and the chains themselves in
 * pointer formats 2 (DYLD_CHAINED_PTR_64: rebase targets are unslid
 * addresses; what ld64.lld -fixup_chains writes) and 6
 * (DYLD_CHAINED_PTR_64_OFFSET: targets are offsets from the image's base;
 * what Apple's linker writes). Each link becomes a struct dyld_fixup
 * (fixup.h) of kind REBASE or BIND; the chain bits are read from the file,
 * so the walk does not depend on memory the caller is rewriting.
 *
 * Refused: unknown versions, formats and page sizes, compressed symbol
 * names, tables outside the data, a starts-in-segment that disagrees with
 * its segment, page starts outside the page, chains that leave their page
 * or their segment's file data, a location reached twice (overlapping
 * starts), imports past the table or with unknown ordinals. Work is linear
 * in the chained data and the segments' file data. Pure; no allocation.
 */
#ifndef DYLD_CHAINED_H
#define DYLD_CHAINED_H

#include "error.h"
#include "fixup.h"
#include "image.h"

/* Pointer formats (dyld_chained_starts_in_segment.pointer_format) walked. */
#define DYLD_CHAINED_PTR_64        2u
#define DYLD_CHAINED_PTR_64_OFFSET 6u

/* Walks every chain of img, segment by segment, page by page. */
enum dyld_error dyld_chained_walk(const struct dyld_image *img, dyld_fixup_fn fn, void *ctx);

#endif
