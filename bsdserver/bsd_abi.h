/*
 * The BSD ABI as macOS arm64 programs see it, for the calls bsdserver
 * answers: open flags, fcntl commands, lseek, wait4 options and status,
 * signal numbers, struct stat (64-bit inode, what fstat64 fills), struct
 * iovec. Facts to match (XNU's <sys/fcntl.h>, <sys/stat.h>, <sys/wait.h>,
 * <sys/signal.h>, <sys/uio.h>); errno
 * values come from libSystem's <errno.h>, which has macOS's.
 */
#ifndef BSDSERVER_BSD_ABI_H
#define BSDSERVER_BSD_ABI_H

#include <stdint.h>

#define O_RDONLY    0x0000
#define O_WRONLY    0x0001
#define O_RDWR      0x0002
#define O_ACCMODE   0x0003
#define O_NONBLOCK  0x0004
#define O_APPEND    0x0008
#define O_CREAT     0x0200
#define O_TRUNC     0x0400
#define O_EXCL      0x0800
#define O_NOCTTY    0x20000
#define O_DIRECTORY 0x100000
#define O_CLOEXEC   0x1000000

#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_DUPFD_CLOEXEC 67
#define FD_CLOEXEC      1

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define WNOHANG    0x01
#define WUNTRACED  0x02
#define WCONTINUED 0x10
/* A normal exit's wait status: the low byte of exit's argument, shifted up. */
#define W_EXITCODE(code) (((code)&0xff) << 8)
/* Killed by signal `sig` (the task died without calling exit). */
#define W_SIGNALED(sig) ((sig)&0x7f)

/* Signal numbers (<sys/signal.h>): what a process killed by an exception ends with. */
#define SIGILL  4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGEMT  7
#define SIGFPE  8
#define SIGKILL 9
#define SIGBUS  10
#define SIGSEGV 11
#define SIGSYS  12
#define SIGPIPE 13
#define NSIG    32

#define S_IFCHR 0020000
#define S_IFDIR 0040000
#define S_IFREG 0100000

struct bsd_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* struct stat with __DARWIN_64_BIT_INO_T: 144 bytes. */
struct bsd_stat64 {
	int32_t st_dev;
	uint16_t st_mode;
	uint16_t st_nlink;
	uint64_t st_ino;
	uint32_t st_uid;
	uint32_t st_gid;
	int32_t st_rdev;
	struct bsd_timespec st_atimespec;
	struct bsd_timespec st_mtimespec;
	struct bsd_timespec st_ctimespec;
	struct bsd_timespec st_birthtimespec;
	int64_t st_size;
	int64_t st_blocks;
	int32_t st_blksize;
	uint32_t st_flags;
	uint32_t st_gen;
	int32_t st_lspare;
	int64_t st_qspare[2];
};

struct bsd_iovec {
	uint64_t iov_base;
	uint64_t iov_len;
};

#define IOV_MAX  1024 /* most iovecs one readv or writev takes */
#define PATH_MAX 1024 /* longest path, with its NUL */

/* struct rusage: two timevals and fourteen longs, 144 bytes. */
#define RUSAGE_SIZE 144

#endif
