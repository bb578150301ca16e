/*
 * Streams on file descriptors: stdin, stdout and stderr (which binaries
 * reach as __stdinp, __stdoutp and __stderrp) and fdopen. Their cookie is the
 * FILE itself; the descriptor is its _file. stderr is unbuffered; the others
 * are line buffered on a terminal and fully buffered otherwise.
 */
#include <errno.h>
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
    {&file_std[1]},
    {&file_std[2]},
    {NULL},
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

FILE *fdopen(int fd, const char *mode)
{
	int flags = fd_mode_flags(mode);
	FILE *fp;

	if (flags == 0 || fd < 0 || fd > 0x7fff) {
		errno = EINVAL;
		return NULL;
	}
	fp = file_alloc();
	if (fp == NULL)
		return NULL;
	fp->_flags = (short)flags;
	fp->_file = (short)fd;
	fp->_cookie = fp;
	fp->_read = fd_read;
	fp->_write = fd_write;
	fp->_seek = fd_seek;
	fp->_close = fd_close;
	return fp;
}
