/*
 * posix_spawn and posix_spawnp, their attribute and file-action objects
 * (<spawn.h>). The objects are the blocks bsdserver reads
 * (bsdserver/spawn_abi.h, XNU's layouts), allocated here and handed over by
 * address in the descriptor of XNU's __posix_spawn call (244); bsdserver
 * checks everything and returns the error, which posix_spawn returns.
 */
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bsdserver/spawn_abi.h"
#include "sys/stubs.h"

#define ACTIONS_FIRST 4               /* room in a new file-actions object */
#define DEFAULT_PATH  "/usr/bin:/bin" /* posix_spawnp without PATH, as macOS's _PATH_DEFPATH */

int posix_spawn(pid_t *restrict pid, const char *restrict path,
                const posix_spawn_file_actions_t *file_actions,
                const posix_spawnattr_t *restrict attrp, char *const argv[restrict],
                char *const envp[restrict])
{
	struct spawn_args_desc desc;

	memset(&desc, 0, sizeof(desc));
	if (attrp != NULL) {
		if (*attrp == NULL)
			return EINVAL;
		desc.attr_size = sizeof(struct spawn_attr);
		desc.attrp = (uintptr_t)*attrp;
	}
	if (file_actions != NULL) {
		const struct spawn_actions *a = *file_actions;
		if (a == NULL)
			return EINVAL;
		desc.file_actions_size = SPAWN_ACTIONS_SIZE(a->count);
		desc.file_actions = (uintptr_t)a;
	}
	bool plain = attrp == NULL && file_actions == NULL;
	if (sys_posix_spawn(pid, path, plain ? NULL : &desc, argv, envp) != 0)
		return errno;
	return 0;
}

/*
 * Each PATH directory in turn (an empty one is the name alone); a directory
 * that lacks the file, or is no directory, moves on to the next. No shell
 * runs a file that is not Mach-O: that is ENOEXEC.
 */
int posix_spawnp(pid_t *restrict pid, const char *restrict file,
                 const posix_spawn_file_actions_t *file_actions,
                 const posix_spawnattr_t *restrict attrp, char *const argv[restrict],
                 char *const envp[restrict])
{
	char path[PATH_MAX];
	bool denied = false;

	if (file == NULL)
		return EFAULT;
	if (strchr(file, '/') != NULL)
		return posix_spawn(pid, file, file_actions, attrp, argv, envp);
	if (file[0] == '\0')
		return ENOENT;
	size_t flen = strlen(file);
	const char *dirs = getenv("PATH");
	if (dirs == NULL)
		dirs = DEFAULT_PATH;
	for (const char *d = dirs;; d++) {
		const char *end = strchr(d, ':');
		size_t dlen = end != NULL ? (size_t)(end - d) : strlen(d);
		if (dlen + 1 + flen < sizeof(path)) {
			memcpy(path, d, dlen);
			if (dlen > 0)
				path[dlen++] = '/';
			memcpy(path + dlen, file, flen + 1);
			int err = posix_spawn(pid, path, file_actions, attrp, argv, envp);
			if (err == EACCES)
				denied = true;
			else if (err != ENOENT && err != ENOTDIR)
				return err;
		}
		if (end == NULL)
			break;
		d = end;
	}
	return denied ? EACCES : ENOENT;
}

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *file_actions)
{
	struct spawn_actions *a = malloc(SPAWN_ACTIONS_SIZE(ACTIONS_FIRST));

	if (a == NULL)
		return ENOMEM;
	a->alloc = ACTIONS_FIRST;
	a->count = 0;
	*file_actions = a;
	return 0;
}

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *file_actions)
{
	if (file_actions == NULL || *file_actions == NULL)
		return EINVAL;
	free(*file_actions);
	*file_actions = NULL;
	return 0;
}

