/*
 * Threads: the unit the scheduler runs. Every thread has a kernel stack
 * (KSTACK_SIZE, aligned to its size); a user thread also belongs to a task and
 * keeps its user registers in the trap frame at the top of that stack.
 *
 * Locking: a thread's scheduling fields (state, priority, run-queue link,
 * wait fields) are protected by sched_lock; `task` and `kstack` never change
 * after creation. The thread's own code may read its fields without locks.
 */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/context.h"
#include "arch/arm64/trap.h"
#include "ipc/mach_msg_receive.h"
#include "kern/backtrace.h"
#include "kern/exception_ports.h"
#include "mach/kern_return.h"

struct task;
struct ipc_port;
struct ipc_kmsg;
struct ipc_pset;
struct processor;
struct trap_frame;

/* Finishes a user thread's system call on a fresh kernel stack; `tf` is its user frame. */
typedef void (*thread_continuation_t)(struct trap_frame *tf);

enum thread_state {
	THREAD_RUNNABLE,  /* on a run queue, or running */
	THREAD_WAITING,   /* blocked in sched_block until woken or timed out */
	THREAD_SUSPENDED, /* stopped by thread_suspend/task_suspend */
	THREAD_HALTED,    /* exited; waits for the reaper to free it */
};

/* Mach priorities: 0 (lowest) to 127; a depressed thread runs after every other (DEPRESSPRI). */
#define THREAD_PRIORITY_IDLE      0
#define THREAD_PRIORITY_DEPRESSED 0
#define THREAD_PRIORITY_USER      31
#define THREAD_PRIORITY_KERNEL    80
#define THREAD_PRIORITY_MAX       127
#define THREAD_PRIORITIES         128

/* Why sched_block returned. */
enum wait_result {
	WAIT_AWAKENED, /* thread_wakeup */
	WAIT_TIMED_OUT,
	WAIT_INTERRUPTED, /* the wait was cut short: the task is terminating, or the port died */
	WAIT_ABORTED,     /* thread_abort: the call that waits returns interrupted */
};

struct thread {
	struct arch_context context; /* kernel registers while switched out */
	/* Where it resumes instead, on a fresh stack (thread_set_continuation), or NULL. */
	thread_continuation_t continuation;
	void *kstack;                /* KSTACK_SIZE bytes, aligned to KSTACK_SIZE */
	struct processor *processor; /* the CPU it runs or last ran on; set as it is switched in */
	struct task *task;           /* owning task; NULL for kernel threads */
	uint64_t id;                 /* unique, never reused */
	char name[24];               /* for reports */

	/* Protected by sched_lock. */
	enum thread_state state;
	int priority;
	struct thread *rq_next;   /* run queue or wait list link */
	uint64_t wakeup_deadline; /* counter value (mach_absolute_time) to time out at; 0: none */
	enum wait_result wait_result;
	int quantum;             /* ticks left before preemption */
	bool terminating;        /* task_terminate: exit at the next return to user */
	uint64_t tsd_base;       /* user TPIDRRO_EL0 (the pthread TSD base) */
	uint32_t suspend_count;  /* its own suspensions plus its task's; sched_lock */
	uint64_t user_ticks;     /* timer ticks that found it in user mode; sched_lock */
	uint64_t system_ticks;   /* ... and in the kernel on its behalf; sched_lock */
	bool started;            /* thread_start has run: a resume may make it runnable */
	uint64_t user_tpidr;     /* user TPIDR_EL0 while switched out */
	struct arch_fp_state fp; /* user FP/SIMD registers while switched out */
	/* Priority depression (thread_switch, swtch_pri): `priority` is THREAD_PRIORITY_DEPRESSED
	 * until depress_deadline (a counter value; 0: none) or an abort; sched_lock. */
	bool depressed;
	int depress_priority; /* the priority it goes back to */
	uint64_t depress_deadline;

	struct thread *task_next;     /* task's thread list; protected by the task lock */
	struct thread *all_next;      /* every thread, for timeouts and reports; sched_lock */
	struct thread *ipc_wait_next; /* a port's blocked senders or receivers; ipc_lock */
	/* mach_msg receiving, for a sender's handoff (ipc/ipc_handoff.h); ipc_lock. */
	struct ipc_port *ipc_rcv_port; /* the port it waits on, or NULL */
	struct ipc_pset *ipc_rcv_pset; /* the port set it waits on, or NULL */
	uint32_t ipc_rcv_room;         /* the largest message (header and body) it has room for */
	struct mach_msg_receive ipc_receive; /* its mach_msg's receive, while it has one */
	struct ipc_kmsg *ipc_handoff;        /* a message handed to it while it waited, or NULL */
	uint32_t ipc_handoff_seqno;          /* that message's sequence number */
	struct ipc_port *ipc_handoff_port;   /* set receive: the member it came to (a reference) */
	/*
	 * The handed message was received for it by its sender already (rights
	 * in its space, header and trailer written for ipc_receive): it is only
	 * to be copied out.
	 */
	bool ipc_handoff_delivered;
	/* A small message buffer kept for reuse (ipc_kmsg.c); interrupts masked, no lock. */
	struct ipc_kmsg *ipc_kmsg_spare;
	struct ipc_port *ith_self; /* kernel port naming the thread, made on first use; ipc_lock */
	struct ipc_port *syscall_reply; /* kernel port for forwarded BSD call replies; ipc_lock */
	bool syscall_waiting;           /* a forwarded BSD call awaits its reply; ipc_lock */
	struct exception_action exc_actions[EXC_TYPES_COUNT]; /* thread-level handlers; ipc_lock */
	struct ipc_port *exc_reply; /* kernel port exception replies come back to; ipc_lock */
	int32_t exc_request_id;     /* msgh_id of the exception awaiting its reply; ipc_lock */
	bool exc_waiting;           /* blocked until an exception handler answers; ipc_lock */
	bool exc_handled;           /* the handler's answer resumes the thread; ipc_lock */
};

