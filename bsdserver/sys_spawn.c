/*
 * posix_spawn (XNU syscall 244; layouts in spawn_abi.h): a new process, child
 * of the caller, with the caller's credentials and a copy of its descriptor
 * table, edited by the file actions in order and then stripped of the
 * close-on-exec descriptors (with POSIX_SPAWN_CLOEXEC_DEFAULT, of every
 * descriptor no action named), running `path` through dyld as init runs
 * (exec_process). Everything is read and checked before the process exists,
 * so a refused spawn leaves nothing behind.
 *
 * Supported: no descriptor, or one with attributes (flags RESETIDS and
 * CLOEXEC_DEFAULT) and file actions open, close, dup2 and inherit. The other
 * flags and actions XNU knows, and the descriptor's other blocks, answer
 * ENOTSUP; anything unknown EINVAL.
 */
#include <errno.h>
#include <string.h>

#include "bsdserver/bsd_abi.h"
#include "bsdserver/copyio.h"
#include "bsdserver/exec.h"
#include "bsdserver/spawn_abi.h"
#include "bsdserver/syscalls.h"

#define PAGE_SIZE         4096u
#define SPAWN_ACTIONS_MAX FD_MAX /* actions in one spawn: one per descriptor is plenty */
#define VECTOR_CHUNK      64     /* argv or envp pointers per copyin */

#define FLAGS_SUPPORTED (SPAWN_RESETIDS | SPAWN_CLOEXEC_DEFAULT)
#define FLAGS_KNOWN                                                                                \
	(FLAGS_SUPPORTED | SPAWN_SETPGROUP | SPAWN_SETSIGDEF | SPAWN_SETSIGMASK | SPAWN_SETEXEC |  \
	 SPAWN_START_SUSPENDED | SPAWN_SETSID)

/* The caller's argv and envp, copied in: strings and pointers within EXEC_ARGS_MAX bytes. */
struct spawn_strings {
	char text[EXEC_ARGS_MAX];
	const char *vec[EXEC_ARGS_MAX / (sizeof(char *) + 1) + 2]; /* argv, NULL, envp, NULL */
	size_t text_used, nvec, budget;                            /* budget: text + pointers */
};

static struct spawn_strings strs;
static union {
	struct spawn_actions head;
	uint8_t room[SPAWN_ACTIONS_SIZE(SPAWN_ACTIONS_MAX)];
} actions;

/* The attributes block: 0, EINVAL (size, unknown flags), ENOTSUP or EFAULT. */
static int read_attr(task_t task, const struct spawn_args_desc *d, struct spawn_attr *attr)
{
	if (d->attrp == 0)
		return d->attr_size == 0 ? 0 : EINVAL;
	if (d->attr_size != sizeof(*attr))
		return EINVAL;
	if (copyin(task, d->attrp, attr, sizeof(*attr)) != 0)
		return EFAULT;
	uint16_t flags = (uint16_t)attr->flags;
	if (flags & ~FLAGS_KNOWN)
		return EINVAL;
	return (flags & ~FLAGS_SUPPORTED) ? ENOTSUP : 0;
}

/* The file actions block into `actions`: 0 (*count set), EINVAL or EFAULT. */
static int read_actions(task_t task, const struct spawn_args_desc *d, int32_t *count)
{
	*count = 0;
	if (d->file_actions == 0)
		return d->file_actions_size == 0 ? 0 : EINVAL;
	if (d->file_actions_size < sizeof(struct spawn_actions) ||
	    d->file_actions_size > sizeof(actions))
		return EINVAL;
	if (copyin(task, d->file_actions, actions.room, d->file_actions_size) != 0)
		return EFAULT;
	if (actions.head.count < 0 || actions.head.count > SPAWN_ACTIONS_MAX ||
	    SPAWN_ACTIONS_SIZE(actions.head.count) > d->file_actions_size)
		return EINVAL;
	*count = actions.head.count;
	return 0;
}

/* The descriptor at uaddr: its attributes and actions, or why it is refused. */
static int read_desc(task_t task, uint64_t uaddr, struct spawn_attr *attr, int32_t *nactions)
{
	struct spawn_args_desc d;

	if (copyin(task, uaddr, &d, sizeof(d)) != 0)
		return EFAULT;
	/* Port actions, MAC extensions, coalitions, personas, credentials, root paths. */
	if (d.port_actions_size | d.port_actions | d.mac_extensions_size | d.mac_extensions |
	    d.coal_info_size | d.coal_info | d.persona_info_size | d.persona_info |
	    d.posix_cred_info_size | d.posix_cred_info | d.subsystem_root_path_size |
	    d.subsystem_root_path)
		return ENOTSUP;
	int err = read_attr(task, &d, attr);
	return err != 0 ? err : read_actions(task, &d, nactions);
}

/*
 * Appends the caller's NULL-terminated string vector at uaddr (0: an empty
 * one) to strs, with its NULL: 0, EFAULT or E2BIG.
 */
