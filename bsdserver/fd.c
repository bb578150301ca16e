#include "bsdserver/fd.h"

#include <errno.h>

struct file *fd_get(const struct fdtable *t, int64_t fd)
{
	return fd >= 0 && fd < FD_MAX ? t->files[fd] : NULL;
}

int fd_install(struct fdtable *t, int lowest, struct file *f, uint8_t flags)
{
	for (int fd = lowest < 0 ? 0 : lowest; fd < FD_MAX; fd++) {
		if (t->files[fd] == NULL) {
			t->files[fd] = f;
			t->flags[fd] = flags;
			return fd;
		}
	}
	return -EMFILE;
}

void fd_install_at(struct fdtable *t, int fd, struct file *f, uint8_t flags)
{
	struct file *old = t->files[fd];

	t->files[fd] = f;
	t->flags[fd] = flags;
	if (old != NULL)
		file_release(old);
}

int fd_close(struct fdtable *t, int64_t fd)
{
	struct file *f = fd_get(t, fd);

	if (f == NULL)
		return EBADF;
	t->files[fd] = NULL;
	t->flags[fd] = 0;
	file_release(f);
	return 0;
}

void fd_close_all(struct fdtable *t)
{
	for (int fd = 0; fd < FD_MAX; fd++)
		fd_close(t, fd);
}
