/*
 * mmap as libSystem's page source for the host tests (see pages.h).
 */
#include <sys/mman.h>

#include "pages.h"
#include "ts.h"
#include "userland/libsystem/malloc/pages.h"

static void *pages_get(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void pages_put(void *p, size_t size)
{
	munmap(p, size);
}

static const struct malloc_environment env = {4096, pages_get, pages_put, NULL, NULL};

void test_malloc_setup(void)
{
	ts_malloc_environment_set(&env);
}