static int copy_vector(task_t task, uint64_t uaddr)
{
	uint64_t ptrs[VECTOR_CHUNK];

	for (uint64_t at = uaddr; at != 0;) {
		/* Up to the page's end, so an array ending before unmapped memory still reads. */
		size_t n = (PAGE_SIZE - (size_t)(at % PAGE_SIZE)) / sizeof(uint64_t);
		n = n == 0 ? 1 : n > VECTOR_CHUNK ? VECTOR_CHUNK : n;
		if (copyin(task, at, ptrs, n * sizeof(uint64_t)) != 0)
			return EFAULT;
		for (size_t i = 0; i < n; i++) {
			if (ptrs[i] == 0) {
				at = 0;
				break;
			}
			if (strs.budget + sizeof(char *) >= EXEC_ARGS_MAX)
				return E2BIG;
			char *s = strs.text + strs.text_used;
			int err = copyinstr(task, ptrs[i], s,
			                    EXEC_ARGS_MAX - sizeof(char *) - strs.budget);
			if (err != 0)
				return err == ENAMETOOLONG ? E2BIG : err;
			size_t len = strlen(s) + 1;
			strs.text_used += len;
			strs.budget += len + sizeof(char *);
			strs.vec[strs.nvec++] = s;
		}
		if (at != 0)
			at += n * sizeof(uint64_t);
	}
	strs.vec[strs.nvec++] = NULL;
	return 0;
}

/* One file action on the child's table t; kept[] marks descriptors an action named. */
static int apply_action(struct fdtable *t, const struct spawn_action *a, uint8_t *kept)
{
	int32_t fd = a->filedes;
	struct file *f;

	switch (a->type) {
	case SPAWN_ACTION_OPEN: {
		if (memchr(a->u.open.path, '\0', sizeof(a->u.open.path)) == NULL)
			return ENAMETOOLONG;
		if (fd < 0 || fd >= FD_MAX)
			return EBADF;
		if (a->u.open.path[0] == '\0')
			return ENOENT;
		int err = file_open(a->u.open.path, a->u.open.oflag, &f);
		if (err != 0)
			return err;
		fd_install_at(t, fd, f, (a->u.open.oflag & O_CLOEXEC) ? FD_CLOEXEC : 0);
		kept[fd] = 1;
		return 0;
	}
	case SPAWN_ACTION_CLOSE:
		if (fd_close(t, fd) != 0)
			return EBADF;
		kept[fd] = 0;
		return 0;
	case SPAWN_ACTION_DUP2: {
		int32_t to = a->u.dup2.newfiledes;
		f = fd_get(t, fd);
		if (f == NULL || to < 0 || to >= FD_MAX)
			return EBADF;
		/* dup2 onto itself keeps the descriptor across the exec (POSIX). */
		if (to == fd) {
			t->flags[to] = 0;
		} else {
			file_hold(f);
			fd_install_at(t, to, f, 0);
		}
		kept[to] = 1;
		return 0;
	}
	case SPAWN_ACTION_INHERIT:
		if (fd_get(t, fd) == NULL)
			return EBADF;
		t->flags[fd] = 0;
		kept[fd] = 1;
		return 0;
	case SPAWN_ACTION_FILEPORT_DUP2:
	case SPAWN_ACTION_CHDIR:
	case SPAWN_ACTION_FCHDIR:
	case SPAWN_ACTION_CLOSEFROM: return ENOTSUP;
	default: return EINVAL;
	}
}

/* The child's descriptors in t (empty on entry): 0, or an errno with t left empty. */
static int child_fds(const struct proc *parent, uint16_t flags, int32_t nactions, struct fdtable *t)
{
	static uint8_t kept[FD_MAX];

	memset(kept, 0, sizeof(kept));
	for (int fd = 0; fd < FD_MAX; fd++) {
		if (parent->fds.files[fd] != NULL) {
			file_hold(parent->fds.files[fd]);
			t->files[fd] = parent->fds.files[fd];
			t->flags[fd] = parent->fds.flags[fd];
		}
	}
	for (int32_t i = 0; i < nactions; i++) {
		int err = apply_action(t, &actions.head.acts[i], kept);
		if (err != 0) {
			fd_close_all(t);
			return err;
		}
	}
	for (int fd = 0; fd < FD_MAX; fd++)
		if ((t->flags[fd] & FD_CLOEXEC) || ((flags & SPAWN_CLOEXEC_DEFAULT) && !kept[fd]))
			fd_close(t, fd);
	return 0;
}

int sys_posix_spawn(struct sys_call *call)
{
	static char path[PATH_MAX];
	static struct fdtable fds;
	struct proc *parent = call->p, *child;
	task_t task = parent->task;
	struct spawn_attr attr;
	uint64_t upid = call->args[0];
	int32_t nactions = 0, pid;
	const char *why;

	memset(&attr, 0, sizeof(attr));
	int err = copyinstr(task, call->args[1], path, sizeof(path));
	if (err == 0 && path[0] == '\0')
		err = ENOENT;
	/* The pid's place must be writable before a child exists that nobody would know of. */
	if (err == 0 && upid != 0 &&
	    (copyin(task, upid, &pid, sizeof(pid)) != 0 ||
	     copyout(task, &pid, upid, sizeof(pid)) != 0))
		err = EFAULT;
	if (err == 0 && call->args[2] != 0)
		err = read_desc(task, call->args[2], &attr, &nactions);
	strs.text_used = strs.nvec = strs.budget = 0;
	if (err == 0)
		err = copy_vector(task, call->args[3]);
	size_t envp_at = strs.nvec;
	if (err == 0)
		err = copy_vector(task, call->args[4]);
	if (err == 0)
		err = child_fds(parent, (uint16_t)attr.flags, nactions, &fds);
	if (err != 0)
		return err;
	err = exec_process(parent, &fds, path, strs.vec, strs.vec + envp_at, &child, &why);
	if (err != 0)
		return err;
	if (attr.flags & SPAWN_RESETIDS) {
		child->euid = child->uid;
		child->egid = child->gid;
	}
	pid = child->pid;
	/* Checked above; should the caller's other thread unmap it meanwhile, the child still runs.
	 */
	if (upid != 0)
		copyout(task, &pid, upid, sizeof(pid));
	return 0;
}
