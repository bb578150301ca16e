/*
 * tcgetattr, tcsetattr and isatty (<termios.h>, <unistd.h>): the terminal
 * ioctls with macOS's request numbers. isatty is TIOCGETA succeeding; a
 * descriptor that is not a terminal fails it with ENOTTY, which isatty leaves
 * in errno as macOS does.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int tcgetattr(int fd, struct termios *t)
{
	return ioctl(fd, TIOCGETA, t);
}

int tcsetattr(int fd, int action, const struct termios *t)
{
	struct termios soft;
	unsigned long request;

	switch (action & ~TCSASOFT) {
	case TCSANOW: request = TIOCSETA; break;
	case TCSADRAIN: request = TIOCSETAW; break;
	case TCSAFLUSH: request = TIOCSETAF; break;
	default: errno = EINVAL; return -1;
	}
	if (action & TCSASOFT) {
		/* CIGNORE asks the terminal to leave its hardware settings as they are. */
		soft = *t;
		soft.c_cflag |= CIGNORE;
		t = &soft;
	}
	return ioctl(fd, request, t);
}

int isatty(int fd)
{
	struct termios t;

	return tcgetattr(fd, &t) == 0;
}
