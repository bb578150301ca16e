/*
 * The process calls: exit and wait4, the ids and credentials.
 */
#include <errno.h>
#include <string.h>

#include "bsdserver/bsd_abi.h"
#include "bsdserver/bsdserver.h"
#include "bsdserver/copyio.h"
#include "bsdserver/syscalls.h"

int sys_exit(struct sys_call *call)
{
	struct proc *p = call->p;

	/* The calling thread ends with its task: nobody is left to answer. */
	mach_port_deallocate(mach_task_self(), call->reply);
	call->reply = MACH_PORT_NULL;
	bsd_log("bsdserver: pid %d (%s) exited with status %d\n", p->pid, p->name,
	        (int)(call->args[0] & 0xff));
	proc_exit(p, W_EXITCODE((int)call->args[0]));
	return SYS_DEFERRED;
}

struct wait_match {
	const struct proc *parent;
	int64_t pid;
	struct proc *zombie; /* a child to reap now */
	bool any;            /* a child matches at all */
};

static void match_child(struct proc *c, void *arg)
{
	struct wait_match *m = arg;

	if (c->ppid != m->parent->pid || c == m->parent || (m->pid > 0 && c->pid != m->pid))
		return;
	m->any = true;
	if (c->state == PROC_ZOMBIE && m->zombie == NULL)
		m->zombie = c;
}

/*
 * Reaps a zombie child for a wait4 of parent's (pid, status, rusage): 0 with
 * *reaped set, ECHILD when no child matches, EFAULT when the results cannot
 * be written (the child then stays a zombie), or 0 with *reaped 0 when
 * matching children still run.
 */
static int reap(struct proc *parent, int64_t pid, uint64_t status, uint64_t rusage, int *reaped)
{
	struct wait_match m = {.parent = parent, .pid = pid};
	static const uint8_t no_usage[RUSAGE_SIZE];

	*reaped = 0;
	proc_foreach(match_child, &m);
	if (!m.any)
		return ECHILD;
	if (m.zombie == NULL)
		return 0;
	int32_t wstatus = m.zombie->status;
	if (status != 0 && copyout(parent->task, &wstatus, status, sizeof(wstatus)) != 0)
		return EFAULT;
	/* No usage is accounted yet: a caller asking for it gets zeros. */
	if (rusage != 0 && copyout(parent->task, no_usage, rusage, sizeof(no_usage)) != 0)
		return EFAULT;
	*reaped = m.zombie->pid;
	proc_free(m.zombie);
	return 0;
}

int sys_wait4(struct sys_call *call)
{
	struct proc *p = call->p;
	int64_t pid = (int32_t)call->args[0];
	uint64_t status = call->args[1], rusage = call->args[3];
	int options = (int)call->args[2], reaped;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED))
		return EINVAL;
	/* No process groups yet: 0 and -pgid mean any child, as -1 does. */
	int err = reap(p, pid, status, rusage, &reaped);
	if (err != 0 || reaped != 0 || (options & WNOHANG)) {
		call->rv[0] = (uint64_t)reaped;
		return err;
	}
	for (int i = 0; i < PROC_WAITERS; i++) {
		struct proc_waiter *w = &p->waiters[i];
		if (MACH_PORT_VALID(w->reply))
			continue;
		w->reply = call->reply;
		w->pid = pid;
		w->status = status;
		w->rusage = rusage;
		call->reply = MACH_PORT_NULL;
		return SYS_DEFERRED;
	}
	return EAGAIN; /* more threads waiting at once than a process may have */
}

void sys_wait_wake(struct proc *parent)
{
	for (int i = 0; i < PROC_WAITERS; i++) {
		struct proc_waiter *w = &parent->waiters[i];
		int reaped;
		if (!MACH_PORT_VALID(w->reply))
			continue;
		/* A waiter that is gone must not reap the child (its status would be lost). */
		if (!syscall_reply_alive(w->reply)) {
			w->reply = MACH_PORT_NULL;
			continue;
		}
		int err = reap(parent, w->pid, w->status, w->rusage, &reaped);
		if (err == 0 && reaped == 0)
			continue;
		syscall_reply(w->reply, err, (uint64_t)reaped, 0);
		w->reply = MACH_PORT_NULL;
	}
}

int sys_getpid(struct sys_call *call)
{
	call->rv[0] = (uint64_t)call->p->pid;
	return 0;
}

int sys_getppid(struct sys_call *call)
{
	call->rv[0] = (uint64_t)call->p->ppid;
	return 0;
}

int sys_getuid(struct sys_call *call)
{
	call->rv[0] = call->p->uid;
	return 0;
}

int sys_geteuid(struct sys_call *call)
{
	call->rv[0] = call->p->euid;
	return 0;
}

int sys_getgid(struct sys_call *call)
{
	call->rv[0] = call->p->gid;
	return 0;
}

int sys_getegid(struct sys_call *call)
{
	call->rv[0] = call->p->egid;
	return 0;
}

/* No set-id programs exist yet, so no process is tainted by one. */
int sys_issetugid(struct sys_call *call)
{
	call->rv[0] = 0;
	return 0;
}
