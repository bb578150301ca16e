/*
 * <dlfcn.h>: dlopen, dlsym, dladdr, dlclose and dlerror, forwarded to dyld
 * through tessera_dyld_api, the table dyld fills in when it loads libSystem
 * (dyld/dyld_libsystem.h). Until dyld has written its version (a process
 * dyld did not start, or a dyld this libSystem does not know) each call
 * fails and the next dlerror says so.
 */
#include <dlfcn.h>
#include <stddef.h>

#include <dyld/dyld_libsystem.h>

struct tessera_dyld_api tessera_dyld_api;

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

void *dlopen(const char *path, int mode)
{
	return dl_have_dyld() ? tessera_dyld_api.dlopen(path, mode) : NULL;
}

void *dlsym(void *restrict handle, const char *restrict symbol)
{
	return dl_have_dyld() ? tessera_dyld_api.dlsym(handle, symbol) : NULL;
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
