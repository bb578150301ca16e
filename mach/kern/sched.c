#include "kern/sched.h"

#include <stddef.h>

#include "arch/arm64/cpu.h"
#include "arch/arm64/fpu.h"
#include "arch/arm64/timer.h"
#include "arch/arm64/vm_layout.h"
#include "kern/backtrace.h"
#include "kern/panic.h"
#include "kern/processor.h"
#include "kern/task.h"

spinlock_t sched_lock = SPINLOCK_INIT;

/* One FIFO per priority, and a bitmap of the non-empty ones. */
static struct {
	struct thread *head, *tail;
} run_queue[THREAD_PRIORITIES];
static uint64_t run_bitmap[THREAD_PRIORITIES / 64];

struct processor processors[MAX_PROCESSORS];
static struct thread idle_thread; /* the boot CPU's, on the boot stack */
static uint64_t ticks;

/* Every thread, for timeouts; linked through all_next. */
struct thread *sched_all_threads;

extern char boot_stack[];

void sched_enqueue_locked(struct thread *t)
{
	int p = t->priority;

	t->state = THREAD_RUNNABLE;
	t->rq_next = NULL;
	if (run_queue[p].tail)
		run_queue[p].tail->rq_next = t;
	else
		run_queue[p].head = t;
	run_queue[p].tail = t;
	run_bitmap[p / 64] |= 1UL << (p % 64);
	/* With one CPU, the one to preempt is this one. */
	if (p > current_thread()->priority)
		current_processor()->need_resched = true;
}

static int highest_runnable(void)
{
	for (int i = THREAD_PRIORITIES / 64 - 1; i >= 0; i--)
		if (run_bitmap[i])
			return i * 64 + 63 - __builtin_clzl(run_bitmap[i]);
	return -1;
}

/*
 * Whether a runnable thread has a priority above `priority`. Mostly none is
 * queued at all, which one look at the whole bitmap tells.
 */
static inline bool runnable_above(int priority)
{
	uint64_t any = 0;

	for (int i = 0; i < THREAD_PRIORITIES / 64; i++)
		any |= run_bitmap[i];
	return any && highest_runnable() > priority;
}

static struct thread *dequeue_highest(void)
{
	int p = highest_runnable();

	if (p < 0)
		return NULL;
	struct thread *t = run_queue[p].head;
	run_queue[p].head = t->rq_next;
	if (!run_queue[p].head) {
		run_queue[p].tail = NULL;
		run_bitmap[p / 64] &= ~(1UL << (p % 64));
	}
	t->rq_next = NULL;
	return t;
}

/*
 * Loads `next`'s user registers that live in system registers, its address
 * space, and runs it. Inlined into both callers: an IPC handoff is a switch.
 */
static inline __attribute__((always_inline)) void switch_to(struct thread *cur, struct thread *next,
                                                            bool keep_stack)
{
	if (cur->task)
		cur->user_tpidr = sysreg_read(tpidr_el0);
	if (next->task) {
		sysreg_write(tpidr_el0, next->user_tpidr);
		sysreg_write(tpidrro_el0, next->tsd_base);
	}
	struct processor *processor = cur->processor;
	next->processor = processor;
	fpu_switch_to(next);
	__asm__ volatile("msr tpidr_el1, %0" ::"r"(next));
	task_switch_address_space(processor, next->task);
	if (next->continuation) {
		thread_continuation_t continuation = next->continuation;
		next->continuation = NULL;
		arch_continue(keep_stack ? &cur->context : NULL, thread_user_frame(next),
		              continuation);
	} else if (keep_stack) {
		arch_context_switch(&cur->context, &next->context);
	} else {
		arch_context_load(&next->context);
	}
}

/*
 * Switches to the best runnable thread (or idle). The caller holds sched_lock
 * and has already queued or parked the current thread; the lock stays held
 * across the switch and is released by whichever thread runs next.
 */
static void sched_switch_locked(void)
{
	struct thread *cur = current_thread();
	struct processor *processor = cur->processor;
	struct thread *next = dequeue_highest();

	if (!next)
		next = processor->idle_thread;
	processor->need_resched = false;
	if (next == cur)
		return;
	next->quantum = SCHED_QUANTUM;
	switch_to(cur, next, true);
}

