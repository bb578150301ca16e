/*
 * The lock algorithm (lock.h): a word that is free, held, or held with
 * waiters. A taker that finds it held marks it contended and waits; the
 * giver of a contended lock wakes one waiter, which races for the word
 * again. Waking may be spurious (a waiter can win the word before it sleeps,
 * and its own give then wakes nobody's wait), so waiters always recheck.
 */
#include <stddef.h>

#include "lock/lock.h"

enum { LOCK_FREE, LOCK_HELD, LOCK_CONTENDED };

static const struct lock_environment *lock_env;

void lock_environment_set(const struct lock_environment *env)
{
	lock_env = env;
}

uintptr_t lock_self(void)
{
	return lock_env != NULL ? lock_env->self() : 1;
}

int lock_try(struct lock *l)
{
	uint32_t expected = LOCK_FREE;

	return __atomic_compare_exchange_n(&l->state, &expected, LOCK_HELD, 0, __ATOMIC_ACQUIRE,
	                                   __ATOMIC_RELAXED);
}

void lock_take(struct lock *l)
{
	if (lock_try(l))
		return;
	/* From now on the word says contended: whoever gives it back wakes someone. */
	while (__atomic_exchange_n(&l->state, LOCK_CONTENDED, __ATOMIC_ACQUIRE) != LOCK_FREE) {
		if (lock_env != NULL)
			lock_env->wait(&l->channel);
	}
}

void lock_give(struct lock *l)
{
	if (__atomic_exchange_n(&l->state, LOCK_FREE, __ATOMIC_RELEASE) == LOCK_CONTENDED &&
	    lock_env != NULL)
		lock_env->wake(&l->channel);
}

/* Only the holder ever stores its own name in owner, so seeing it means holding l. */
static int lock_recursive_mine(struct lock_recursive *l, uintptr_t me)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me;
}

void lock_recursive_take(struct lock_recursive *l)
{
	uintptr_t me = lock_self();

	if (lock_recursive_mine(l, me)) {
		l->depth++;
		return;
	}
	lock_take(&l->lock);
	__atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
	l->depth = 1;
}

int lock_recursive_try(struct lock_recursive *l)
{
	uintptr_t me = lock_self();

	if (lock_recursive_mine(l, me)) {
		l->depth++;
		return 1;
	}
	if (!lock_try(&l->lock))
		return 0;
	__atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
	l->depth = 1;
	return 1;
}

/* A give by a thread that does not hold l changes nothing. */
void lock_recursive_give(struct lock_recursive *l)
{
	if (!lock_recursive_mine(l, lock_self()) || --l->depth > 0)
		return;
	__atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
	lock_give(&l->lock);
}
