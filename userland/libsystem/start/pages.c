/*
 * malloc's environment on Tessera (malloc/pages.h): pages from vm_allocate,
 * given back with vm_deallocate, and a lock that costs one atomic operation
 * when nobody else holds it and sleeps on a Mach semaphore when someone does.
 */
#include <mach/mach.h>
#include <stdatomic.h>

#include "malloc/pages.h"
#include "start/start.h"

static semaphore_t pages_semaphore;
/* Threads holding or waiting for the lock; the semaphore counts hand-overs. */
static atomic_long pages_lock_count;

static void *pages_get(size_t size)
{
	vm_address_t address = 0;

	if (vm_allocate(mach_task_self(), &address, size, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return NULL;
	return (void *)address;
}

static void pages_put(void *pages, size_t size)
{
	vm_deallocate(mach_task_self(), (vm_address_t)pages, size);
}

static void pages_lock(void)
{
	if (atomic_fetch_add(&pages_lock_count, 1) > 0) {
		/* thread_abort ends a wait early; the lock is ours only once the wait succeeds. */
		while (semaphore_wait(pages_semaphore) == KERN_ABORTED)
			;
	}
}

static void pages_unlock(void)
{
	if (atomic_fetch_sub(&pages_lock_count, 1) > 1)
		semaphore_signal(pages_semaphore);
}

static struct malloc_environment pages_environment = {
    .pages_get = pages_get,
    .pages_put = pages_put,
};

int start_malloc(void)
{
	vm_size_t page_size;
	mach_port_t host = mach_host_self();
	kern_return_t kr = host_page_size(host, &page_size);

	mach_port_deallocate(mach_task_self(), host);
	if (kr != KERN_SUCCESS)
		return -1;
	pages_environment.page_size = page_size;
	/* Without a semaphore malloc still works, for the one thread there is. */
	if (semaphore_create(mach_task_self(), &pages_semaphore, SYNC_POLICY_FIFO, 0) ==
	    KERN_SUCCESS) {
		pages_environment.lock = pages_lock;
		pages_environment.unlock = pages_unlock;
	}
	malloc_environment_set(&pages_environment);
	return 0;
}