void sched_thread_begin(void)
{
	spin_unlock_irqrestore(&sched_lock, 0);
}

void sched_yield(void)
{
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	struct thread *cur = current_thread();

	if (cur != cur->processor->idle_thread)
		sched_enqueue_locked(cur);
	sched_switch_locked();
	spin_unlock_irqrestore(&sched_lock, daif);
}

enum wait_result sched_block(uint64_t deadline, uint64_t daif)
{
	struct thread *cur = current_thread();

	cur->state = THREAD_WAITING;
	cur->wakeup_deadline = deadline;
	sched_switch_locked();
	enum wait_result result = cur->wait_result;
	spin_unlock_irqrestore(&sched_lock, daif);
	return result;
}

enum wait_result sched_block_handoff(struct thread *next, uint64_t deadline, uint64_t daif)
{
	struct thread *cur = current_thread();

	cur->state = THREAD_WAITING;
	cur->wakeup_deadline = deadline;
	if (next->state != THREAD_WAITING) {
		/* Woken meanwhile (a timeout or abort on another CPU): it is queued already. */
		sched_switch_locked();
	} else if (cur->processor->need_resched || runnable_above(next->priority)) {
		/* Others are due first: `next` waits its turn like any woken thread. */
		sched_wakeup_locked(next, WAIT_AWAKENED);
		sched_switch_locked();
	} else {
		/* It runs on the rest of our time slice, so a pair of threads passing
		 * messages cannot keep others of their priority off the CPU. */
		next->wait_result = WAIT_AWAKENED;
		next->wakeup_deadline = 0;
		next->state = THREAD_RUNNABLE;
		next->quantum = cur->quantum;
		switch_to(cur, next, true);
	}
	enum wait_result result = cur->wait_result;
	spin_unlock_irqrestore(&sched_lock, daif);
	return result;
}

void sched_block_handoff_continue(struct thread *next, thread_continuation_t cont)
{
	struct thread *cur = current_thread();

	cur->state = THREAD_WAITING;
	cur->wakeup_deadline = 0;
	thread_set_continuation(cur, cont);
	/* As sched_block_handoff decides, without a switch that keeps this stack. */
	if (next->state == THREAD_WAITING && !cur->processor->need_resched &&
	    !runnable_above(next->priority)) {
		next->wait_result = WAIT_AWAKENED;
		next->wakeup_deadline = 0;
		next->state = THREAD_RUNNABLE;
		next->quantum = cur->quantum;
	} else {
		sched_wakeup_locked(next, WAIT_AWAKENED);
		next = dequeue_highest();
		if (!next)
			next = cur->processor->idle_thread;
		cur->processor->need_resched = false;
		next->quantum = SCHED_QUANTUM;
	}
	switch_to(cur, next, false);
	__builtin_unreachable();
}

void sched_park_locked(uint64_t daif)
{
	current_thread()->state = THREAD_SUSPENDED;
	sched_switch_locked();
	spin_unlock_irqrestore(&sched_lock, daif);
}

void sched_wakeup_locked(struct thread *t, enum wait_result result)
{
	if (t->state != THREAD_WAITING)
		return;
	t->wait_result = result;
	t->wakeup_deadline = 0;
	sched_enqueue_locked(t);
}

void sched_tick(bool user)
{
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	struct thread *cur = current_thread();

	ticks++;
	/* Statistical accounting, as Unix clocks have done: the tick goes to whoever it
	 * interrupted. */
	if (user)
		cur->user_ticks++;
	else if (cur != cur->processor->idle_thread)
		cur->system_ticks++;
	/* Deadlines are counter values: a late or hurried tick never wakes anyone early. */
	uint64_t now = sysreg_read(cntvct_el0);
	for (struct thread *t = sched_all_threads; t; t = t->all_next) {
		if (t->state == THREAD_WAITING && t->wakeup_deadline && t->wakeup_deadline <= now)
			sched_wakeup_locked(t, WAIT_TIMED_OUT);
		if (t->depressed && t->depress_deadline && t->depress_deadline <= now)
			sched_depress_abort_locked(t);
	}
	if (cur == cur->processor->idle_thread) {
		if (highest_runnable() >= 0)
			cur->processor->need_resched = true;
	} else if (--cur->quantum <= 0 && highest_runnable() >= cur->priority) {
		cur->processor->need_resched = true;
	}
	spin_unlock_irqrestore(&sched_lock, daif);
}

