/*
 * The terminal ABI as macOS arm64 programs see it: struct termios and
 * struct winsize with their layouts, the flag bits and control-character
 * slots the line discipline honours, and the tty ioctl numbers. Facts to
 * match (XNU's <sys/termios.h>, <sys/ttycom.h>), kept here because bsdserver
 * does not include libSystem's headers.
 */
#ifndef BSDSERVER_TTY_TERMIOS_H
#define BSDSERVER_TTY_TERMIOS_H

#include <stdint.h>

#define NCCS 20

/* c_cc slots */
#define VEOF     0
#define VEOL     1
#define VEOL2    2
#define VERASE   3
#define VWERASE  4
#define VKILL    5
#define VREPRINT 6
#define VINTR    8
#define VQUIT    9
#define VSUSP    10
#define VDSUSP   11
#define VSTART   12
#define VSTOP    13
#define VLNEXT   14
#define VDISCARD 15
#define VMIN     16
#define VTIME    17
#define VSTATUS  18

#define _POSIX_VDISABLE 0xff

/* c_iflag */
#define IGNBRK  0x00000001u
#define BRKINT  0x00000002u
#define ISTRIP  0x00000020u
#define INLCR   0x00000040u
#define IGNCR   0x00000080u
#define ICRNL   0x00000100u
#define IXON    0x00000200u
#define IXANY   0x00000800u
#define IMAXBEL 0x00002000u
#define IUTF8   0x00004000u

/* c_oflag */
#define OPOST 0x00000001u
#define ONLCR 0x00000002u
#define OCRNL 0x00000010u

/* c_cflag */
#define CS8   0x00000300u
#define CREAD 0x00000800u
#define HUPCL 0x00004000u

/* c_lflag */
#define ECHOKE  0x00000001u
#define ECHOE   0x00000002u
#define ECHOK   0x00000004u
#define ECHO    0x00000008u
#define ECHONL  0x00000010u
#define ECHOCTL 0x00000040u
#define ISIG    0x00000080u
#define ICANON  0x00000100u
#define IEXTEN  0x00000400u
#define PENDIN  0x20000000u

/* 72 bytes: tcflag_t and speed_t are unsigned long (8 bytes) on arm64. */
struct bsd_termios {
	uint64_t c_iflag;
	uint64_t c_oflag;
	uint64_t c_cflag;
	uint64_t c_lflag;
	uint8_t c_cc[NCCS];
	uint64_t c_ispeed;
	uint64_t c_ospeed;
};

struct bsd_winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};

/* _IOR/_IOW('t', n, type): direction bits, the argument's size, the group, the number. */
#define BSD_IOC_OUT 0x40000000u
#define BSD_IOC_IN  0x80000000u
#define BSD_IOC(dir, group, n, size)                                                               \
	((uint32_t)(dir) | ((uint32_t)(size)&0x1fffu) << 16 | (uint32_t)(group) << 8 | (n))
#define TIOCGETA   BSD_IOC(BSD_IOC_OUT, 't', 19, sizeof(struct bsd_termios))  /* 0x40487413 */
#define TIOCSETA   BSD_IOC(BSD_IOC_IN, 't', 20, sizeof(struct bsd_termios))   /* 0x80487414 */
#define TIOCSETAW  BSD_IOC(BSD_IOC_IN, 't', 21, sizeof(struct bsd_termios))   /* 0x80487415 */
#define TIOCSETAF  BSD_IOC(BSD_IOC_IN, 't', 22, sizeof(struct bsd_termios))   /* 0x80487416 */
#define TIOCGWINSZ BSD_IOC(BSD_IOC_OUT, 't', 104, sizeof(struct bsd_winsize)) /* 0x40087468 */
#define TIOCSWINSZ BSD_IOC(BSD_IOC_IN, 't', 103, sizeof(struct bsd_winsize))  /* 0x80087467 */

#endif
