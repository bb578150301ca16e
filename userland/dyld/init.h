/*
 * Initializers and thread-local variables of a mapped, fixed-up image (see
 * apply.h for mem and slide).
 *
 * Initializers run in section order: __mod_init_func holds pointers (already
 * slid by their fixups), __init_offsets 32-bit offsets from the image's
 * base. Each must land in an executable segment's file data. Terminators
 * (__mod_term_func, pointers) run last section first, last entry first.
 *
 * Thread-local variables: each 24-byte __thread_vars descriptor is
 * (thunk, key, offset); dyld points the thunk at its own getter and the
 * offset selects the variable in a per-thread copy of the template, which
 * is __thread_data's bytes followed by zeros up to the end of __thread_bss.
 */
#ifndef DYLD_INIT_H
#define DYLD_INIT_H

#include <stdint.h>

#include "error.h"
#include "image.h"

/* Receives each initializer's slid address; anything but DYLD_OK stops. */
typedef enum dyld_error (*dyld_init_fn)(void *ctx, uint64_t address);

/* Hands over img's initializers in order. */
enum dyld_error dyld_init_each(const struct dyld_image *img, const uint8_t *mem, uint64_t slide,
                               dyld_init_fn fn, void *ctx);

/*
 * Hands over img's terminators (__mod_term_func pointers, checked as
 * initializers are) in the reverse of their order, as dyld runs them.
 */
enum dyld_error dyld_term_each(const struct dyld_image *img, const uint8_t *mem, uint64_t slide,
                               dyld_init_fn fn, void *ctx);

/* The thread-local template of an image; all 0 if it has none. */
struct dyld_tlv {
	uint64_t start;     /* unslid address of the first thread-local section */
	uint64_t init_size; /* bytes copied from start (the end of __thread_data) */
	uint64_t size;      /* bytes a thread's copy needs (the end of __thread_bss) */
	uint64_t vars;      /* unslid address of the first __thread_vars descriptor */
	uint64_t nvars;     /* descriptors */
};

/*
 * Finds the template and checks every descriptor's offset (read from mem)
 * falls inside it.
 */
enum dyld_error dyld_init_tlv(const struct dyld_image *img, const uint8_t *mem,
                              struct dyld_tlv *tlv);

#endif
