/*
 * The boot volume as the bootstrap reads it: the kernel maps the whole FAT
 * image read-only into the boot task and names it in the apple string
 * "boot_volume=0xADDRESS,0xSIZE" (mach/kern/bootstrap.c). Files are read
 * with the kernel's own FAT reader (mach/kern/fat.h), which trusts nothing
 * in the image.
 */
#ifndef USERLAND_BOOTSTRAP_VOLUME_H
#define USERLAND_BOOTSTRAP_VOLUME_H

#include <stddef.h>

#include <mach/mach.h>

#include "kern/fat.h"

/*
 * Finds the boot volume in `apple` (NULL-terminated) and mounts it into *vol.
 * Returns NULL, or a sentence saying why there is no usable volume.
 */
const char *bootstrap_volume_mount(char **apple, struct fat_volume *vol);

/* A whole file read into memory of the caller's task. */
struct bootstrap_file {
	void *data;            /* mach_vm_allocate'd, page-aligned; NULL for an empty file */
	size_t size;           /* bytes in the file */
	mach_vm_size_t mapped; /* bytes allocated (size rounded up to pages) */
};

/*
 * Reads `path` into *file, which the caller frees with bootstrap_file_free.
 * Returns NULL, or a sentence saying why it cannot (no such file, a
 * directory, a corrupt volume, no memory).
 */
const char *bootstrap_file_read(const struct fat_volume *vol, const char *path,
                                struct bootstrap_file *file);

void bootstrap_file_free(struct bootstrap_file *file);

#endif
