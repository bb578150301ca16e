/*
 * Opening and closing streams over cookie functions (funopen), their state
 * flags, and their buffering (setvbuf and the BSD shorthands).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "stdio/file.h"

FILE *funopen(const void *cookie, int (*readfn)(void *, char *, int),
              int (*writefn)(void *, const char *, int), fpos_t (*seekfn)(void *, fpos_t, int),
              int (*closefn)(void *))
{
	FILE *fp;

	if (readfn == NULL && writefn == NULL) {
		errno = EINVAL;
		return NULL;
	}
	fp = file_alloc(readfn == NULL ? __SWR : writefn == NULL ? __SRD : __SRW);
	if (fp == NULL)
		return NULL;
	fp->_cookie = (void *)cookie;
	fp->_read = readfn;
	fp->_write = writefn;
	fp->_seek = seekfn;
	fp->_close = closefn;
	file_unlock(fp);
	return fp;
}

int fclose(FILE *fp)
{
	int r = 0;

	file_lock(fp);
	if (fp->_flags == 0) {
		file_unlock(fp);
		errno = EBADF;
		return EOF;
	}
	if (file_flush(fp) != 0)
		r = EOF;
	if (fp->_close != NULL && fp->_close(fp->_cookie) < 0)
		r = EOF;
	if (fp->_flags & __SMBF)
		free(fp->_bf._base);
	file_release(fp);
	file_unlock(fp);
	return r;
}

int fileno(FILE *fp)
{
	int fd;

	file_lock(fp);
	fd = fp->_file;
	file_unlock(fp);
	if (fd < 0)
		errno = EBADF;
	return fd;
}

int feof(FILE *fp)
{
	int r;

	file_lock(fp);
	r = (fp->_flags & __SEOF) != 0;
	file_unlock(fp);
	return r;
}

int ferror(FILE *fp)
{
	int r;

	file_lock(fp);
	r = (fp->_flags & __SERR) != 0;
	file_unlock(fp);
	return r;
}

void clearerr(FILE *fp)
{
	file_lock(fp);
	fp->_flags &= ~(__SEOF | __SERR);
	file_unlock(fp);
}

/* Allowed before the stream is used, and after a flush with no input buffered. */
static int file_setvbuf(FILE *fp, char *buf, int mode, size_t size)
{
	if ((mode != _IONBF && mode != _IOLBF && mode != _IOFBF) || size > INT32_MAX) {
		errno = EINVAL;
		return EOF;
	}
	if (file_flush(fp) != 0)
		return EOF;
	if ((fp->_flags & __SRD) && fp->_r > 0) {
		errno = EBUSY;
		return EOF;
	}
	if (fp->_flags & __SMBF)
		free(fp->_bf._base);
	fp->_flags &= ~(__SLBF | __SNBF | __SMBF);
	if (mode != _IONBF && buf == NULL) {
		size = size != 0 ? size : FILE_BUFSIZE;
		buf = malloc(size);
		if (buf != NULL)
			fp->_flags |= __SMBF;
	}
	if (mode == _IONBF || buf == NULL || size == 0) {
		fp->_flags |= __SNBF;
		fp->_bf._base = fp->_nbuf;
		fp->_bf._size = 1;
	} else {
		if (mode == _IOLBF)
			fp->_flags |= __SLBF;
		fp->_bf._base = (unsigned char *)buf;
		fp->_bf._size = (int)size;
	}
	fp->_p = fp->_bf._base;
	fp->_r = 0;
	file_set_w(fp);
	return 0;
}

int setvbuf(FILE *restrict fp, char *restrict buf, int mode, size_t size)
{
	int r;

	file_lock(fp);
	r = file_setvbuf(fp, buf, mode, size);
	file_unlock(fp);
	return r;
}

void setbuf(FILE *restrict fp, char *restrict buf)
{
	setvbuf(fp, buf, buf != NULL ? _IOFBF : _IONBF, BUFSIZ);
}

void setbuffer(FILE *fp, char *buf, int size)
{
	setvbuf(fp, buf, buf != NULL ? _IOFBF : _IONBF, (size_t)size);
}

int setlinebuf(FILE *fp)
{
	return setvbuf(fp, NULL, _IOLBF, 0);
}
