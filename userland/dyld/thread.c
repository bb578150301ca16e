/*
 * Threads as dyld sees them: each has a TSD (TPIDRRO_EL0), given by dyld if
 * libSystem has not (TSD_SLOT_COUNT zeroed slots, which mach_init keeps),
 * dyld's own state behind slot TESSERA_DYLD_TSD_TLV, and dyld's lock,
 * recursive (an initializer may dlopen or take a lazy bind) and owned by
 * TSD address. A waiter yields with thread_switch.
 */
#include "runtime.h"
#include "sys.h"

#define TSD_SLOTS 16 /* TSD_SLOT_COUNT, <mach/mach_init.h> */

static uint64_t owner; /* the holder's TSD address, 0 when free */
static unsigned depth; /* the holder's nested acquisitions */

static void out_of_memory(const char *what)
{
	dyld_fail_text(NULL, what);
	dyld_die();
}

void **dyld_thread_tsd(void)
{
	uintptr_t base;
	void **tsd;

	__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(base));
	/* XNU keeps the CPU number in the low bits; the slots are 8-byte aligned. */
	tsd = (void **)(base & ~(uintptr_t)7);
	if (tsd == NULL) {
		tsd = dyld_allocate(TSD_SLOTS * sizeof(void *));
		if (tsd == NULL)
			out_of_memory("out of memory for a thread's TSD");
		dyld_set_tsd_base(tsd);
	}
	return tsd;
}

struct dyld_thread *dyld_thread_state(bool create)
{
	uintptr_t base;
	void **tsd;
	struct dyld_thread *t;

	if (!create) {
		__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(base));
		tsd = (void **)(base & ~(uintptr_t)7);
		return tsd ? tsd[TESSERA_DYLD_TSD_TLV] : NULL;
	}
	tsd = dyld_thread_tsd();
	t = tsd[TESSERA_DYLD_TSD_TLV];
	if (t == NULL) {
		t = dyld_allocate(sizeof(*t));
		if (t == NULL)
			out_of_memory("out of memory for a thread's dyld state");
		tsd[TESSERA_DYLD_TSD_TLV] = t;
	}
	return t;
}

void dyld_lock(void)
{
	uint64_t me = (uint64_t)(uintptr_t)dyld_thread_tsd(), expected = 0;

	if (__atomic_load_n(&owner, __ATOMIC_RELAXED) == me) {
		depth++;
		return;
	}
	while (!__atomic_compare_exchange_n(&owner, &expected, me, false, __ATOMIC_ACQUIRE,
	                                    __ATOMIC_RELAXED)) {
		expected = 0;
		dyld_thread_switch(0, 0, 0);
	}
	depth = 1;
}

void dyld_unlock(void)
{
	if (--depth == 0)
		__atomic_store_n(&owner, 0, __ATOMIC_RELEASE);
}
