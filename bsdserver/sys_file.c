/*
 * The file calls: open and close, read and write in their forms, lseek,
 * fstat64, the descriptor calls (dup, dup2, fcntl) and ioctl. Files on the
 * boot volume are read here; the console's reads and writes go to its tty
 * (tty/console.h).
 */
#include <errno.h>
#include <string.h>

#include "bsdserver/bsd_abi.h"
#include "bsdserver/bsdserver.h"
#include "bsdserver/copyio.h"
#include "bsdserver/syscalls.h"
#include "bsdserver/tty/console.h"

#define BOUNCE_SIZE (64u << 10) /* bytes moved per copyin, copyout or volume read */
#define SSIZE_MAX   INT64_MAX

static uint8_t bounce[BOUNCE_SIZE];
static struct bsd_iovec iovecs[IOV_MAX];

/* The caller's iovec array, checked: 0, EINVAL (count, total) or EFAULT. */
static int get_iovecs(struct proc *p, uint64_t uaddr, uint64_t count, struct bsd_iovec *iov)
{
	uint64_t total = 0;

	if ((int32_t)count <= 0 || (int32_t)count > IOV_MAX)
		return EINVAL;
	if (copyin(p->task, uaddr, iov, sizeof(*iov) * (uint32_t)count) != 0)
		return EFAULT;
	for (uint32_t i = 0; i < (uint32_t)count; i++) {
		if (iov[i].iov_len > SSIZE_MAX - total)
			return EINVAL;
		total += iov[i].iov_len;
	}
	return 0;
}

/* Reads a boot-volume file from *offset into the iovecs; the count goes in rv[0]. */
static int volume_read(struct sys_call *call, struct file *f, const struct bsd_iovec *iov,
                       int iovcnt, uint64_t *offset)
{
	uint64_t done = 0;

	for (int i = 0; i < iovcnt; i++) {
		for (uint64_t at = 0; at < iov[i].iov_len;) {
			size_t want =
			    iov[i].iov_len - at < BOUNCE_SIZE ? iov[i].iov_len - at : BOUNCE_SIZE;
			size_t got = 0;
			int err = file_volume_read(f, *offset, bounce, want, &got);
			if (err == 0 &&
			    copyout(call->p->task, bounce, iov[i].iov_base + at, got) != 0)
				err = EFAULT;
			if (err != 0) {
				/* What was read so far counts, as a short read. */
				call->rv[0] = done;
				return done > 0 ? 0 : err;
			}
			*offset += got;
			done += got;
			at += got;
			if (got < want) {
				call->rv[0] = done;
				return 0; /* the end of the file */
			}
		}
	}
	call->rv[0] = done;
	return 0;
}

/* read, readv and pread (positioned: at `offset`, the file's own offset untouched). */
static int do_read(struct sys_call *call, int64_t fd, const struct bsd_iovec *iov, int iovcnt,
                   bool positioned, int64_t offset)
{
	struct file *f = fd_get(&call->p->fds, fd);

	if (f == NULL || (f->flags & O_ACCMODE) == O_WRONLY)
		return EBADF;
	if (f->type == FILE_TTY)
		return positioned ? ESPIPE
		                  : console_tty_read(call, iov, iovcnt, f->flags & O_NONBLOCK);
	if (!positioned)
		return volume_read(call, f, iov, iovcnt, &f->offset);
	if (offset < 0)
		return EINVAL;
	uint64_t at = (uint64_t)offset;
	return volume_read(call, f, iov, iovcnt, &at);
}

/* write and writev. */
static int do_write(struct sys_call *call, int64_t fd, const struct bsd_iovec *iov, int iovcnt)
{
	struct file *f = fd_get(&call->p->fds, fd);
	uint64_t done = 0;

	if (f == NULL || (f->flags & O_ACCMODE) == O_RDONLY)
		return EBADF;
	if (f->type != FILE_TTY)
		return EBADF; /* boot-volume files never open for writing */
	for (int i = 0; i < iovcnt; i++) {
		for (uint64_t at = 0; at < iov[i].iov_len;) {
			size_t n =
			    iov[i].iov_len - at < BOUNCE_SIZE ? iov[i].iov_len - at : BOUNCE_SIZE;
			size_t written = 0;
			int err = copyin(call->p->task, iov[i].iov_base + at, bounce, n);
			if (err == 0)
				err = console_tty_write(bounce, n, &written);
			done += written;
			if (err != 0 || written < n) {
				call->rv[0] = done;
				return done > 0 ? 0 : err;
			}
			at += n;
		}
	}
	call->rv[0] = done;
	return 0;
}

int sys_read(struct sys_call *call)
{
	struct bsd_iovec one = {call->args[1], call->args[2]};

	if (one.iov_len > SSIZE_MAX)
		return EINVAL;
	return do_read(call, (int32_t)call->args[0], &one, 1, false, 0);
}

int sys_pread(struct sys_call *call)
{
	struct bsd_iovec one = {call->args[1], call->args[2]};

	if (one.iov_len > SSIZE_MAX)
		return EINVAL;
	return do_read(call, (int32_t)call->args[0], &one, 1, true, (int64_t)call->args[3]);
}

int sys_readv(struct sys_call *call)
{
	int err = get_iovecs(call->p, call->args[1], call->args[2], iovecs);

	return err != 0 ? err
	                : do_read(call, (int32_t)call->args[0], iovecs, (int32_t)call->args[2],
	                          false, 0);
}

