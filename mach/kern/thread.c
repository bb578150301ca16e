#include "kern/thread.h"

#include <string.h>

#include "arch/arm64/cpu.h"
#include "arch/arm64/fpu.h"
#include "arch/arm64/vm_layout.h"
#include "ipc/ipc_kmsg.h"
#include "ipc/ipc_kobject.h"
#include "kern/backtrace.h"
#include "kern/panic.h"
#include "kern/sched.h"
#include "kern/task.h"
#include "vm/vm_kern.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"

#define KSTACK_ORDER 2 /* 4 pages = KSTACK_SIZE, naturally aligned by the buddy allocator */

_Static_assert(PAGE_SIZE << KSTACK_ORDER == KSTACK_SIZE, "kernel stack size");

extern struct thread *sched_all_threads;

static uint64_t next_thread_id = 1; /* sched_lock */
static uint64_t threads_alive;      /* sched_lock */
static struct thread *zombies;      /* halted threads to free; sched_lock */

static struct thread *thread_alloc(const char *name, int priority)
{
	struct thread *t = kalloc_zeroed(sizeof(*t));
	if (!t)
		return NULL;
	paddr_t stack = vm_phys_alloc(KSTACK_ORDER);
	if (stack == VM_PAGE_NONE) {
		kfree(t);
		return NULL;
	}
	t->kstack = phys_to_kva(stack);
	t->priority = priority;
	t->state = THREAD_SUSPENDED;
	strlcpy(t->name, name, sizeof(t->name));
	return t;
}

/* Publishes a new thread in the global list; it is still not runnable. */
static void thread_publish(struct thread *t)
{
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	t->id = next_thread_id++;
	t->all_next = sched_all_threads;
	sched_all_threads = t;
	threads_alive++;
	spin_unlock_irqrestore(&sched_lock, daif);
}

struct thread *thread_create_kernel(const char *name, void (*fn)(void *), void *arg, int priority)
{
	thread_reap();
	struct thread *t = thread_alloc(name, priority);
	if (!t)
		return NULL;
	t->context.lr = (uint64_t)arch_kernel_thread_entry;
	t->context.sp = (uint64_t)t->kstack + KSTACK_SIZE;
	t->context.x19_x28[0] = (uint64_t)fn;
	t->context.x19_x28[1] = (uint64_t)arg;
	thread_publish(t);
	thread_start(t);
	return t;
}

struct thread *thread_create_user(struct task *task, const struct trap_frame *user)
{
	thread_reap();
	struct thread *t = thread_alloc(task->name, THREAD_PRIORITY_USER);
	if (!t)
		return NULL;
	struct trap_frame *frame = thread_user_frame(t);
	*frame = *user;
	/* Below the user frame, one frame record as the exception entry would leave it. */
	t->context.lr = (uint64_t)arch_user_thread_entry;
	t->context.sp = (uint64_t)frame - 16;
	t->context.x19_x28[0] = (uint64_t)frame;
	t->task = task;
	thread_publish(t);
	task_add_thread(task, t);
	return t;
}

void thread_start(struct thread *t)
{
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	t->started = true;
	/* Held by its task's suspensions (task_add_thread), it runs once they end. */
	if (t->state == THREAD_SUSPENDED && t->suspend_count == 0)
		sched_enqueue_locked(t);
	spin_unlock_irqrestore(&sched_lock, daif);
}

void thread_start_suspended(struct thread *t)
{
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	t->suspend_count++;
	t->started = true;
	spin_unlock_irqrestore(&sched_lock, daif);
}

void thread_abort(struct thread *t)
{
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	sched_depress_abort_locked(t);
	sched_wakeup_locked(t, WAIT_ABORTED);
	spin_unlock_irqrestore(&sched_lock, daif);
}

kern_return_t thread_depress_abort(struct thread *t)
{
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	bool was = sched_depress_abort_locked(t);
	spin_unlock_irqrestore(&sched_lock, daif);
	return was ? KERN_SUCCESS : KERN_NOT_DEPRESSED;
}

