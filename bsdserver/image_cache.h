/*
 * Mach-O files exec starts, read from the boot volume and parsed once and
 * kept, the IMAGE_CACHE_SIZE most recently used: the boot volume never
 * changes, so a kept file is never stale (files from a writable file system
 * will need invalidating). For each segment no process may write (maximum
 * protection without VM_PROT_WRITE: __TEXT, __LINKEDIT) a memory entry is
 * made once, which exec maps shared into every process that runs the file,
 * instead of copying it.
 */
#ifndef BSDSERVER_IMAGE_CACHE_H
#define BSDSERVER_IMAGE_CACHE_H

#include <mach/mach.h>

#include "kern/macho.h"
#include "userland/bootstrap/volume.h"

#define IMAGE_CACHE_SIZE 8

struct image {
	struct bootstrap_file file;
	struct macho_image image;
	mach_port_t
	    shared[MACHO_MAX_SEGMENTS]; /* memory entry (send right); MACH_PORT_NULL: copy */
};

/*
 * The file at path: 0 and *out, or ENOENT (cannot be read) or ENOEXEC (not
 * a Mach-O file we take) with *why. *out stays valid until
 * IMAGE_CACHE_SIZE - 1 other files have been looked up.
 */
int image_cache_get(const char *path, const struct image **out, const char **why);

#endif
