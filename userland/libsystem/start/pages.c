/*
 * malloc's environment on Tessera (malloc/pages.h): pages from vm_allocate,
 * given back with vm_deallocate, and one of libSystem's plain locks
 * (lock/lock.h), which sleeps on a Mach semaphore only when contended.
 */
#include <mach/mach.h>

#include "lock/lock.h"
#include "malloc/pages.h"
#include "start/start.h"

/* The allocator's state. A plain lock: lock_self may itself allocate. */
static struct lock pages_lock_word;

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
	lock_take(&pages_lock_word);
}

static void pages_unlock(void)
{
	lock_give(&pages_lock_word);
}

static struct malloc_environment pages_environment = {
    .pages_get = pages_get,
    .pages_put = pages_put,
    .lock = pages_lock,
    .unlock = pages_unlock,
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
	malloc_environment_set(&pages_environment);
	return 0;
}