void thread_exit_self(void)
{
	struct thread *t = current_thread();

	uint64_t fdaif = irq_save();
	fpu_discard(t);
	irq_restore(fdaif);
	uint64_t idaif = spin_lock_irqsave(&ipc_lock);
	if (t->ith_self)
		ipc_kobject_port_destroy(t->ith_self);
	if (t->syscall_reply)
		ipc_kobject_port_destroy(t->syscall_reply);
	t->ith_self = t->syscall_reply = NULL;
	if (t->exc_reply)
		ipc_kobject_port_destroy(t->exc_reply);
	t->exc_reply = NULL;
	exception_ports_release(t->exc_actions);
	spin_unlock_irqrestore(&ipc_lock, idaif);
	if (t->task)
		task_remove_thread(t->task, t);
	spin_lock_irqsave(&sched_lock);
	t->state = THREAD_HALTED;
	t->rq_next = zombies;
	zombies = t;
	sched_exit_locked();
}

void thread_terminate(struct thread *t)
{
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	t->terminating = true;
	sched_depress_abort_locked(t); /* or, depressed with no limit, it might never run */
	if (t->state == THREAD_WAITING)
		sched_wakeup_locked(t, WAIT_INTERRUPTED);
	else if (t->state == THREAD_SUSPENDED)
		sched_enqueue_locked(t);
	spin_unlock_irqrestore(&sched_lock, daif);
}

kern_return_t thread_suspend(struct thread *t)
{
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	t->suspend_count++;
	spin_unlock_irqrestore(&sched_lock, daif);
	return KERN_SUCCESS;
}

kern_return_t thread_resume(struct thread *t)
{
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	kern_return_t kr = KERN_FAILURE;
	/* The count includes the task's suspensions (task_suspend): only task_resume ends those. */
	uint32_t held = t->task ? t->task->suspend_count : 0;
	if (t->suspend_count > held) {
		kr = KERN_SUCCESS;
		if (--t->suspend_count == 0 && t->state == THREAD_SUSPENDED && t->started)
			sched_enqueue_locked(t);
	}
	spin_unlock_irqrestore(&sched_lock, daif);
	return kr;
}

void thread_ast(void)
{
	struct thread *t = current_thread();

	for (;;) {
		if (t->terminating)
			thread_exit_self();
		if (!thread_ast_pending())
			return;
		uint64_t daif = spin_lock_irqsave(&sched_lock);
		if (t->suspend_count == 0 || t->terminating) {
			spin_unlock_irqrestore(&sched_lock, daif);
			if (t->terminating)
				continue;
			return;
		}
		/* Suspended: stay off the run queues until resumed or terminated. */
		sched_park_locked(daif);
	}
}

/* Frees halted threads; never the caller, which is running. */
void thread_reap(void)
{
	for (;;) {
		uint64_t daif = spin_lock_irqsave(&sched_lock);
		struct thread *t = zombies, **link = &zombies;
		while (t && t == current_thread()) {
			link = &t->rq_next;
			t = t->rq_next;
		}
		if (!t) {
			spin_unlock_irqrestore(&sched_lock, daif);
			return;
		}
		*link = t->rq_next;
		for (struct thread **p = &sched_all_threads; *p; p = &(*p)->all_next)
			if (*p == t) {
				*p = t->all_next;
				break;
			}
		threads_alive--;
		spin_unlock_irqrestore(&sched_lock, daif);
		vm_phys_free(kva_to_phys(t->kstack), KSTACK_ORDER);
		ipc_kmsg_thread_done(t);
		kfree(t);
	}
}

uint64_t thread_kmsg_spares(void)
{
	uint64_t n = 0;
	uint64_t daif = spin_lock_irqsave(&sched_lock);

	for (struct thread *t = sched_all_threads; t; t = t->all_next)
		n += t->ipc_kmsg_spare != NULL;
	spin_unlock_irqrestore(&sched_lock, daif);
	return n;
}

uint64_t thread_count(void)
{
	return threads_alive;
}
