/*
 * Spin locks that also mask interrupts on the local CPU, so a lock taken by an
 * interrupt handler cannot deadlock against the code it interrupted.
 */
#ifndef KERN_SPINLOCK_H
#define KERN_SPINLOCK_H

#include <stdint.h>

#include "arch/arm64/cpu.h"

typedef struct {
	volatile uint32_t locked; /* 1 while held */
} spinlock_t;

#define SPINLOCK_INIT                                                                              \
	{                                                                                          \
		0                                                                                  \
	}

static inline uint64_t spin_lock_irqsave(spinlock_t *lock)
{
	uint64_t daif = irq_save();

	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			;
	return daif;
}

static inline void spin_unlock_irqrestore(spinlock_t *lock, uint64_t daif)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	irq_restore(daif);
}

/* For code that already runs with interrupts masked (e.g. handing one lock to another). */
static inline __attribute__((always_inline)) void spin_lock(spinlock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			;
}

static inline __attribute__((always_inline)) void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

#endif
