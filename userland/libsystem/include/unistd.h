/*
 * <unistd.h> for Tessera's libSystem: macOS arm64 types, constants and the
 * prototypes of the basic POSIX calls. Each call that libSystem.B.dylib
 * exports is a system call stub (errno set and -1 returned on failure);
 * those it does not export yet (fork, getcwd) fail to link rather than fail
 * at run time. sleep and usleep wait on the Mach clock.
 */
#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include <sys/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

void _exit(int status) __attribute__((noreturn));
int access(const char *path, int mode);
int chdir(const char *path);
int close(int fd);
int dup(int fd);
int dup2(int fd, int fd2);
int execve(const char *path, char *const argv[], char *const envp[]);
int fchdir(int fd);
pid_t fork(void);
int fsync(int fd);
int ftruncate(int fd, off_t length);
char *getcwd(char *buf, size_t size);
gid_t getegid(void);
uid_t geteuid(void);
gid_t getgid(void);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);
pid_t getpid(void);
pid_t getppid(void);
uid_t getuid(void);
int isatty(int fd);
int issetugid(void);
off_t lseek(int fd, off_t offset, int whence);
int pipe(int fds[2]);
ssize_t pread(int fd, void *buf, size_t nbyte, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t nbyte, off_t offset);
ssize_t read(int fd, void *buf, size_t nbyte);
int rmdir(const char *path);
int setpgid(pid_t pid, pid_t pgid);
pid_t setsid(void);
unsigned int sleep(unsigned int seconds);
int truncate(const char *path, off_t length);
int unlink(const char *path);
int usleep(useconds_t usec);
ssize_t write(int fd, const void *buf, size_t nbyte);

#ifdef __cplusplus
}
#endif

#endif
