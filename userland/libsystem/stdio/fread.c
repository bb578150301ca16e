/*
 * Input from streams: __srget (where macOS's getc macro goes when the buffer
 * is empty), fgetc, getc, getchar, their _unlocked forms, ungetc, fgets,
 * fread, getdelim, getline. End of file is sticky, as on macOS: once seen,
 * reads return EOF until clearerr or a seek.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stdio/file.h"

/* The macro has already taken one from _r (now -1). */
int __srget(FILE *fp)
{
	fp->_r = 0;
	if (file_fill(fp, 1) == 0)
		return EOF;
	fp->_r--;
	return *fp->_p++;
}

/* One byte, under the caller's lock. */
static int file_getc(FILE *fp)
{
	if (fp->_r > 0 && (fp->_flags & __SRD)) {
		fp->_r--;
		return *fp->_p++;
	}
	return __srget(fp);
}

int fgetc(FILE *fp)
{
	int c;

	file_lock(fp);
	c = file_getc(fp);
	file_unlock(fp);
	return c;
}

int getc(FILE *fp)
{
	return fgetc(fp);
}

int getchar(void)
{
	return fgetc(stdin);
}

/* The functions behind <stdio.h>'s macros of the same names, for callers that take their address.
 */
int(getc_unlocked)(FILE *fp)
{
	return file_getc(fp);
}

int(getchar_unlocked)(void)
{
	return file_getc(stdin);
}

static int file_ungetc(int c, FILE *fp)
{
	if (c == EOF || file_want_read(fp) != 0)
		return EOF;
	if (fp->_r < 0)
		fp->_r = 0;
	if (fp->_p > fp->_bf._base) {
		fp->_p--;
	} else {
		if (file_reserve(fp, (size_t)fp->_r + 1) != 0)
			return EOF;
		memmove(fp->_bf._base + 1, fp->_p, (size_t)fp->_r);
		fp->_p = fp->_bf._base;
	}
	*fp->_p = (unsigned char)c;
	fp->_r++;
	fp->_flags &= ~__SEOF;
	return (unsigned char)c;
}

/* Any number of bytes may be pushed back; the buffer grows to take them. */
int ungetc(int c, FILE *fp)
{
	int r;

	file_lock(fp);
	r = file_ungetc(c, fp);
	file_unlock(fp);
	return r;
}

char *fgets(char *restrict s, int n, FILE *restrict fp)
{
	int i = 0;

	if (n <= 0) {
		errno = EINVAL;
		return NULL;
	}
	file_lock(fp);
	while (i < n - 1) {
		int c = file_getc(fp);

		if (c == EOF)
			break;
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	file_unlock(fp);
	if (i == 0 && n > 1)
		return NULL;
	s[i] = '\0';
	return s;
}

size_t fread(void *restrict ptr, size_t size, size_t nitems, FILE *restrict fp)
{
	unsigned char *p = ptr;
	size_t total, done = 0;

	file_lock(fp);
	total = file_bytes(fp, size, nitems);
	while (done < total) {
		size_t k;

		if (fp->_r <= 0 || !(fp->_flags & __SRD)) {
			fp->_r = fp->_r < 0 ? 0 : fp->_r;
			if (file_fill(fp, 1) == 0)
				break;
		}
		k = (size_t)fp->_r < total - done ? (size_t)fp->_r : total - done;
		memcpy(p + done, fp->_p, k);
		fp->_p += k;
		fp->_r -= (int)k;
		done += k;
	}
	file_unlock(fp);
	return total == 0 ? 0 : done / size;
}

/*
 * Reads up to and including delim into *linep (grown with realloc as
 * needed); returns the length, or -1 at end of file or on error.
 */
static ssize_t file_getdelim(char **linep, size_t *capp, int delim, FILE *fp)
{
	size_t len = 0;

	if (*linep == NULL)
		*capp = 0;
	for (;;) {
		int c = file_getc(fp);

		if (c == EOF)
			break;
		if (len + 2 > *capp) {
			size_t cap = *capp < 64 ? 128 : *capp * 2;
			char *grown = realloc(*linep, cap);

			if (grown == NULL) {
				fp->_flags |= __SERR;
				return -1;
			}
			*linep = grown;
			*capp = cap;
		}
		(*linep)[len++] = (char)c;
		if (c == delim)
			break;
	}
	if (len == 0)
		return -1;
	(*linep)[len] = '\0';
	return (ssize_t)len;
}

ssize_t getdelim(char **restrict linep, size_t *restrict capp, int delim, FILE *restrict fp)
{
	ssize_t n;

	if (linep == NULL || capp == NULL) {
		errno = EINVAL;
		return -1;
	}
	file_lock(fp);
	n = file_getdelim(linep, capp, delim, fp);
	file_unlock(fp);
	return n;
}

ssize_t getline(char **restrict linep, size_t *restrict capp, FILE *restrict fp)
{
	return getdelim(linep, capp, '\n', fp);
}