/*
 * The thread running on this CPU. Not volatile, so the compiler reads it once
 * per function: a function runs on one thread's stack from start to end, so
 * the answer cannot change under it (the scheduler sets tpidr_el1 only just
 * before switching stacks).
 */
static inline struct thread *current_thread(void)
{
	struct thread *t;

	__asm__("mrs %0, tpidr_el1" : "=r"(t));
	return t;
}

/*
 * Creates a kernel thread running fn(arg) at `priority`, made runnable at once.
 * Returns NULL when memory is exhausted.
 */
struct thread *thread_create_kernel(const char *name, void (*fn)(void *), void *arg, int priority);

/*
 * Creates a user thread in `task`, not yet runnable, whose first return to
 * EL0 loads *user (pc, sp, x0..x7, ...). Returns NULL when memory is exhausted.
 */
struct thread *thread_create_user(struct task *task, const struct trap_frame *user);

/* The user registers of a user thread (the frame at the top of its stack). */
static inline struct trap_frame *thread_user_frame(struct thread *t)
{
	return (struct trap_frame *)((char *)t->kstack + KSTACK_SIZE - sizeof(struct trap_frame));
}

/*
 * Makes switched-out user thread `t` resume at `cont` on a fresh kernel
 * stack, then return to user mode (arch_continue): what its kernel stack
 * held is given up. sched_lock held; `cont` releases it, as every thread
 * switched to does.
 */
static inline void thread_set_continuation(struct thread *t, thread_continuation_t cont)
{
	t->continuation = cont;
}

/*
 * thread_set_continuation for a thread that waits, ending its wait so:
 * only a wait whose holdings the caller releases for it may be ended this
 * way. sched_lock held; false (and nothing done) when it no longer waits.
 */
static inline bool thread_restart_waiting_locked(struct thread *t, thread_continuation_t cont)
{
	if (t->state != THREAD_WAITING || !t->task)
		return false;
	thread_set_continuation(t, cont);
	return true;
}

/*
 * Asks a user thread to end: it exits on its next return to user mode, and a
 * wait it is blocked in ends at once.
 */
void thread_terminate(struct thread *t);

/*
 * Suspension counts (thread_suspend/thread_resume): a suspended user thread
 * stops on its next return to user mode and stays stopped until the count is
 * back to zero. The count includes the task's suspensions, which only
 * task_resume undoes: KERN_FAILURE when resuming a thread with none of its
 * own.
 */
kern_return_t thread_suspend(struct thread *t);
kern_return_t thread_resume(struct thread *t);

/*
 * thread_abort: if `t` waits in a Mach call that can be interrupted
 * (mach_msg, semaphore waits, mach_wait_until, thread_switch's wait, a
 * forwarded BSD call), the call returns now with its interrupted status
 * (MACH_RCV_INTERRUPTED, MACH_SEND_INTERRUPTED, KERN_ABORTED, EINTR; the
 * thread_switch wait, KERN_SUCCESS). A wait for an exception handler is not
 * cut short. A priority depression ends.
 */
void thread_abort(struct thread *t);

/* thread_depress_abort: ends `t`'s priority depression; KERN_NOT_DEPRESSED if it has none. */
kern_return_t thread_depress_abort(struct thread *t);

/* thread_create: `t` (from thread_create_user) starts suspended, once; thread_resume runs it. */
void thread_start_suspended(struct thread *t);

/* Ends the calling thread; never returns. */
void thread_exit_self(void) __attribute__((noreturn));

/* Makes `t` (created, not yet started) runnable. */
void thread_start(struct thread *t);

/*
 * Called on every return to user mode: acts on requests that must wait until
 * the thread leaves the kernel (termination, suspension).
 */
void thread_ast(void);

/*
 * Whether thread_ast has anything to do for the current thread, looked at
 * without a lock: a request made just after the look is handled at the next
 * return to user mode, as one made just after a locked look would be.
 */
static inline bool thread_ast_pending(void)
{
	struct thread *t = current_thread();

	/* A volatile read, single-copy atomic as the relaxed atomic load would be,
	 * which GCC compiles to an extra add for the field's offset. */
	return t->terminating ||
	       *(volatile const __typeof__(t->suspend_count) *)&t->suspend_count != 0;
}

/* Frees the memory of threads that have exited. */
void thread_reap(void);

/* Spare message buffers threads keep (ipc_kmsg.c), for leak checks. */
uint64_t thread_kmsg_spares(void);

/* Threads alive (not yet reaped), for leak checks. */
uint64_t thread_count(void);

#endif
