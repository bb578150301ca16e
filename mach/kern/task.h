/*
 * Tasks: an address space, an IPC space (its port names) and the threads
 * that run in them.
 *
 * Locking: task->lock protects the thread list, nthreads and active. Lock
 * order: ipc_lock → task->lock → sched_lock.
 *
 * Lifetime: references (task_reference/task_deallocate) keep the structure;
 * the task's own reference goes once it has terminated and its last thread is
 * gone. The last reference frees its memory, ports and structure; it must be
 * dropped without ipc_lock held.
 */
#ifndef KERN_TASK_H
#define KERN_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/pmap.h"
#include "kern/exception_ports.h"
#include "kern/processor.h"
#include "kern/spinlock.h"
#include "mach/kern_return.h"
#include "vm/vm_map.h"

struct thread;
struct vm_map;
struct ipc_space;
struct ipc_port;

struct task {
	spinlock_t lock;
	struct vm_map *map;             /* the address space; fixed for the task's life */
	struct ipc_space *itk_space;    /* its port names; ipc_lock */
	struct ipc_port *itk_self;      /* the kernel port naming the task; ipc_lock */
	struct ipc_port *syscall_port;  /* send right for BSD calls (TASK_SYSCALL_PORT); ipc_lock */
	struct ipc_port *itk_host;      /* send right: what mach_host_self gives; ipc_lock */
	struct ipc_port *itk_bootstrap; /* send right to its name service, or NULL; ipc_lock */
	uint64_t id;                    /* unique, never reused */
	uint32_t refs;                  /* references; atomic */
	char name[24];                  /* for reports: the program's name */

	/* Protected by lock. */
	bool active;            /* false once task_terminate has begun */
	uint32_t suspend_count; /* task_suspend minus task_resume; written under sched_lock too */
	uint64_t dead_user_ticks, dead_system_ticks; /* CPU time of its threads that have ended */
	struct thread *threads;                      /* linked through thread->task_next */
	unsigned nthreads;

	struct task *reap_next; /* task_reap's list; its lock */

	/* Called (without locks) after the task's last thread is gone, before it is freed. */
	void (*on_terminated)(struct task *task);

	struct exception_action exc_actions[EXC_TYPES_COUNT]; /* task-level handlers; ipc_lock */
};

/*
 * A new task, or NULL when memory is exhausted. Its address space is empty,
 * or with inherit_memory, inherited from the parent's (vm_map_fork). It has
 * no threads and no port rights in its space; its host and bootstrap special
 * ports are copies of the parent's (none without a parent).
 */
struct task *task_create(const char *name, struct task *parent, bool inherit_memory);

/*
 * Stops every thread of the task; they exit on their way back to user mode or
 * out of a wait. The task's memory is released when the last one is gone.
 */
void task_terminate(struct task *task);

/*
 * task_suspend/task_resume: every thread of the task, by its suspension count,
 * which includes the task's (a thread added to a suspended task starts held);
 * thread_resume undoes only a thread's own suspensions, as in XNU.
 */
kern_return_t task_suspend(struct task *task);
kern_return_t task_resume(struct task *task);

/*
 * The last send right to the task's port went away (ipc_port_srights_dropped,
 * ipc_lock held). A task with no threads then can never be used again, so it
 * terminates; its last reference is dropped later by task_reap, since freeing
 * a task needs ipc_lock.
 */
void task_port_no_senders(struct task *task);

/* Frees the tasks task_port_no_senders ended. No lock held (the idle loop). */
void task_reap(void);

/* References keep the structure; see "Lifetime" above. */
void task_reference(struct task *task);
void task_deallocate(struct task *task);

/* Used by thread.c. */
void task_add_thread(struct task *task, struct thread *t);
void task_remove_thread(struct task *task, struct thread *t);

/*
 * Loads the user address space of `task` (NULL: none) on `processor`, the
 * CPU this runs on, unless it is loaded already. Called by the scheduler on
 * every switch, hence inline.
 */
static inline void task_switch_address_space(struct processor *processor, struct task *task)
{
	if (task == processor->loaded_address_space)
		return;
	processor->loaded_address_space = task;
	pmap_activate(processor, task ? vm_map_pmap(task->map) : NULL);
}

/* Tasks alive, for leak checks. */
uint64_t task_count(void);

#endif
