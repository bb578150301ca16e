/*
 * <dlfcn.h>: dlopen, dlsym, dladdr, dlclose and dlerror, forwarded to dyld
 * through tessera_dyld_api, the table dyld fills in when it loads libSystem
 * (dyld/dyld_libsystem.h). dlopen and dlsym pass their caller's address on,
 * so that dyld knows the calling image (RTLD_SELF, RTLD_NEXT, @loader_path).
 * Until dyld has written its version (a process dyld did not start, or a
 * dyld this libSystem does not know) each call fails and the next dlerror
 * says so.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>

#include <dyld/dyld_libsystem.h>

/* Ours: dyld runs an unloaded image's handlers, and its terminators at exit, through them. */
struct tessera_dyld_api tessera_dyld_api = {.cxa_finalize = __cxa_finalize,
                                            .cxa_atexit = __cxa_atexit};

/* A failure of ours (no dyld) that dlerror has not reported yet, or NULL. */
static char *dl_pending_error;

static int dl_have_dyld(void)
{
	if (tessera_dyld_api.version == TESSERA_DYLD_API_VERSION)
		return 1;
	dl_pending_error = tessera_dyld_api.version == 0
	                       ? "dlfcn: no dyld in this process"
	                       : "dlfcn: dyld speaks a version of the libSystem interface this "
	                         "libSystem does not know";
	return 0;
}

/* noinline: the return address must be our caller's, not a caller of an inlined copy. */
__attribute__((noinline)) void *dlopen(const char *path, int mode)
{
	return dl_have_dyld()
	           ? tessera_dyld_api.dlopen_from(path, mode, __builtin_return_address(0))
	           : NULL;
}

__attribute__((noinline)) void *dlsym(void *restrict handle, const char *restrict symbol)
{
	return dl_have_dyld()
	           ? tessera_dyld_api.dlsym_from(handle, symbol, __builtin_return_address(0))
	           : NULL;
}

int dladdr(const void *address, Dl_info *info)
{
	return dl_have_dyld() ? tessera_dyld_api.dladdr(address, (struct dyld_dl_info *)info) : 0;
}

int dlclose(void *handle)
{
	return dl_have_dyld() ? tessera_dyld_api.dlclose(handle) : -1;
}

char *dlerror(void)
{
	char *e = dl_pending_error;

	if (e != NULL) {
		dl_pending_error = NULL;
		return e;
	}
	return tessera_dyld_api.version == TESSERA_DYLD_API_VERSION ? tessera_dyld_api.dlerror()
	                                                            : NULL;
}
