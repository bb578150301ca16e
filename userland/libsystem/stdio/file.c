/*
 * The FILE core (see file.h): allocation, buffers, the switch between
 * reading and writing, flushing and filling.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stdio/file.h"

/* A FILE allocated after the standard three, with its extension. */
struct file_block {
	FILE file;
	struct __sFILEX extra;
};

/* Adding to the list of streams, and handing out free ones. */
static struct lock file_list_lock;

/* The stream after fp in the list; a new one is seen whole, as it was added. */
static FILE *file_next(FILE *fp)
{
	return __atomic_load_n(&fp->_extra->next, __ATOMIC_ACQUIRE);
}

/*
 * Takes fp, locked, if it is free (cleared already, by file_release or
 * calloc); returns whether it did. A stream another thread holds is in use,
 * or being closed: passing it by keeps fopen from waiting for a blocked read.
 */
static int file_claim(FILE *fp, int flags)
{
	if (!lock_recursive_try(&fp->_extra->lock))
		return 0;
	if (fp->_flags != 0) {
		file_unlock(fp);
		return 0;
	}
	fp->_flags = (short)flags;
	fp->_file = -1;
	return 1;
}

FILE *file_alloc(int flags)
{
	FILE *fp, *last = NULL;
	struct file_block *b;

	lock_take(&file_list_lock);
	for (fp = &file_std[0]; fp != NULL; fp = file_next(fp)) {
		if (file_claim(fp, flags))
			goto out;
		last = fp;
	}
	b = calloc(1, sizeof(*b));
	if (b != NULL) {
		fp = &b->file;
		fp->_extra = &b->extra;
		file_claim(fp, flags);
		__atomic_store_n(&last->_extra->next, fp, __ATOMIC_RELEASE);
	}
out:
	lock_give(&file_list_lock);
	return fp;
}

void file_release(FILE *fp)
{
	struct __sFILEX *extra = fp->_extra;

	memset(fp, 0, sizeof(*fp));
	fp->_extra = extra;
}

void file_set_w(FILE *fp)
{
	ptrdiff_t pending = fp->_p - fp->_bf._base;

	fp->_lbfsize = 0;
	if (!(fp->_flags & __SWR) || (fp->_flags & __SNBF)) {
		fp->_w = 0;
	} else if (fp->_flags & __SLBF) {
		fp->_w = (int)-pending;
		fp->_lbfsize = -fp->_bf._size;
	} else {
		fp->_w = fp->_bf._size - (int)pending;
	}
}

/* Gives fp its first buffer: line buffered for a terminal, unbuffered if none can be had. */
static void file_make_buffer(FILE *fp)
{
	unsigned char *buf = NULL;

	if (!(fp->_flags & __SNBF))
		buf = malloc(FILE_BUFSIZE);
	if (buf == NULL) {
		fp->_flags |= __SNBF;
		fp->_bf._base = fp->_nbuf;
		fp->_bf._size = 1;
	} else {
		fp->_flags |= __SMBF;
		fp->_bf._base = buf;
		fp->_bf._size = FILE_BUFSIZE;
		if (fp->_file >= 0 && !(fp->_flags & __SLBF) && isatty(fp->_file))
			fp->_flags |= __SLBF;
	}
	fp->_p = fp->_bf._base;
}

int file_want_write(FILE *fp)
{
	if (!(fp->_flags & __SWR)) {
		if (!(fp->_flags & __SRW)) {
			fp->_flags |= __SERR;
			errno = EBADF;
			return EOF;
		}
		/* Leaving reading: the stream's position is behind what was read ahead. */
		if ((fp->_flags & __SRD) && fp->_r > 0 && fp->_seek != NULL)
			fp->_seek(fp->_cookie, -(fpos_t)fp->_r, SEEK_CUR);
		fp->_flags &= ~__SRD;
		fp->_flags |= __SWR;
		fp->_r = 0;
		fp->_p = fp->_bf._base;
	}
	if (fp->_bf._base == NULL)
		file_make_buffer(fp);
	file_set_w(fp);
	return 0;
}

int file_want_read(FILE *fp)
{
	if (!(fp->_flags & __SRD)) {
		if (!(fp->_flags & __SRW)) {
			fp->_flags |= __SERR;
			errno = EBADF;
			return EOF;
		}
		if ((fp->_flags & __SWR) && file_flush(fp) != 0)
			return EOF;
		fp->_flags &= ~__SWR;
		fp->_flags |= __SRD;
		fp->_w = 0;
		fp->_lbfsize = 0;
		fp->_r = 0;
		fp->_p = fp->_bf._base;
	}
	if (fp->_bf._base == NULL)
		file_make_buffer(fp);
	return 0;
}

int file_flush(FILE *fp)
{
	unsigned char *base = fp->_bf._base;
	size_t n, done = 0;

	if (!(fp->_flags & __SWR) || base == NULL)
		return 0;
	n = (size_t)(fp->_p - base);
	while (done < n) {
		size_t chunk = n - done < INT32_MAX ? n - done : INT32_MAX;
		int w = fp->_write != NULL
		            ? fp->_write(fp->_cookie, (char *)base + done, (int)chunk)
		            : (errno = EBADF, -1);

		if (w <= 0) {
			/* Keep what was not written, at the front of the buffer. */
			memmove(base, base + done, n - done);
			fp->_p = base + (n - done);
			fp->_flags |= __SERR;
			file_set_w(fp);
			return EOF;
		}
		done += (size_t)w;
	}
	fp->_p = base;
	file_set_w(fp);
	return 0;
}

