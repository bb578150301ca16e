/*
 * The printf functions that write to streams and descriptors: vfprintf,
 * fprintf, vprintf, printf, vdprintf, dprintf.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "stdio/file.h"
#include "stdio/format.h"

struct file_sink {
	struct format_sink sink;
	FILE *fp;
};

static int file_put(struct format_sink *sink, const char *bytes, size_t len)
{
	FILE *fp = ((struct file_sink *)sink)->fp;

	return file_write(fp, bytes, len) == len ? 0 : -1;
}

/* The whole output is one unit: no other thread's writes come between its pieces. */
int vfprintf(FILE *restrict fp, const char *restrict format, va_list ap)
{
	struct file_sink s = {{file_put}, fp};
	int n = -1;

	file_lock(fp);
	if (file_want_write(fp) == 0)
		n = format_vprintf(&s.sink, format, ap);
	file_unlock(fp);
	return n;
}

int fprintf(FILE *restrict fp, const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vfprintf(fp, format, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *restrict format, va_list ap)
{
	return vfprintf(stdout, format, ap);
}

int printf(const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vfprintf(stdout, format, ap);
	va_end(ap);
	return n;
}

/* dprintf writes straight to the descriptor, with no stream in between. */
struct fd_sink {
	struct format_sink sink;
	int fd;
};

static int fd_put(struct format_sink *sink, const char *bytes, size_t len)
{
	int fd = ((struct fd_sink *)sink)->fd;

	while (len > 0) {
		ssize_t n = write(fd, bytes, len);

		if (n <= 0)
			return -1;
		bytes += n;
		len -= (size_t)n;
	}
	return 0;
}

int vdprintf(int fd, const char *restrict format, va_list ap)
{
	struct fd_sink s = {{fd_put}, fd};

	return format_vprintf(&s.sink, format, ap);
}

int dprintf(int fd, const char *restrict format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vdprintf(fd, format, ap);
	va_end(ap);
	return n;
}
