/*
 * Exception ports, with XNU's semantics: a thread and a task each keep a
 * table naming, per exception, the port its handler receives on, the message
 * it wants (behavior) and the thread-state flavor that message carries. The
 * kernel sends the exception there (exc.defs or mach_exc.defs) and the raising
 * thread waits for the handler's verdict.
 *
 * Locking: the tables and a thread's exc_* fields are protected by ipc_lock.
 * Rights: each table entry with a port holds one send right of its own.
 */
#ifndef KERN_EXCEPTION_PORTS_H
#define KERN_EXCEPTION_PORTS_H

#include <stdint.h>

#include "mach/exception_types.h"
#include "mach/kern_return.h"

struct ipc_kmsg;
struct ipc_port;
struct thread;

/* Who handles one exception. */
struct exception_action {
	struct ipc_port *port; /* a send right, or NULL: no handler */
	uint32_t behavior;     /* EXCEPTION_*, possibly | MACH_EXCEPTION_CODES */
	int32_t flavor;        /* state flavor the _STATE behaviors carry */
};

/* What one attempt at delivering an exception came to. */
enum exception_verdict {
	EXCEPTION_NOT_SENT, /* no live handler at this level (or no memory to ask one) */
	EXCEPTION_HANDLED,  /* the handler answered KERN_SUCCESS: the thread resumes */
	EXCEPTION_REFUSED,  /* it answered otherwise or malformed, or its reply right died */
};

/*
 * Checks a set_exception_ports request's arguments: KERN_INVALID_ARGUMENT
 * for unknown mask bits, an unknown behavior or an unsupported flavor.
 */
kern_return_t exception_ports_check(uint32_t mask, uint32_t behavior, int32_t flavor);

/*
 * Makes `port` (a send right, consumed; NULL clears) the handler in `table`
 * for every exception in `mask`, releasing the rights it replaces. The
 * arguments must have passed exception_ports_check. ipc_lock held.
 */
void exception_ports_set(struct exception_action *table, uint32_t mask, struct ipc_port *port,
                         uint32_t behavior, int32_t flavor);

/*
 * (task|thread)_set_exception_ports(target, exception_mask, new_port,
 * behavior, new_flavor) on the target's `table`, which keeps the send right:
 * the reply. ipc_lock held.
 */
struct ipc_kmsg *exception_ports_set_routine(struct exception_action *table,
                                             struct ipc_kmsg *request);

/*
 * (task|thread|host)_get_exception_ports(target, exception_mask) -> masks,
 * old_handlers, old_behaviors, old_flavors: `table`'s handlers for the mask,
 * exceptions with the same handler sharing an entry. ipc_lock held.
 */
struct ipc_kmsg *exception_ports_get_routine(const struct exception_action *table,
                                            struct ipc_kmsg *request);

/* (...)_swap_exception_ports: sets as exception_ports_set_routine, answers as _get_. */
struct ipc_kmsg *exception_ports_swap_routine(struct exception_action *table,
                                             struct ipc_kmsg *request);

/* Releases every right in `table` (its thread or task is going away). ipc_lock held. */
void exception_ports_release(struct exception_action *table);

/*
 * Sends exception `exc` of the current thread, with `code`, to the handler in
 * `table` (the thread's or its task's) and blocks until it answers, its reply
 * right dies or the thread is terminated. A _STATE handler's new state has
 * then been loaded into the thread's user frame. No lock held.
 */
enum exception_verdict exception_ports_deliver(const struct exception_action *table, int exc,
                                               const int64_t code[2]);

/* A reply arrived at thread `t`'s exception reply port. ipc_lock held; consumes nothing. */
void exception_ports_reply(struct thread *t, const struct ipc_kmsg *reply);

/* The reply right died unanswered: the handler is taken to have refused. ipc_lock held. */
void exception_ports_abandoned(struct thread *t);

#endif
