/*
 * <sys/stat.h> for Tessera's libSystem: macOS arm64's struct stat (the
 * 64-bit-inode layout, 144 bytes), file mode bits and the stat calls. On
 * arm64, stat, fstat and lstat are the 64-bit-inode calls (XNU's stat64,
 * fstat64 and lstat64) under their plain names.
 */
#ifndef _SYS_STAT_H_
#define _SYS_STAT_H_

#include <sys/_types/_timespec.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct stat {
	dev_t st_dev;                     /* device holding the inode */
	mode_t st_mode;                   /* type and permissions */
	nlink_t st_nlink;                 /* hard links */
	ino_t st_ino;                     /* inode number */
	uid_t st_uid;                     /* owner */
	gid_t st_gid;                     /* group */
	dev_t st_rdev;                    /* device, for a device special file */
	struct timespec st_atimespec;     /* last access */
	struct timespec st_mtimespec;     /* last data modification */
	struct timespec st_ctimespec;     /* last status change */
	struct timespec st_birthtimespec; /* creation */
	off_t st_size;                    /* bytes */
	blkcnt_t st_blocks;               /* 512-byte blocks allocated */
	blksize_t st_blksize;             /* preferred I/O size */
	uint32_t st_flags;                /* user-defined flags */
	uint32_t st_gen;                  /* generation number */
	int32_t st_lspare;
	int64_t st_qspare[2];
};

#define st_atime     st_atimespec.tv_sec
#define st_mtime     st_mtimespec.tv_sec
#define st_ctime     st_ctimespec.tv_sec
#define st_birthtime st_birthtimespec.tv_sec

#define S_IFMT   0170000
#define S_IFIFO  0010000
#define S_IFCHR  0020000
#define S_IFDIR  0040000
#define S_IFBLK  0060000
#define S_IFREG  0100000
#define S_IFLNK  0120000
#define S_IFSOCK 0140000
#define S_IFWHT  0160000

#define S_ISUID 0004000
#define S_ISGID 0002000
#define S_ISVTX 0001000
#define S_IRWXU 0000700
#define S_IRUSR 0000400
#define S_IWUSR 0000200
#define S_IXUSR 0000100
#define S_IRWXG 0000070
#define S_IRGRP 0000040
#define S_IWGRP 0000020
#define S_IXGRP 0000010
#define S_IRWXO 0000007
#define S_IROTH 0000004
#define S_IWOTH 0000002
#define S_IXOTH 0000001

#define S_ISBLK(m)  (((m)&S_IFMT) == S_IFBLK)
#define S_ISCHR(m)  (((m)&S_IFMT) == S_IFCHR)
#define S_ISDIR(m)  (((m)&S_IFMT) == S_IFDIR)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)
#define S_ISREG(m)  (((m)&S_IFMT) == S_IFREG)
#define S_ISLNK(m)  (((m)&S_IFMT) == S_IFLNK)
#define S_ISSOCK(m) (((m)&S_IFMT) == S_IFSOCK)

int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
int fstat(int fd, struct stat *buf);
int lstat(const char *restrict path, struct stat *restrict buf);
int mkdir(const char *path, mode_t mode);
int stat(const char *restrict path, struct stat *restrict buf);
mode_t umask(mode_t mask);

#ifdef __cplusplus
}
#endif

#endif
