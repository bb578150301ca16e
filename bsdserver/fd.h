/*
 * A process's file descriptor table: descriptor numbers to open files, with
 * the per-descriptor flag FD_CLOEXEC. Each slot in use holds one reference
 * to its file (file.h). Descriptor numbers come from untrusted registers:
 * anything outside 0 .. FD_MAX - 1 is simply not open.
 */
#ifndef BSDSERVER_FD_H
#define BSDSERVER_FD_H

#include <stdint.h>

#include "bsdserver/file.h"

#define FD_MAX 256 /* descriptors per process (getdtablesize) */

struct fdtable {
	struct file *files[FD_MAX];
	uint8_t flags[FD_MAX]; /* FD_CLOEXEC */
};

/* The file open at fd, or NULL (EBADF). */
struct file *fd_get(const struct fdtable *t, int64_t fd);

/*
 * Puts f (its reference taken over) in the lowest free slot >= lowest:
 * returns the descriptor, or -EMFILE (the reference is then still the
 * caller's).
 */
int fd_install(struct fdtable *t, int lowest, struct file *f, uint8_t flags);

/* Puts f (its reference taken over) at fd, closing what was there. fd must be in range. */
void fd_install_at(struct fdtable *t, int fd, struct file *f, uint8_t flags);

/* Closes fd: 0 or EBADF. */
int fd_close(struct fdtable *t, int64_t fd);

/* Closes every descriptor. */
void fd_close_all(struct fdtable *t);

#endif
