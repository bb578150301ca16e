/*
 * Processes: one Mach task each, with a syscall port of its own (a receive
 * right of bsdserver's, in the receive loop's port set, whose context is
 * the pid), credentials, a file descriptor table, and a parent that reaps
 * it with wait4.
 *
 * A process runs until it calls exit or its task dies (a dead-name
 * notification on the task port); then proc_exit terminates the task,
 * closes its descriptors, drops its calls still waiting for an answer, gives
 * its children to init, and leaves a zombie for its parent to reap — or
 * frees it at once when nobody can (init itself, or no parent left).
 */
#ifndef BSDSERVER_PROC_H
#define BSDSERVER_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include <mach/mach.h>

#include "bsdserver/fd.h"

#define PROC_MAX      64 /* processes at once, zombies included */
#define PROC_WAITERS  4  /* wait4 calls of one process waiting at once */
#define PROC_NAME_MAX 24

enum proc_state {
	PROC_FREE,
	PROC_RUNNING,
	PROC_ZOMBIE, /* ended; its status waits for its parent's wait4 */
};

/* A wait4 answered later, when a child ends. */
struct proc_waiter {
	mach_port_t reply; /* the call's send-once reply right; MACH_PORT_NULL: slot free */
	int64_t pid;       /* which children: > 0 that one, else any */
	uint64_t status;   /* where the status goes (0: nowhere) */
	uint64_t rusage;   /* where the usage goes (0: nowhere) */
};

struct proc {
	enum proc_state state;
	int pid, ppid;
	uint32_t uid, euid, gid, egid;
	task_t task;              /* send right; MACH_PORT_NULL once the task is gone */
	mach_port_t syscall_port; /* receive right, in the port set */
	int status;               /* wait status, once a zombie */
	int signal;               /* the signal an exception stands for (exc.h); 0: none */
	struct fdtable fds;
	struct proc_waiter waiters[PROC_WAITERS];
	char name[PROC_NAME_MAX]; /* the program's file name, for logs */
};

/*
 * A new process slot (state PROC_RUNNING, no task yet) with the next pid,
 * the given parent and root credentials; NULL when the table is full.
 */
struct proc *proc_alloc(int ppid);

/* Frees a slot that never became a process (exec failed); the caller released its rights. */
void proc_free(struct proc *p);

/* The running or zombie process with this pid, or NULL. */
struct proc *proc_by_pid(int pid);

/* proc_by_syscall_port's last answer (proc.c's to change), and its search. */
extern struct proc *proc_last_caller;
struct proc *proc_search_syscall_port(mach_port_t port);

/*
 * The running process whose syscall port has this name, or NULL. Inline, the
 * last answer first: the receive loop asks for every forwarded call, and
 * calls come in runs from one process.
 */
static inline struct proc *proc_by_syscall_port(mach_port_t port)
{
	struct proc *p = proc_last_caller;

	if (p != NULL && p->syscall_port == port && p->state == PROC_RUNNING)
		return p;
	return proc_search_syscall_port(port);
}

/* The running process whose task port has this name, or NULL. */
struct proc *proc_by_task(mach_port_t task);

/*
 * Ends a running process with wait status `status` (see above). Its task is
 * terminated if it still exists.
 */
void proc_exit(struct proc *p, int status);

/* Process slots in use (proc.c's to change). */
extern unsigned proc_slots_in_use;

/* Processes running or waiting to be reaped. Inline: the receive loop asks after every message. */
static inline unsigned proc_count(void)
{
	return proc_slots_in_use;
}

/* Calls fn for every process that is running or a zombie. */
void proc_foreach(void (*fn)(struct proc *p, void *arg), void *arg);

#endif
