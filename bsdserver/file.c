#include "bsdserver/file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bsdserver/bsd_abi.h"
#include "bsdserver/bsdserver.h"
#include "bsdserver/tty/console.h"

/* The FAT reader's errors as errno values; corruption is EIO. */
static int fat_errno(int err)
{
	switch (err) {
	case FAT_ENOENT: return ENOENT;
	case FAT_ENOTDIR: return ENOTDIR;
	case FAT_EISDIR: return EISDIR;
	case FAT_ENAMETOOLONG: return ENAMETOOLONG;
	default: return EIO;
	}
}

static bool is_console(const char *path)
{
	return strcmp(path, "/dev/console") == 0 || strcmp(path, "/dev/tty") == 0;
}

/* Checks flags against a boot-volume entry (or its absence): 0 or why the open fails. */
static int volume_open_check(int lookup, const struct fat_entry *entry, int flags)
{
	if (lookup != FAT_OK)
		/* Creating a file would write the volume. */
		return lookup == FAT_ENOENT && (flags & O_CREAT) ? EROFS : fat_errno(lookup);
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return EEXIST;
	if ((flags & O_DIRECTORY) && !entry->is_dir)
		return ENOTDIR;
	if (entry->is_dir && (flags & O_ACCMODE) != O_RDONLY)
		return EISDIR;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		return EROFS;
	return 0;
}

int file_open(const char *path, int flags, struct file **out)
{
	struct fat_entry entry;
	int err = 0;

	if ((flags & O_ACCMODE) == O_ACCMODE)
		return EINVAL;
	bool console = is_console(path);
	if (console && !console_tty_present())
		return ENXIO;
	if (!console) {
		memset(&entry, 0, sizeof(entry));
		err = volume_open_check(fat_lookup(&bsd.volume, path, &entry), &entry, flags);
		if (err != 0)
			return err;
	}
	struct file *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return ENOMEM;
	f->refs = 1;
	f->type = console ? FILE_TTY : FILE_VOLUME;
	f->flags = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
	if (!console)
		f->entry = entry;
	*out = f;
	return 0;
}

void file_hold(struct file *f)
{
	f->refs++;
}

void file_release(struct file *f)
{
	if (--f->refs == 0)
		free(f);
}

int file_volume_read(const struct file *f, uint64_t offset, void *buf, size_t n, size_t *nread)
{
	*nread = 0;
	if (f->entry.is_dir)
		return EISDIR;
	if (offset >= f->entry.size || n == 0)
		return 0;
	int err = fat_read(&bsd.volume, &f->entry, (uint32_t)offset, buf, n, nread);
	return err == FAT_OK ? 0 : fat_errno(err);
}

uint64_t file_size(const struct file *f)
{
	return f->entry.is_dir ? 0 : f->entry.size;
}
