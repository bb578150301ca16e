/*
 * Terminal speeds and raw mode (<termios.h>): pure operations on a struct
 * termios, which tcsetattr later hands to the terminal. BSD speeds are the
 * numbers themselves, so any value is accepted and kept as given.
 */
#include <termios.h>

speed_t cfgetispeed(const struct termios *t)
{
	return t->c_ispeed;
}

speed_t cfgetospeed(const struct termios *t)
{
	return t->c_ospeed;
}

int cfsetispeed(struct termios *t, speed_t speed)
{
	t->c_ispeed = speed;
	return 0;
}

int cfsetospeed(struct termios *t, speed_t speed)
{
	t->c_ospeed = speed;
	return 0;
}

int cfsetspeed(struct termios *t, speed_t speed)
{
	t->c_ispeed = speed;
	t->c_ospeed = speed;
	return 0;
}

/* Every byte as it comes, no echo, no signals, no output processing, 8 bits. */
void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(tcflag_t)(IMAXBEL | IXOFF | INPCK | BRKINT | PARMRK | ISTRIP | INLCR |
	                          IGNCR | ICRNL | IXON | IGNPAR);
	t->c_iflag |= IGNBRK;
	t->c_oflag &= ~(tcflag_t)OPOST;
	t->c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL | ICANON | ISIG | IEXTEN | NOFLSH |
	                          TOSTOP | PENDIN);
	t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	t->c_cflag |= CS8 | CREAD;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}