/* A new action at the end of the list (zeroed, its type and descriptor set), or NULL: *err. */
static struct spawn_action *add_action(posix_spawn_file_actions_t *file_actions, int type, int fd,
                                       int *err)
{
	struct spawn_actions *a;

	if (file_actions == NULL || (a = *file_actions) == NULL) {
		*err = EINVAL;
		return NULL;
	}
	if (fd < 0 || fd >= OPEN_MAX) {
		*err = EBADF;
		return NULL;
	}
	if (a->count == a->alloc) {
		if (a->alloc > INT32_MAX / 2) {
			*err = ENOMEM;
			return NULL;
		}
		struct spawn_actions *grown = realloc(a, SPAWN_ACTIONS_SIZE(a->alloc * 2));
		if (grown == NULL) {
			*err = ENOMEM;
			return NULL;
		}
		grown->alloc *= 2;
		*file_actions = a = grown;
	}
	struct spawn_action *act = &a->acts[a->count++];
	memset(act, 0, sizeof(*act));
	act->type = type;
	act->filedes = fd;
	return act;
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *file_actions, int fd)
{
	int err = 0;

	add_action(file_actions, SPAWN_ACTION_CLOSE, fd, &err);
	return err;
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *file_actions, int fd, int newfd)
{
	int err = 0;

	if (newfd < 0 || newfd >= OPEN_MAX)
		return EBADF;
	struct spawn_action *act = add_action(file_actions, SPAWN_ACTION_DUP2, fd, &err);
	if (act != NULL)
		act->u.dup2.newfiledes = newfd;
	return err;
}

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *restrict file_actions, int fd,
                                     const char *restrict path, int oflag, mode_t mode)
{
	int err = 0;

	if (path == NULL)
		return EFAULT;
	if (strlen(path) >= SPAWN_PATH_MAX)
		return ENAMETOOLONG;
	struct spawn_action *act = add_action(file_actions, SPAWN_ACTION_OPEN, fd, &err);
	if (act != NULL) {
		act->u.open.oflag = oflag;
		act->u.open.mode = mode;
		strcpy(act->u.open.path, path);
	}
	return err;
}

int posix_spawn_file_actions_addinherit_np(posix_spawn_file_actions_t *file_actions, int fd)
{
	int err = 0;

	add_action(file_actions, SPAWN_ACTION_INHERIT, fd, &err);
	return err;
}

int posix_spawnattr_init(posix_spawnattr_t *attr)
{
	struct spawn_attr *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return ENOMEM;
	*attr = a;
	return 0;
}

int posix_spawnattr_destroy(posix_spawnattr_t *attr)
{
	if (attr == NULL || *attr == NULL)
		return EINVAL;
	free(*attr);
	*attr = NULL;
	return 0;
}

/* The attributes block behind attr, or NULL for an object never initialized. */
static struct spawn_attr *attr_block(const posix_spawnattr_t *attr)
{
	return attr != NULL ? *attr : NULL;
}

int posix_spawnattr_getflags(const posix_spawnattr_t *restrict attr, short *restrict flags)
{
	struct spawn_attr *a = attr_block(attr);

	if (a == NULL)
		return EINVAL;
	*flags = a->flags;
	return 0;
}

int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)
{
	struct spawn_attr *a = attr_block(attr);

	if (a == NULL)
		return EINVAL;
	a->flags = flags;
	return 0;
}

int posix_spawnattr_getpgroup(const posix_spawnattr_t *restrict attr, pid_t *restrict pgroup)
{
	struct spawn_attr *a = attr_block(attr);

	if (a == NULL)
		return EINVAL;
	*pgroup = a->pgroup;
	return 0;
}

int posix_spawnattr_setpgroup(posix_spawnattr_t *attr, pid_t pgroup)
{
	struct spawn_attr *a = attr_block(attr);

	if (a == NULL)
		return EINVAL;
	a->pgroup = pgroup;
	return 0;
}

int posix_spawnattr_getsigdefault(const posix_spawnattr_t *restrict attr,
                                  sigset_t *restrict sigdefault)
{
	struct spawn_attr *a = attr_block(attr);

	if (a == NULL)
		return EINVAL;
	*sigdefault = a->sigdefault;
	return 0;
}

int posix_spawnattr_setsigdefault(posix_spawnattr_t *restrict attr,
                                  const sigset_t *restrict sigdefault)
{
	struct spawn_attr *a = attr_block(attr);

	if (a == NULL)
		return EINVAL;
	a->sigdefault = *sigdefault;
	return 0;
}

int posix_spawnattr_getsigmask(const posix_spawnattr_t *restrict attr, sigset_t *restrict sigmask)
{
	struct spawn_attr *a = attr_block(attr);

	if (a == NULL)
		return EINVAL;
	*sigmask = a->sigmask;
	return 0;
}

int posix_spawnattr_setsigmask(posix_spawnattr_t *restrict attr, const sigset_t *restrict sigmask)
{
	struct spawn_attr *a = attr_block(attr);

	if (a == NULL)
		return EINVAL;
	a->sigmask = *sigmask;
	return 0;
}
