/*
 * <unistd.h> for Tessera's libSystem: macOS arm64 types, constants and the
 * prototypes of the basic POSIX calls. The calls themselves arrive with the
 * BSD system call stubs; this header exists now because <limits.h> defines
 * SSIZE_MAX, which tells portable code (lwIP among it) that <unistd.h>
 * provides ssize_t.
 */
#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include <sys/_types/_off_t.h>
#include <sys/_types/_ssize_t.h>
#ifndef _PID_T
#define _PID_T
typedef int pid_t;
#endif
#ifndef _UID_T
#define _UID_T
typedef uint32_t uid_t;
#endif
#ifndef _GID_T
#define _GID_T
typedef uint32_t gid_t;
#endif
#ifndef _USECONDS_T
#define _USECONDS_T
typedef uint32_t useconds_t;
#endif

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
pid_t fork(void);
char *getcwd(char *buf, size_t size);
gid_t getegid(void);
uid_t geteuid(void);
gid_t getgid(void);
pid_t getpid(void);
pid_t getppid(void);
uid_t getuid(void);
int isatty(int fd);
off_t lseek(int fd, off_t offset, int whence);
int pipe(int fds[2]);
ssize_t read(int fd, void *buf, size_t nbyte);
int rmdir(const char *path);
unsigned int sleep(unsigned int seconds);
int unlink(const char *path);
ssize_t write(int fd, const void *buf, size_t nbyte);

#ifdef __cplusplus
}
#endif

#endif
