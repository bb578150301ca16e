/*
 * Only in the host build against libSystem (conformance_libsystem): the
 * renamed library's malloc needs a page source before the program's first
 * allocation, which Tessera's libSystem finds for itself.
 */
#include "tests/host/libsystem/pages.h"

static void __attribute__((constructor)) conf_host_setup(void)
{
	test_malloc_setup();
}