int sys_write(struct sys_call *call)
{
	struct bsd_iovec one = {call->args[1], call->args[2]};

	if (one.iov_len > SSIZE_MAX)
		return EINVAL;
	return do_write(call, (int32_t)call->args[0], &one, 1);
}

int sys_writev(struct sys_call *call)
{
	int err = get_iovecs(call->p, call->args[1], call->args[2], iovecs);

	return err != 0 ? err
	                : do_write(call, (int32_t)call->args[0], iovecs, (int32_t)call->args[2]);
}

int sys_open(struct sys_call *call)
{
	static char path[PATH_MAX];
	int flags = (int)call->args[1];
	struct file *f;

	int err = copyinstr(call->p->task, call->args[0], path, sizeof(path));
	if (err == 0 && path[0] == '\0')
		err = ENOENT;
	if (err == 0)
		err = file_open(path, flags, &f);
	if (err != 0)
		return err;
	int fd = fd_install(&call->p->fds, 0, f, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	if (fd < 0) {
		file_release(f);
		return -fd;
	}
	call->rv[0] = (uint64_t)fd;
	return 0;
}

int sys_close(struct sys_call *call)
{
	return fd_close(&call->p->fds, (int32_t)call->args[0]);
}

int sys_lseek(struct sys_call *call)
{
	struct file *f = fd_get(&call->p->fds, (int32_t)call->args[0]);
	int64_t offset = (int64_t)call->args[1], base;

	if (f == NULL)
		return EBADF;
	if (f->type == FILE_TTY)
		return ESPIPE;
	switch ((int)call->args[2]) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->offset; break;
	case SEEK_END: base = (int64_t)file_size(f); break;
	default: return EINVAL;
	}
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return EINVAL;
	f->offset = (uint64_t)(base + offset);
	call->rv[0] = f->offset;
	return 0;
}

int sys_fstat64(struct sys_call *call)
{
	struct file *f = fd_get(&call->p->fds, (int32_t)call->args[0]);
	struct bsd_stat64 st;

	if (f == NULL)
		return EBADF;
	memset(&st, 0, sizeof(st));
	if (f->type == FILE_TTY) {
		st.st_mode = S_IFCHR | 0620;
		st.st_nlink = 1;
		st.st_ino = 1;
		st.st_blksize = 4096;
	} else {
		/* Volume 1; a file's first cluster names it, an empty file has none. */
		st.st_dev = 1;
		st.st_mode = f->entry.is_dir ? S_IFDIR | 0555 : S_IFREG | 0444;
		st.st_nlink = f->entry.is_dir ? 2 : 1;
		st.st_ino = f->entry.first_cluster != 0 ? f->entry.first_cluster : 2;
		st.st_size = (int64_t)file_size(f);
		st.st_blocks = (st.st_size + 511) / 512;
		st.st_blksize = (int32_t)bsd.volume.cluster_size;
	}
	return copyout(call->p->task, &st, call->args[1], sizeof(st));
}

int sys_dup(struct sys_call *call)
{
	struct file *f = fd_get(&call->p->fds, (int32_t)call->args[0]);

	if (f == NULL)
		return EBADF;
	int fd = fd_install(&call->p->fds, 0, f, 0);
	if (fd < 0)
		return -fd;
	file_hold(f);
	call->rv[0] = (uint64_t)fd;
	return 0;
}

int sys_dup2(struct sys_call *call)
{
	struct file *f = fd_get(&call->p->fds, (int32_t)call->args[0]);
	int64_t to = (int32_t)call->args[1];

	if (f == NULL || to < 0 || to >= FD_MAX)
		return EBADF;
	call->rv[0] = (uint64_t)to;
	if (to == (int32_t)call->args[0])
		return 0;
	file_hold(f); /* before the old file at `to` goes, which may be f itself */
	fd_install_at(&call->p->fds, (int)to, f, 0);
	return 0;
}

int sys_fcntl(struct sys_call *call)
{
	struct fdtable *t = &call->p->fds;
	int64_t fd = (int32_t)call->args[0];
	struct file *f = fd_get(t, fd);
	int64_t arg = (int64_t)call->args[2];

	if (f == NULL)
		return EBADF;
	switch ((int)call->args[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		if (arg < 0 || arg >= FD_MAX)
			return EINVAL;
		int cloexec = (int)call->args[1] == F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0;
		int nfd = fd_install(t, (int)arg, f, (uint8_t)cloexec);
		if (nfd < 0)
			return -nfd;
		file_hold(f);
		call->rv[0] = (uint64_t)nfd;
		return 0;
	}
	case F_GETFD: call->rv[0] = t->flags[fd]; return 0;
	case F_SETFD: t->flags[fd] = (uint8_t)(arg & FD_CLOEXEC); return 0;
	case F_GETFL: call->rv[0] = (uint64_t)f->flags; return 0;
	case F_SETFL:
		f->flags = (f->flags & O_ACCMODE) | (int)(arg & (O_APPEND | O_NONBLOCK));
		return 0;
	default: return EINVAL;
	}
}

int sys_ioctl(struct sys_call *call)
{
	struct file *f = fd_get(&call->p->fds, (int32_t)call->args[0]);

	if (f == NULL)
		return EBADF;
	if (f->type != FILE_TTY)
		return ENOTTY;
	return console_tty_ioctl(call->p, (uint32_t)call->args[1], call->args[2]);
}
