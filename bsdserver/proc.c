#include "bsdserver/proc.h"

#include <string.h>

#include "bsdserver/syscalls.h"
#include "bsdserver/tty/console.h"

#define INIT_PID 1

static struct proc procs[PROC_MAX];
static int next_pid = INIT_PID;
unsigned proc_slots_in_use; /* slots not PROC_FREE */

struct proc *proc_alloc(int ppid)
{
	for (int i = 0; i < PROC_MAX; i++) {
		struct proc *p = &procs[i];
		if (p->state != PROC_FREE)
			continue;
		memset(p, 0, sizeof(*p));
		/* Pids count up, skipping any still in use (zombies included). */
		do {
			p->pid = next_pid++;
			if (next_pid > 99999)
				next_pid = 2;
		} while (proc_by_pid(p->pid) != NULL);
		p->ppid = ppid;
		p->state = PROC_RUNNING;
		proc_slots_in_use++;
		return p;
	}
	return NULL;
}

void proc_free(struct proc *p)
{
	if (p->state != PROC_FREE)
		proc_slots_in_use--;
	memset(p, 0, sizeof(*p));
}

struct proc *proc_by_pid(int pid)
{
	for (int i = 0; i < PROC_MAX; i++)
		if (procs[i].state != PROC_FREE && procs[i].pid == pid)
			return &procs[i];
	return NULL;
}

struct proc *proc_last_caller;

struct proc *proc_search_syscall_port(mach_port_t port)
{
	for (int i = 0; i < PROC_MAX; i++)
		if (procs[i].state == PROC_RUNNING && procs[i].syscall_port == port)
			return proc_last_caller = &procs[i];
	return NULL;
}

struct proc *proc_by_task(mach_port_t task)
{
	for (int i = 0; i < PROC_MAX; i++)
		if (procs[i].state == PROC_RUNNING && procs[i].task == task)
			return &procs[i];
	return NULL;
}

/* The process's Mach side goes: the task, its port, and the syscall port with its queue. */
static void release_mach(struct proc *p)
{
	if (MACH_PORT_VALID(p->task)) {
		task_terminate(p->task);
		mach_port_deallocate(mach_task_self(), p->task);
	}
	p->task = MACH_PORT_NULL;
	if (MACH_PORT_VALID(p->syscall_port))
		mach_port_mod_refs(mach_task_self(), p->syscall_port, MACH_PORT_RIGHT_RECEIVE, -1);
	p->syscall_port = MACH_PORT_NULL;
}

void proc_exit(struct proc *p, int status)
{
	struct proc *init = proc_by_pid(INIT_PID);

	release_mach(p);
	fd_close_all(&p->fds);
	console_tty_cancel(p);
	for (int i = 0; i < PROC_WAITERS; i++) {
		if (MACH_PORT_VALID(p->waiters[i].reply))
			mach_port_deallocate(mach_task_self(), p->waiters[i].reply);
		p->waiters[i].reply = MACH_PORT_NULL;
	}
	/* Orphans go to init; with init gone, nobody will reap the zombies among them. */
	bool orphan_zombie = false;
	for (int i = 0; i < PROC_MAX; i++) {
		struct proc *c = &procs[i];
		if (c->state == PROC_FREE || c->ppid != p->pid || c == p)
			continue;
		if (init != NULL && init != p && init->state == PROC_RUNNING) {
			c->ppid = INIT_PID;
			orphan_zombie |= c->state == PROC_ZOMBIE;
		} else {
			c->ppid = 0;
			if (c->state == PROC_ZOMBIE)
				proc_free(c);
		}
	}
	struct proc *parent = p->ppid != 0 ? proc_by_pid(p->ppid) : NULL;
	if (parent == NULL || parent->state != PROC_RUNNING) {
		proc_free(p);
	} else {
		p->state = PROC_ZOMBIE;
		p->status = status;
		sys_wait_wake(parent);
	}
	if (orphan_zombie)
		sys_wait_wake(init);
}

void proc_foreach(void (*fn)(struct proc *p, void *arg), void *arg)
{
	for (int i = 0; i < PROC_MAX; i++)
		if (procs[i].state != PROC_FREE)
			fn(&procs[i], arg);
}
