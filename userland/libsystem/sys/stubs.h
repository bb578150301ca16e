/*
 * What the BSD call stubs here (bsd_call.h) share with libSystem's C code.
 *
 * sys_cerror is where a stub goes when the kernel answers with the carry flag
 * set: it stores `error` (the positive errno the kernel left in x0) in the
 * calling thread's errno and returns -1, which the stub hands to its caller
 * as the call's result (MAP_FAILED for mmap).
 *
 * sys_open, sys_fcntl and sys_ioctl are the plain stubs behind the variadic
 * calls (variadic.c): every argument in a register, as the kernel reads them.
 * sys_kill is kill with XNU's third argument (kill.c). sys_posix_spawn is
 * XNU's __posix_spawn, its descriptor bsdserver/spawn_abi.h's (spawn.c).
 * sys_gettimeofday is XNU's gettimeofday with its third argument (clock.c).
 */
#ifndef USERLAND_LIBSYSTEM_SYS_STUBS_H
#define USERLAND_LIBSYSTEM_SYS_STUBS_H

#include <sys/types.h>

long sys_cerror(long error);

int sys_open(const char *path, int oflag, int mode);
int sys_fcntl(int fd, int cmd, long arg);
int sys_ioctl(int fd, unsigned long request, void *arg);
int sys_kill(int pid, int sig, int posix);
int sys_gettimeofday(void *tp, void *tzp, uint64_t *mach_absolute_time);
int sys_posix_spawn(pid_t *pid, const char *path, const void *desc, char *const *argv,
                    char *const *envp);

#endif
