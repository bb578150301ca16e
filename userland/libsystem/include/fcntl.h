/*
 * <fcntl.h> for Tessera's libSystem: open flags and fcntl commands with
 * macOS's values. open's third argument (the mode, read only with O_CREAT)
 * and fcntl's are variadic: on arm64 Darwin they travel on the stack.
 */
#ifndef _FCNTL_H_
#define _FCNTL_H_

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define O_RDONLY    0x00000000
#define O_WRONLY    0x00000001
#define O_RDWR      0x00000002
#define O_ACCMODE   0x00000003
#define O_NONBLOCK  0x00000004
#define O_APPEND    0x00000008
#define O_SHLOCK    0x00000010
#define O_EXLOCK    0x00000020
#define O_ASYNC     0x00000040
#define O_SYNC      0x00000080
#define O_FSYNC     O_SYNC
#define O_NOFOLLOW  0x00000100
#define O_CREAT     0x00000200
#define O_TRUNC     0x00000400
#define O_EXCL      0x00000800
#define O_EVTONLY   0x00008000
#define O_NOCTTY    0x00020000
#define O_DIRECTORY 0x00100000
#define O_SYMLINK   0x00200000
#define O_DSYNC     0x00400000
#define O_CLOEXEC   0x01000000
#define O_NDELAY    O_NONBLOCK

#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_GETOWN        5
#define F_SETOWN        6
#define F_GETLK         7
#define F_SETLK         8
#define F_SETLKW        9
#define F_DUPFD_CLOEXEC 67

#define FD_CLOEXEC 1

#define AT_FDCWD (-2)

int open(const char *path, int oflag, ...);
int creat(const char *path, mode_t mode);
int fcntl(int fd, int cmd, ...);

#ifdef __cplusplus
}
#endif

#endif