void sched_preempt_point(void)
{
	if (!current_processor()->need_resched)
		return;
	uint64_t daif = spin_lock_irqsave(&sched_lock);
	struct thread *cur = current_thread();

	if (cur != cur->processor->idle_thread && cur->state == THREAD_RUNNABLE)
		sched_enqueue_locked(cur);
	sched_switch_locked();
	spin_unlock_irqrestore(&sched_lock, daif);
}

uint64_t sched_ticks(void)
{
	return ticks;
}

uint64_t sched_deadline_after_ns(uint64_t ns)
{
	uint64_t freq = timer_frequency();

	/* Rounded up, so the wait is never shorter than asked. */
	return sysreg_read(cntvct_el0) + (ns / 1000000000ull) * freq +
	       ((ns % 1000000000ull) * freq + 999999999ull) / 1000000000ull + 1;
}

void sched_exit_locked(void)
{
	sched_switch_locked();
	panic("sched: halted thread %s was resumed", current_thread()->name);
}

void sched_bootstrap(void)
{
	idle_thread.kstack = boot_stack;
	idle_thread.priority = THREAD_PRIORITY_IDLE;
	idle_thread.state = THREAD_RUNNABLE;
	__builtin_memcpy(idle_thread.name, "idle", 5);
	idle_thread.processor = &processors[0];
	processors[0].idle_thread = &idle_thread;
	processors[0].fpu_allowed = true; /* boot.S allows FP */
	__asm__ volatile("msr tpidr_el1, %0" ::"r"(&idle_thread));
}

void sched_start(void)
{
	irq_enable();
	for (;;) {
		thread_reap();
		task_reap();
		irq_disable();
		if (highest_runnable() < 0)
			wfi();
		irq_enable();
		sched_yield();
	}
}

bool sched_dequeue_locked(struct thread *t)
{
	if (t->state != THREAD_RUNNABLE || t == current_thread())
		return false;
	int p = t->priority;
	struct thread *prev = NULL, **link = &run_queue[p].head;
	while (*link && *link != t) {
		prev = *link;
		link = &prev->rq_next;
	}
	if (!*link)
		return false; /* running on another CPU */
	*link = t->rq_next;
	if (run_queue[p].tail == t)
		run_queue[p].tail = prev;
	if (!run_queue[p].head)
		run_bitmap[p / 64] &= ~(1UL << (p % 64));
	t->rq_next = NULL;
	return true;
}

enum wait_result sched_switch_to_locked(struct thread *next, uint64_t deadline)
{
	struct thread *cur = current_thread();

	if (deadline) {
		cur->state = THREAD_WAITING;
		cur->wakeup_deadline = deadline;
	} else {
		sched_enqueue_locked(cur);
	}
	if (!next) {
		sched_switch_locked();
	} else {
		/* Others of higher priority still come first at the next preemption point. */
		cur->processor->need_resched = highest_runnable() > next->priority;
		next->quantum = SCHED_QUANTUM;
		switch_to(cur, next, true);
	}
	return deadline ? cur->wait_result : WAIT_AWAKENED;
}

bool sched_others_runnable_locked(void)
{
	return highest_runnable() >= 0;
}

void sched_depress_locked(uint64_t deadline)
{
	struct thread *cur = current_thread();

	if (cur->depressed)
		return;
	cur->depressed = true;
	cur->depress_priority = cur->priority;
	cur->depress_deadline = deadline;
	cur->priority = THREAD_PRIORITY_DEPRESSED;
}

bool sched_depress_abort_locked(struct thread *t)
{
	if (!t->depressed)
		return false;
	bool queued = sched_dequeue_locked(t);
	t->depressed = false;
	t->depress_deadline = 0;
	t->priority = t->depress_priority;
	if (queued)
		sched_enqueue_locked(t);
	return true;
}
