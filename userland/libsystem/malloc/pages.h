/*
 * Where malloc gets its memory, and how it locks: supplied by the platform
 * layer when libSystem starts (vm_allocate and a Mach lock on Tessera; the
 * host tests use mmap). Until malloc_environment_set is called, malloc finds
 * no memory: it returns NULL with errno ENOMEM.
 */
#ifndef LIBSYSTEM_MALLOC_PAGES_H
#define LIBSYSTEM_MALLOC_PAGES_H

#include <stddef.h>

struct malloc_environment {
	size_t page_size; /* a power of two */
	/* size bytes (a multiple of page_size), zero-filled; NULL if none are left. */
	void *(*pages_get)(size_t size);
	/* Returns what pages_get gave, whole. */
	void (*pages_put)(void *pages, size_t size);
	/* Mutual exclusion around the allocator's state; NULL while single-threaded. */
	void (*lock)(void);
	void (*unlock)(void);
};

/* Installs env (which must stay valid) before the first allocation. */
void malloc_environment_set(const struct malloc_environment *env);

#endif