void file_flush_line_buffered(void)
{
	for (FILE *fp = &file_std[0]; fp != NULL; fp = file_next(fp)) {
		if (!lock_recursive_try(&fp->_extra->lock))
			continue;
		if ((fp->_flags & (__SLBF | __SWR)) == (__SLBF | __SWR))
			file_flush(fp);
		file_unlock(fp);
	}
}

int file_flush_all(void)
{
	int r = 0;

	for (FILE *fp = &file_std[0]; fp != NULL; fp = file_next(fp)) {
		/*
		 * A stream open only for reading never has output: passed by
		 * without its lock, so exit does not wait for a thread blocked
		 * reading stdin. Its mode bits do not change while it is open.
		 */
		if ((__atomic_load_n(&fp->_flags, __ATOMIC_RELAXED) & (__SWR | __SRW)) == 0)
			continue;
		file_lock(fp);
		if (fp->_flags != 0 && file_flush(fp) != 0)
			r = EOF;
		file_unlock(fp);
	}
	return r;
}

/* Writes n bytes straight through the write function; returns how many went. */
static size_t file_write_through(FILE *fp, const unsigned char *p, size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t chunk = n - done < INT32_MAX ? n - done : INT32_MAX;
		int w = fp->_write != NULL
		            ? fp->_write(fp->_cookie, (const char *)p + done, (int)chunk)
		            : (errno = EBADF, -1);

		if (w <= 0) {
			fp->_flags |= __SERR;
			break;
		}
		done += (size_t)w;
	}
	return done;
}

size_t file_write(FILE *fp, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t done = 0;

	if (file_want_write(fp) != 0)
		return 0;
	/* Unbuffered, or too big to be worth copying: pending output first, then straight out. */
	if ((fp->_flags & __SNBF) || n >= (size_t)fp->_bf._size) {
		if (file_flush(fp) != 0)
			return 0;
		return file_write_through(fp, p, n);
	}
	while (done < n) {
		size_t room = (size_t)(fp->_bf._base + fp->_bf._size - fp->_p);
		size_t k = n - done < room ? n - done : room;

		if (k == 0) {
			if (file_flush(fp) != 0)
				break;
			continue;
		}
		memcpy(fp->_p, p + done, k);
		fp->_p += k;
		done += k;
	}
	file_set_w(fp);
	if ((fp->_flags & __SLBF) && memchr(p, '\n', done) != NULL)
		file_flush(fp);
	return done;
}

int file_reserve(FILE *fp, size_t want)
{
	size_t size = (size_t)fp->_bf._size * 2;
	unsigned char *buf;

	if (want <= (size_t)fp->_bf._size) {
		memmove(fp->_bf._base, fp->_p, (size_t)fp->_r);
		fp->_p = fp->_bf._base;
		return 0;
	}
	if (want > INT32_MAX / 2)
		return -1;
	if (size < want)
		size = want;
	if (size < FILE_BUFSIZE)
		size = FILE_BUFSIZE;
	buf = malloc(size);
	if (buf == NULL)
		return -1;
	memcpy(buf, fp->_p, (size_t)fp->_r);
	if (fp->_flags & __SMBF)
		free(fp->_bf._base);
	fp->_flags |= __SMBF;
	fp->_bf._base = buf;
	fp->_bf._size = (int)size;
	fp->_p = buf;
	return 0;
}

size_t file_fill(FILE *fp, size_t want)
{
	int n;

	if (file_want_read(fp) != 0)
		return 0;
	if (fp->_r < 0)
		fp->_r = 0;
	if ((size_t)fp->_r >= want || (fp->_flags & __SEOF))
		return (size_t)fp->_r;
	/* Reading a terminal-like stream: show the prompts written so far. */
	if (fp->_flags & (__SLBF | __SNBF))
		file_flush_line_buffered();
	if (file_reserve(fp, want) != 0) {
		/* No bigger buffer: read into the one there is. */
		memmove(fp->_bf._base, fp->_p, (size_t)fp->_r);
		fp->_p = fp->_bf._base;
	}
	if (fp->_r == fp->_bf._size)
		return (size_t)fp->_r;
	n = fp->_read != NULL
	        ? fp->_read(fp->_cookie, (char *)fp->_p + fp->_r, fp->_bf._size - fp->_r)
	        : (errno = EBADF, -1);
	if (n > 0)
		fp->_r += n;
	else if (n == 0)
		fp->_flags |= __SEOF;
	else
		fp->_flags |= __SERR;
	return (size_t)fp->_r;
}

size_t file_bytes(FILE *fp, size_t size, size_t nitems)
{
	if (size != 0 && nitems > SIZE_MAX / size) {
		fp->_flags |= __SERR;
		errno = EINVAL;
		return 0;
	}
	return size * nitems;
}
