/*
 * Output to streams: __swbuf (where macOS's putc macro goes when the buffer
 * needs attention), fputc, putc, putchar, fputs, puts, fwrite, fflush.
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
	return __swbuf(c, fp);
}

int putc(int c, FILE *fp)
{
	return __swbuf(c, fp);
}

int putchar(int c)
{
	return __swbuf(c, stdout);
}

int fputs(const char *restrict s, FILE *restrict fp)
{
	size_t n = strlen(s);

	return file_write(fp, s, n) == n ? 0 : EOF;
}

int puts(const char *s)
{
	return fputs(s, stdout) == 0 && __swbuf('\n', stdout) != EOF ? 0 : EOF;
}

size_t fwrite(const void *restrict ptr, size_t size, size_t nitems, FILE *restrict fp)
{
	size_t total = file_bytes(fp, size, nitems);

	return total == 0 ? 0 : file_write(fp, ptr, total) / size;
}

/*
 * NULL flushes every stream. For a stream being read, the unread buffered
 * input is dropped and the underlying position moved back to the stream's.
 */
int fflush(FILE *fp)
{
	if (fp == NULL)
		return file_flush_all();
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
