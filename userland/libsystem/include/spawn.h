/*
 * <spawn.h> for Tessera's libSystem: posix_spawn and its attribute and
 * file-action objects, as macOS has them (opaque pointer types, Apple's
 * _np extensions and flag values). bsdserver carries out the spawn; what
 * it does not support (process groups, signal masks and defaults,
 * POSIX_SPAWN_SETEXEC, START_SUSPENDED, SETSID) makes posix_spawn return
 * ENOTSUP rather than be ignored.
 */
#ifndef _SPAWN_H_
#define _SPAWN_H_

#include <signal.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void *posix_spawnattr_t;
typedef void *posix_spawn_file_actions_t;

#define POSIX_SPAWN_RESETIDS        0x0001
#define POSIX_SPAWN_SETPGROUP       0x0002
#define POSIX_SPAWN_SETSIGDEF       0x0004
#define POSIX_SPAWN_SETSIGMASK      0x0008
#define POSIX_SPAWN_SETEXEC         0x0040
#define POSIX_SPAWN_START_SUSPENDED 0x0080
#define POSIX_SPAWN_SETSID          0x0400
#define POSIX_SPAWN_CLOEXEC_DEFAULT 0x4000

int posix_spawn(pid_t *restrict pid, const char *restrict path,
                const posix_spawn_file_actions_t *file_actions,
                const posix_spawnattr_t *restrict attrp, char *const argv[restrict],
                char *const envp[restrict]);
int posix_spawnp(pid_t *restrict pid, const char *restrict file,
                 const posix_spawn_file_actions_t *file_actions,
                 const posix_spawnattr_t *restrict attrp, char *const argv[restrict],
                 char *const envp[restrict]);

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *file_actions);
int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *file_actions);
int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *file_actions, int fd);
int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *file_actions, int fd, int newfd);
int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *restrict file_actions, int fd,
                                     const char *restrict path, int oflag, mode_t mode);
int posix_spawn_file_actions_addinherit_np(posix_spawn_file_actions_t *file_actions, int fd);

int posix_spawnattr_init(posix_spawnattr_t *attr);
int posix_spawnattr_destroy(posix_spawnattr_t *attr);
int posix_spawnattr_getflags(const posix_spawnattr_t *restrict attr, short *restrict flags);
int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags);
int posix_spawnattr_getpgroup(const posix_spawnattr_t *restrict attr, pid_t *restrict pgroup);
int posix_spawnattr_setpgroup(posix_spawnattr_t *attr, pid_t pgroup);
int posix_spawnattr_getsigdefault(const posix_spawnattr_t *restrict attr,
                                  sigset_t *restrict sigdefault);
int posix_spawnattr_setsigdefault(posix_spawnattr_t *restrict attr,
                                  const sigset_t *restrict sigdefault);
int posix_spawnattr_getsigmask(const posix_spawnattr_t *restrict attr, sigset_t *restrict sigmask);
int posix_spawnattr_setsigmask(posix_spawnattr_t *restrict attr, const sigset_t *restrict sigmask);

#ifdef __cplusplus
}
#endif

#endif
