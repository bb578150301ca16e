/*
 * The C half of dyld_stub_binder (stub_binder.S): asks dyld for a lazy
 * pointer's target. Without a dyld that filled in tessera_dyld_api, or when
 * dyld finds no target, the program cannot go on: it says which bind failed
 * and ends with status 127 (what a shell reports for a missing command).
 * The same goes for a thread-local variable with no dyld to find it
 * (tlv_bootstrap.S).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <dyld/dyld_libsystem.h>

#include "dlfcn/lazy_bind.h"

extern struct tessera_dyld_api tessera_dyld_api;

/* tlv_bootstrap.S reads the table at these offsets. */
_Static_assert(offsetof(struct tessera_dyld_api, version) == 0, "version");
_Static_assert(offsetof(struct tessera_dyld_api, tlv_get_addr) == 56, "tlv_get_addr");
_Static_assert(TESSERA_DYLD_API_VERSION == 2, "tlv_bootstrap.S compares with 2");

static void __attribute__((noreturn)) lazy_bind_fail(const char *why)
{
	static const char prefix[] = "libSystem: ";

	write(STDERR_FILENO, prefix, sizeof(prefix) - 1);
	write(STDERR_FILENO, why, strlen(why));
	write(STDERR_FILENO, "\n", 1);
	_exit(127);
}

void dlfcn_tlv_missing(void)
{
	lazy_bind_fail("no dyld to find a thread-local variable");
}

void *dlfcn_lazy_bind(void **image_private_slot, uint64_t lazy_bind_offset)
{
	void *target;

	if (tessera_dyld_api.version != TESSERA_DYLD_API_VERSION ||
	    tessera_dyld_api.lazy_bind == NULL)
		lazy_bind_fail("no dyld to bind a lazy symbol");
	target = tessera_dyld_api.lazy_bind(*image_private_slot, (uint32_t)lazy_bind_offset);
	if (target == NULL)
		lazy_bind_fail("dyld could not bind a lazy symbol");
	return target;
}
