/*
 * <sys/ioctl.h> for Tessera's libSystem: the ioctl call, BSD's request
 * encoding and the terminal requests, with macOS's numbers. A request
 * carries its direction (IOC_OUT: the kernel writes the argument, IOC_IN:
 * reads it), the argument's size, a group letter and a number. ioctl's
 * third argument is variadic (on the stack on arm64 Darwin).
 */
#ifndef _SYS_IOCTL_H_
#define _SYS_IOCTL_H_

#include <termios.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IOCPARM_MASK   0x1fff
#define IOCPARM_LEN(x) (((x) >> 16) & IOCPARM_MASK)
#define IOCGROUP(x)    (((x) >> 8) & 0xff)
#define IOC_VOID       0x20000000UL
#define IOC_OUT        0x40000000UL
#define IOC_IN         0x80000000UL
#define IOC_INOUT      (IOC_IN | IOC_OUT)

#define _IOC(inout, group, num, len)                                                               \
	((unsigned long)((inout) | (((len)&IOCPARM_MASK) << 16) | ((group) << 8) | (num)))
#define _IO(g, n)      _IOC(IOC_VOID, (g), (n), 0)
#define _IOR(g, n, t)  _IOC(IOC_OUT, (g), (n), sizeof(t))
#define _IOW(g, n, t)  _IOC(IOC_IN, (g), (n), sizeof(t))
#define _IOWR(g, n, t) _IOC(IOC_INOUT, (g), (n), sizeof(t))

/* The terminal's size in characters and pixels. */
struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

#define TIOCGETA   _IOR('t', 19, struct termios) /* 0x40487413 */
#define TIOCSETA   _IOW('t', 20, struct termios) /* 0x80487414 */
#define TIOCSETAW  _IOW('t', 21, struct termios) /* 0x80487415: after output drains */
#define TIOCSETAF  _IOW('t', 22, struct termios) /* 0x80487416: drain, flush input */
#define TIOCSWINSZ _IOW('t', 103, struct winsize)
#define TIOCGWINSZ _IOR('t', 104, struct winsize)
#define FIONREAD   _IOR('f', 127, int)
#define FIONBIO    _IOW('f', 126, int)

int ioctl(int fd, unsigned long request, ...);

#ifdef __cplusplus
}
#endif

#endif
