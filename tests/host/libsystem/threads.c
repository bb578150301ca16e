/*
 * The lock environment and locked malloc of threads.h. A wait that just
 * yields is allowed by the lock's contract (a wait may return early), so
 * wake has nothing to do.
 */
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>

#include "threads.h"
#include "ts.h"
#include "userland/libsystem/lock/lock.h"
#include "userland/libsystem/malloc/pages.h"

static uintptr_t host_self(void)
{
	static __thread char me;

	return (uintptr_t)&me;
}

static void host_wait(uintptr_t *channel)
{
	(void)channel;
	sched_yield();
}

static void host_wake(uintptr_t *channel)
{
	(void)channel;
}

static const struct lock_environment host_locks = {host_self, host_wait, host_wake};

static struct lock malloc_lock;

static void *host_pages_get(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void host_pages_put(void *p, size_t size)
{
	munmap(p, size);
}

static void host_malloc_lock(void)
{
	ts_lock_take(&malloc_lock);
}

static void host_malloc_unlock(void)
{
	ts_lock_give(&malloc_lock);
}

static const struct malloc_environment host_malloc = {
    4096, host_pages_get, host_pages_put, host_malloc_lock, host_malloc_unlock,
};

void test_threads_setup(void)
{
	ts_lock_environment_set(&host_locks);
	ts_malloc_environment_set(&host_malloc);
}
