/*
 * Mach semaphores (XNU's sync_sema): counting semaphores named by ports,
 * created and destroyed through the task port (semaphore_create 3418,
 * semaphore_destroy 3419) and used through traps (semaphore_signal, _all,
 * _signal_thread, _wait, _timedwait, _wait_signal, _timedwait_signal).
 * Locking: ipc_lock, which also serializes waiters.
 */
#ifndef KERN_SEMAPHORE_H
#define KERN_SEMAPHORE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/trap.h"
#include "mach/kern_return.h"

struct ipc_port;
struct task;

struct semaphore {
	struct ipc_port *port;  /* names it; the port's kobject points back */
	struct task *owner;     /* the task that created it (not referenced) */
	int32_t count;          /* signals not yet consumed */
	struct thread *waiters; /* threads blocked in a wait, via ipc_wait_next */
	uint32_t refs;          /* the port's, and one per blocked waiter */
	bool active;            /* false once destroyed */
};

/* semaphore_create(task, policy, value): a new semaphore's port, or NULL. */
struct ipc_port *semaphore_create(struct task *owner, int32_t value, kern_return_t *kr);

/* semaphore_destroy: wakes its waiters with KERN_TERMINATED. ipc_lock held. */
kern_return_t semaphore_destroy(struct task *owner, struct ipc_port *port);

/* The last send right to a semaphore's port went: the semaphore goes too. ipc_lock held. */
void semaphore_no_senders(struct ipc_port *port);

kern_return_t trap_semaphore_signal(struct trap_frame *tf);
kern_return_t trap_semaphore_signal_all(struct trap_frame *tf);
kern_return_t trap_semaphore_signal_thread(struct trap_frame *tf);
kern_return_t trap_semaphore_wait(struct trap_frame *tf);
kern_return_t trap_semaphore_wait_signal(struct trap_frame *tf);
kern_return_t trap_semaphore_timedwait(struct trap_frame *tf);
kern_return_t trap_semaphore_timedwait_signal(struct trap_frame *tf);

#endif
