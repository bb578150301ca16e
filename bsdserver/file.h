/*
 * Open files: what a file descriptor refers to, shared by every descriptor
 * dup'ed from one open (offset, status flags). Two kinds so far: a file or
 * directory on the boot volume (read-only), and the console tty.
 *
 * Reference counted: file_open_* return a file with one reference, which
 * the caller hands to a descriptor table; file_hold adds one for each
 * further descriptor; file_release drops one and frees the file with the
 * last.
 */
#ifndef BSDSERVER_FILE_H
#define BSDSERVER_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "kern/fat.h"

enum file_type {
	FILE_VOLUME, /* a boot-volume file or directory */
	FILE_TTY,    /* the console */
};

struct file {
	unsigned refs;
	enum file_type type;
	int flags;              /* O_ACCMODE bits, O_APPEND, O_NONBLOCK */
	uint64_t offset;        /* FILE_VOLUME: next read */
	struct fat_entry entry; /* FILE_VOLUME */
};

/*
 * Opens `path` (absolute, NUL-terminated) with BSD open flags: the console
 * for /dev/console and /dev/tty, else a boot-volume file. Returns 0 and
 * *out, or an errno (ENOENT, ENOTDIR, EISDIR, EROFS for anything that would
 * write the volume, EEXIST, ENOMEM, ...).
 */
int file_open(const char *path, int flags, struct file **out);

void file_hold(struct file *f);
void file_release(struct file *f);

/*
 * Reads up to n bytes of a boot-volume file at offset into buf: 0 and
 * *nread, or EISDIR, EIO (a corrupt volume).
 */
int file_volume_read(const struct file *f, uint64_t offset, void *buf, size_t n, size_t *nread);

/* Bytes in a boot-volume file (0 for a directory). */
uint64_t file_size(const struct file *f);

#endif
