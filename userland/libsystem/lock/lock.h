/*
 * libSystem's locks, for malloc, stdio and atexit. A lock costs one atomic
 * operation when it is free; a thread that finds it held sleeps through the
 * platform's wait until the holder wakes it. The platform (libSystem's
 * start-up on Tessera: Mach semaphores and TSD addresses; the host tests:
 * sched_yield and a thread-local address) installs how to name the calling
 * thread, wait and wake with lock_environment_set. Before that, libSystem
 * runs on one thread: every lock is taken at once.
 *
 * All-zero memory is a free lock of either kind, so static locks need no
 * set-up. A lock is never destroyed: its wait channel (a semaphore on
 * Tessera, made at the first contention) stays for the lock's next life.
 */
#ifndef LIBSYSTEM_LOCK_LOCK_H
#define LIBSYSTEM_LOCK_LOCK_H

#include <stdint.h>

struct lock_environment {
	/* A number naming the calling thread, never 0, the same for its whole life. */
	uintptr_t (*self)(void);
	/*
	 * Sleeps until a wake on *channel (one that came first counts), or
	 * returns early at any time. *channel starts 0 and belongs to the
	 * platform (it may keep a semaphore there); the lock only passes it.
	 */
	void (*wait)(uintptr_t *channel);
	/* Wakes one thread waiting on *channel, or the next one to wait. */
	void (*wake)(uintptr_t *channel);
};

/* Installs env (which must stay valid) while the process has one thread. */
void lock_environment_set(const struct lock_environment *env);

/* The calling thread's name (environment's self), 1 before there is an environment. */
uintptr_t lock_self(void);

/* A plain lock: taking it twice on one thread waits forever. */
struct lock {
	uint32_t state;    /* free, held, or held with threads (maybe) waiting */
	uintptr_t channel; /* the platform's wait channel */
};

void lock_take(struct lock *l);
/* Takes l if it is free: 1 if taken, 0 if not. */
int lock_try(struct lock *l);
/* Releases l, which the caller holds. */
void lock_give(struct lock *l);

/* A lock its holder may take again; it is free after as many gives as takes. */
struct lock_recursive {
	struct lock lock;
	uintptr_t owner; /* lock_self of the holder, 0 when free */
	unsigned depth;  /* the holder's takes not yet given back */
};

void lock_recursive_take(struct lock_recursive *l);
int lock_recursive_try(struct lock_recursive *l);
/* From a thread that does not hold l: nothing. */
void lock_recursive_give(struct lock_recursive *l);

#endif
