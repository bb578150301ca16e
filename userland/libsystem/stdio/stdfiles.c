/*
 * Streams on file descriptors: stdin, stdout and stderr (which binaries
 * reach as __stdinp, __stdoutp and __stderrp), fdopen and fopen. Their cookie
 * is the FILE itself; the descriptor is its _file. stderr is unbuffered; the
 * others are line buffered on a terminal and fully buffered otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stdio/file.h"

static int fd_read(void *cookie, char *buf, int n)
{
	return (int)read(((FILE *)cookie)->_file, buf, (size_t)n);
}

static int fd_write(void *cookie, const char *buf, int n)
{
	return (int)write(((FILE *)cookie)->_file, buf, (size_t)n);
}

static fpos_t fd_seek(void *cookie, fpos_t offset, int whence)
{
	return lseek(((FILE *)cookie)->_file, offset, whence);
}

static int fd_close(void *cookie)
{
	return close(((FILE *)cookie)->_file);
}

static struct __sFILEX file_std_extra[3] = {
    {.next = &file_std[1]},
    {.next = &file_std[2]},
    {.next = NULL},
};

#define STD_FILE(n, flags)                                                                         \
	{                                                                                          \
		._flags = (flags), ._file = (n), ._cookie = &file_std[n], ._close = fd_close,      \
		._read = fd_read, ._seek = fd_seek, ._write = fd_write,                            \
		._extra = &file_std_extra[n],                                                      \
	}

FILE file_std[3] = {
    STD_FILE(0, __SRD),
    STD_FILE(1, __SWR),
    STD_FILE(2, __SWR | __SNBF),
};

FILE *__stdinp = &file_std[0];
FILE *__stdoutp = &file_std[1];
FILE *__stderrp = &file_std[2];

/* "r", "w" or "a", each optionally with "+" (and "b", which changes nothing). */
static int fd_mode_flags(const char *mode)
{
	if (mode[0] != 'r' && mode[0] != 'w' && mode[0] != 'a')
		return 0;
	if (strchr(mode, '+') != NULL)
		return __SRW;
	return mode[0] == 'r' ? __SRD : __SWR;
}

/* A FILE on fd with stdio flags `flags`, or NULL (errno set). */
static FILE *fd_stream(int fd, int flags)
{
	FILE *fp;

	if (fd < 0 || fd > 0x7fff) {
		errno = EINVAL;
		return NULL;
	}
	fp = file_alloc(flags);
	if (fp == NULL)
		return NULL;
	fp->_file = (short)fd;
	fp->_cookie = fp;
	fp->_read = fd_read;
	fp->_write = fd_write;
	fp->_seek = fd_seek;
	fp->_close = fd_close;
	file_unlock(fp);
	return fp;
}

FILE *fdopen(int fd, const char *mode)
{
	int flags = fd_mode_flags(mode);

	if (flags == 0) {
		errno = EINVAL;
		return NULL;
	}
	return fd_stream(fd, flags);
}

/*
 * open's flags for a mode: "r", "w" (create, truncate) or "a" (create,
 * append), "+" for both directions, and in any order after the first letter
 * "b" (no effect), "x" (must not exist) and "e" (close on exec); -1 if bad.
 */
static int fd_open_flags(const char *mode)
{
	int flags;

	switch (mode[0]) {
	case 'r': flags = O_RDONLY; break;
	case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; break;
	case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; break;
	default: return -1;
	}
	for (const char *m = mode + 1; *m != '\0'; m++) {
		if (*m == '+')
			flags = (flags & ~O_ACCMODE) | O_RDWR;
		else if (*m == 'x' && mode[0] != 'r')
			flags |= O_EXCL;
		else if (*m == 'e')
			flags |= O_CLOEXEC;
	}
	return flags;
}

FILE *fopen(const char *restrict path, const char *restrict mode)
{
	int oflags = fd_open_flags(mode);
	int fd, saved;
	FILE *fp;

	if (oflags < 0) {
		errno = EINVAL;
		return NULL;
	}
	fd = open(path, oflags, 0666);
	if (fd < 0)
		return NULL;
	fp = fd_stream(fd, fd_mode_flags(mode));
	if (fp == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
	}
	return fp;
}
