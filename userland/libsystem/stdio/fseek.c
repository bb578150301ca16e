/*
 * Positioning streams: fseeko, fseek, ftello, ftell, rewind, fgetpos,
 * fsetpos. A seek writes out pending output, drops buffered input and the
 * end-of-file indicator, and lets an update stream change direction.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>

#include "stdio/file.h"

static int file_seek(FILE *fp, off_t offset, int whence)
{
	if (fp->_seek == NULL) {
		errno = ESPIPE;
		return -1;
	}
	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) {
		errno = EINVAL;
		return -1;
	}
	if (file_flush(fp) != 0)
		return -1;
	/* SEEK_CUR counts from the stream's position, behind the read-ahead. */
	if (whence == SEEK_CUR && (fp->_flags & __SRD) && fp->_r > 0)
		offset -= fp->_r;
	if (fp->_seek(fp->_cookie, offset, whence) < 0)
		return -1;
	fp->_r = 0;
	fp->_p = fp->_bf._base;
	fp->_flags &= ~__SEOF;
	if (fp->_flags & __SRW)
		fp->_flags &= ~(__SRD | __SWR);
	file_set_w(fp);
	return 0;
}

int fseeko(FILE *fp, off_t offset, int whence)
{
	int r;

	file_lock(fp);
	r = file_seek(fp, offset, whence);
	file_unlock(fp);
	return r;
}

int fseek(FILE *fp, long offset, int whence)
{
	return fseeko(fp, offset, whence);
}

static off_t file_tell(FILE *fp)
{
	fpos_t pos;

	if (fp->_seek == NULL) {
		errno = ESPIPE;
		return -1;
	}
	pos = fp->_seek(fp->_cookie, 0, SEEK_CUR);
	if (pos < 0)
		return -1;
	if ((fp->_flags & __SRD) && fp->_r > 0)
		pos -= fp->_r;
	else if ((fp->_flags & __SWR) && fp->_bf._base != NULL)
		pos += fp->_p - fp->_bf._base;
	return pos;
}

off_t ftello(FILE *fp)
{
	off_t pos;

	file_lock(fp);
	pos = file_tell(fp);
	file_unlock(fp);
	return pos;
}

long ftell(FILE *fp)
{
	return ftello(fp);
}

void rewind(FILE *fp)
{
	file_lock(fp);
	if (file_seek(fp, 0, SEEK_SET) == 0)
		fp->_flags &= ~(__SEOF | __SERR);
	file_unlock(fp);
}

int fgetpos(FILE *restrict fp, fpos_t *restrict pos)
{
	off_t off = ftello(fp);

	if (off < 0)
		return -1;
	*pos = off;
	return 0;
}

int fsetpos(FILE *fp, const fpos_t *pos)
{
	return fseeko(fp, *pos, SEEK_SET);
}
