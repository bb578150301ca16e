#include "kern/task.h"

#include <string.h>

#include "arch/arm64/pmap.h"
#include "ipc/ipc_kobject.h"
#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/thread.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"
#include "vm/vm_map_fork.h"

static spinlock_t task_id_lock = SPINLOCK_INIT; /* protects next_task_id, tasks_alive */
static uint64_t next_task_id = 1;
static uint64_t tasks_alive;

struct task *task_create(const char *name, struct task *parent, bool inherit_memory)
{
	struct task *task = kalloc_zeroed(sizeof(*task));
	if (!task)
		return NULL;
	task->map = parent && inherit_memory ? vm_map_fork(parent->map) : vm_map_create();
	if (!task->map) {
		kfree(task);
		return NULL;
	}
	uint64_t idaif = spin_lock_irqsave(&ipc_lock);
	task->itk_space = ipc_space_create();
	task->itk_self = task->itk_space ? ipc_kobject_port_alloc(IKOT_TASK, task) : NULL;
	if (!task->itk_self) {
		if (task->itk_space)
			ipc_space_destroy(task->itk_space);
		spin_unlock_irqrestore(&ipc_lock, idaif);
		vm_map_destroy(task->map);
		kfree(task);
		return NULL;
	}
	if (parent && (task->itk_host = parent->itk_host))
		ipc_port_copy_send(task->itk_host);
	if (parent && (task->itk_bootstrap = parent->itk_bootstrap))
		ipc_port_copy_send(task->itk_bootstrap);
	spin_unlock_irqrestore(&ipc_lock, idaif);
	task->active = true;
	/* The task's own reference, dropped when it has terminated and its threads are gone. */
	task->refs = 1;
	strlcpy(task->name, name, sizeof(task->name));
	uint64_t daif = spin_lock_irqsave(&task_id_lock);
	task->id = next_task_id++;
	tasks_alive++;
	spin_unlock_irqrestore(&task_id_lock, daif);
	return task;
}

void task_add_thread(struct task *task, struct thread *t)
{
	uint64_t daif = spin_lock_irqsave(&task->lock);
	t->task_next = task->threads;
	task->threads = t;
	task->nthreads++;
	/* A thread born into a suspended task is held by the task's suspensions too. */
	spin_lock(&sched_lock);
	t->suspend_count += task->suspend_count;
	spin_unlock(&sched_lock);
	spin_unlock_irqrestore(&task->lock, daif);
}

static void task_free(struct task *task)
{
	/* The caller may be the task's last thread, still on this map: leave it first. */
	if (current_processor()->loaded_address_space == task)
		task_switch_address_space(current_processor(), NULL);
	vm_map_destroy(task->map);
	/* Its receive rights die with it; other tasks' send rights to them become dead names. */
	uint64_t idaif = spin_lock_irqsave(&ipc_lock);
	ipc_space_destroy(task->itk_space);
	ipc_kobject_port_destroy(task->itk_self);
	struct ipc_port *held[] = {task->syscall_port, task->itk_host, task->itk_bootstrap};
	for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++)
		if (held[i])
			ipc_right_release(held[i], MACH_MSG_TYPE_PORT_SEND);
	exception_ports_release(task->exc_actions);
	spin_unlock_irqrestore(&ipc_lock, idaif);
	if (task->on_terminated)
		task->on_terminated(task);
	uint64_t daif = spin_lock_irqsave(&task_id_lock);
	tasks_alive--;
	spin_unlock_irqrestore(&task_id_lock, daif);
	kfree(task);
}

void task_remove_thread(struct task *task, struct thread *t)
{
	uint64_t daif = spin_lock_irqsave(&task->lock);
	for (struct thread **p = &task->threads; *p; p = &(*p)->task_next)
		if (*p == t) {
			*p = t->task_next;
			break;
		}
	task->nthreads--;
	task->dead_user_ticks += t->user_ticks;
	task->dead_system_ticks += t->system_ticks;
	bool last = task->nthreads == 0 && !task->active;
	spin_unlock_irqrestore(&task->lock, daif);
	t->task = NULL;
	if (last)
		task_deallocate(task);
}

