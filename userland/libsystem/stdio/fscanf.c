/*
 * The scanf functions that read streams: vfscanf, fscanf, vscanf, scanf.
 * The stream's buffer is the engine's window: it grows while a field goes
 * on, so what the engine does not consume stays in the stream.
 */
#include <stdio.h>

#include "stdio/file.h"
#include "stdio/scan.h"

struct file_source {
	struct scan_source src;
	FILE *fp;
};

static const char *file_window(struct scan_source *src, size_t want, size_t *got)
{
	FILE *fp = ((struct file_source *)src)->fp;

	*got = file_fill(fp, want);
	return (const char *)fp->_p;
}

static void file_skip(struct scan_source *src, size_t n)
{
	FILE *fp = ((struct file_source *)src)->fp;

	fp->_p += n;
	fp->_r -= (int)n;
}

int vfscanf(FILE *restrict fp, const char *restrict format, va_list ap)
{
	struct file_source s = {{file_window, file_skip}, fp};
	int n;

	file_lock(fp);
	n = scan_vscanf(&s.src, format, ap);
	file_unlock(fp);
	return n;
}

int fscanf(FILE *restrict fp, const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vfscanf(fp, format, ap);
	va_end(ap);
	return n;
}

int vscanf(const char *restrict format, va_list ap)
{
	return vfscanf(stdin, format, ap);
}

int scanf(const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vfscanf(stdin, format, ap);
	va_end(ap);
	return n;
}
