/*
 * Output to streams: __swbuf (where macOS's putc macro goes when the buffer
 * needs attention), fputc, putc, putchar, their _unlocked forms, fputs,
 * puts, fwrite, fflush.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "stdio/file.h"

/* The macro has already counted c against _w; the buffer state is what counts here. */
int __swbuf(int c, FILE *fp)
{
	unsigned char ch = (unsigned char)c;

	return file_write(fp, &ch, 1) == 1 ? ch : EOF;
}

int fputc(int c, FILE *fp)
{
	int r;

	file_lock(fp);
	r = __swbuf(c, fp);
	file_unlock(fp);
	return r;
}

int putc(int c, FILE *fp)
{
	return fputc(c, fp);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

/* The functions behind <stdio.h>'s macros of the same names, for callers that take their address.
 */
int(putc_unlocked)(int c, FILE *fp)
{
	return __swbuf(c, fp);
}

int(putchar_unlocked)(int c)
{
	return __swbuf(c, stdout);
}

int fputs(const char *restrict s, FILE *restrict fp)
{
	size_t n = strlen(s), done;

	file_lock(fp);
	done = file_write(fp, s, n);
	file_unlock(fp);
	return done == n ? 0 : EOF;
}

int puts(const char *s)
{
	size_t n = strlen(s);
	int r;

	file_lock(stdout);
	r = file_write(stdout, s, n) == n && file_write(stdout, "\n", 1) == 1 ? 0 : EOF;
	file_unlock(stdout);
	return r;
}

size_t fwrite(const void *restrict ptr, size_t size, size_t nitems, FILE *restrict fp)
{
	size_t total, done = 0;

	file_lock(fp);
	total = file_bytes(fp, size, nitems);
	if (total != 0)
		done = file_write(fp, ptr, total) / size;
	file_unlock(fp);
	return done;
}

/*
 * For a stream being read, the unread buffered input is dropped and the
 * underlying position moved back to the stream's.
 */
static int file_fflush(FILE *fp)
{
	if (fp->_flags == 0) {
		errno = EBADF;
		return EOF;
	}
	if ((fp->_flags & __SRD) && fp->_r > 0 && fp->_seek != NULL) {
		if (fp->_seek(fp->_cookie, -(fpos_t)fp->_r, SEEK_CUR) < 0)
			return EOF;
		fp->_r = 0;
		fp->_p = fp->_bf._base;
		return 0;
	}
	return file_flush(fp);
}

/* NULL flushes every stream. */
int fflush(FILE *fp)
{
	int r;

	if (fp == NULL)
		return file_flush_all();
	file_lock(fp);
	r = file_fflush(fp);
	file_unlock(fp);
	return r;
}
