/*
 * Loading a Mach-O file into memory: read it through a caller's pread,
 * check it (dyld_image_parse, then what only a loader can check: the file's
 * size, the file type expected, the address space the image spans), and
 * lay its segments out in one block of fresh memory, slid to wherever that
 * block landed. Fixups and protections come after, from the runtime.
 *
 * Pure: the file and the memory are reached only through struct
 * dyld_load_ops, so the host tests drive it with a buffer and malloc. On
 * error nothing stays allocated.
 */
#ifndef DYLD_LOAD_H
#define DYLD_LOAD_H

#include <stdint.h>

#include "error.h"
#include "image.h"

/* Files and address spans beyond these are refused before any allocation. */
#define DYLD_LOAD_FILE_MAX (256ull << 20)
#define DYLD_LOAD_SPAN_MAX (1ull << 30)

struct dyld_load_ops {
	void *ctx;
	/* Reads up to len bytes at off into buf: the count read (0 at end of file), or -1. */
	long (*pread)(void *ctx, void *buf, uint64_t len, uint64_t off);
	/* size bytes of zeroed, page-aligned, writable memory, or NULL. */
	void *(*allocate)(void *ctx, uint64_t size);
	void (*deallocate)(void *ctx, void *mem, uint64_t size);
};

/* A loaded file: its bytes (which the image points into) and its mapping. */
struct dyld_mapping {
	uint8_t *file; /* file_size bytes, allocated */
	uint64_t file_size;
	uint8_t *mem;      /* [vm_start, vm_end) of the image, slid; NULL until mapped */
	uint64_t mem_size; /* vm_end - vm_start */
	uint64_t slide;    /* mem - vm_start */
};

/*
 * Reads the file of file_size bytes whole and parses it into *img; the
 * file type must be filetype (MACHO_FILETYPE_*). map->file holds the bytes.
 * img->error_cmd names the load command at fault, or is MACHO_NO_CMD.
 */
enum dyld_error dyld_load_read(const struct dyld_load_ops *ops, uint64_t file_size,
                               uint32_t filetype, struct dyld_image *img, struct dyld_mapping *map);

/*
 * Allocates the image's address span and copies each segment's file bytes
 * to its place (the rest stays zero); sets map->mem, mem_size and slide.
 */
enum dyld_error dyld_load_map(const struct dyld_load_ops *ops, const struct dyld_image *img,
                              struct dyld_mapping *map);

/* Frees what dyld_load_read and dyld_load_map allocated. */
void dyld_load_release(const struct dyld_load_ops *ops, struct dyld_mapping *map);

#endif
