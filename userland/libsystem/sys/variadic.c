/*
 * The calls whose last argument is variadic: open, fcntl and ioctl. On arm64
 * Darwin a variadic argument is passed on the stack, not in a register, so
 * these read it with va_arg and hand it to the system call stub (fd.S) in the
 * register the kernel reads. Only arguments the call takes are read.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>

#include "sys/stubs.h"

int open(const char *path, int oflag, ...)
{
	int mode = 0;

	if (oflag & O_CREAT) {
		va_list ap;

		va_start(ap, oflag);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	return sys_open(path, oflag, mode);
}

int creat(const char *path, mode_t mode)
{
	return sys_open(path, O_CREAT | O_TRUNC | O_WRONLY, mode);
}

/* The commands that take no third argument; every other one takes one. */
static int fcntl_has_arg(int cmd)
{
	return cmd != F_GETFD && cmd != F_GETFL && cmd != F_GETOWN;
}

int fcntl(int fd, int cmd, ...)
{
	long arg = 0;

	if (fcntl_has_arg(cmd)) {
		va_list ap;

		va_start(ap, cmd);
		arg = va_arg(ap, long);
		va_end(ap);
	}
	return sys_fcntl(fd, cmd, arg);
}

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	return sys_ioctl(fd, request, arg);
}