static spinlock_t reap_lock = SPINLOCK_INIT; /* protects unreachable */
static struct task *unreachable;             /* ended for want of senders; linked by reap_next */

void task_port_no_senders(struct task *task)
{
	uint64_t daif = spin_lock_irqsave(&task->lock);
	bool orphan = task->active && task->nthreads == 0;
	if (orphan)
		task->active = false;
	spin_unlock_irqrestore(&task->lock, daif);
	if (!orphan)
		return;
	/* Its own reference goes to the reap list, to be dropped without ipc_lock. */
	daif = spin_lock_irqsave(&reap_lock);
	task->reap_next = unreachable;
	unreachable = task;
	spin_unlock_irqrestore(&reap_lock, daif);
}

void task_reap(void)
{
	uint64_t daif = spin_lock_irqsave(&reap_lock);
	struct task *list = unreachable;
	unreachable = NULL;
	spin_unlock_irqrestore(&reap_lock, daif);
	while (list) {
		struct task *task = list;
		list = task->reap_next;
		task_deallocate(task);
	}
}

void task_terminate(struct task *task)
{
	uint64_t daif = spin_lock_irqsave(&task->lock);
	if (!task->active) {
		spin_unlock_irqrestore(&task->lock, daif);
		return;
	}
	task->active = false;
	bool empty = task->nthreads == 0;
	/* Lock order: task, then sched. */
	uint64_t sdaif = spin_lock_irqsave(&sched_lock);
	for (struct thread *t = task->threads; t; t = t->task_next) {
		t->terminating = true;
		sched_depress_abort_locked(t); /* or, depressed with no limit, it might never run */
		if (t->state == THREAD_WAITING)
			sched_wakeup_locked(t, WAIT_INTERRUPTED);
		else if (t->state == THREAD_SUSPENDED)
			sched_enqueue_locked(t);
	}
	spin_unlock_irqrestore(&sched_lock, sdaif);
	spin_unlock_irqrestore(&task->lock, daif);
	if (empty)
		task_deallocate(task);
}

/*
 * The task's count and every thread's change under one hold of sched_lock, so
 * thread_resume (which reads both under sched_lock) always sees each thread's
 * count include all of its task's suspensions.
 */
kern_return_t task_suspend(struct task *task)
{
	uint64_t daif = spin_lock_irqsave(&task->lock);
	spin_lock(&sched_lock);
	task->suspend_count++;
	for (struct thread *t = task->threads; t; t = t->task_next)
		t->suspend_count++;
	spin_unlock(&sched_lock);
	spin_unlock_irqrestore(&task->lock, daif);
	return KERN_SUCCESS;
}

kern_return_t task_resume(struct task *task)
{
	uint64_t daif = spin_lock_irqsave(&task->lock);
	kern_return_t kr = KERN_SUCCESS;
	spin_lock(&sched_lock);
	if (task->suspend_count == 0) {
		kr = KERN_FAILURE; /* not suspended */
	} else {
		task->suspend_count--;
		for (struct thread *t = task->threads; t; t = t->task_next)
			if (--t->suspend_count == 0 && t->state == THREAD_SUSPENDED && t->started)
				sched_enqueue_locked(t);
	}
	spin_unlock(&sched_lock);
	spin_unlock_irqrestore(&task->lock, daif);
	return kr;
}

void task_reference(struct task *task)
{
	__atomic_add_fetch(&task->refs, 1, __ATOMIC_RELAXED);
}

void task_deallocate(struct task *task)
{
	if (__atomic_sub_fetch(&task->refs, 1, __ATOMIC_ACQ_REL) == 0)
		task_free(task);
}

uint64_t task_count(void)
{
	return tasks_alive;
}
