/*
 * dlopen, dlsym, dladdr, dlclose and dlerror, as libSystem forwards them
 * (<dlfcn.h> semantics, macOS's special handles). Every image is global and
 * bound by dyld's own policy, so the RTLD_LAZY/NOW/LOCAL/GLOBAL modes change
 * nothing; RTLD_NOLOAD only finds. dlclose drops a reference and never
 * unmaps (POSIX allows it; macOS keeps many images too).
 */
#include <string.h>

#include "runtime.h"
#include "symtab.h"

/* Dl_info, <dlfcn.h>. */
struct dyld_dl_info {
	const char *dli_fname;
	void *dli_fbase;
	const char *dli_sname;
	void *dli_saddr;
};

#define RTLD_NOLOAD    0x10
#define RTLD_NEXT      ((void *)-1)
#define RTLD_DEFAULT   ((void *)-2)
#define RTLD_SELF      ((void *)-3)
#define RTLD_MAIN_ONLY ((void *)-5)

/* dyld_message holds an error dlerror has not yet handed out. */
static bool pending;

static void *failed(void)
{
	pending = true;
	return NULL;
}

static void *dlopen_locked(const char *path, int mode)
{
	struct dyld_record *r;

	if (path == NULL) {
		dyld_images[0]->refs++;
		return dyld_images[0];
	}
	if (mode & RTLD_NOLOAD) {
		for (unsigned i = 0; i < dyld_nimages; i++) {
			r = dyld_images[i];
			if (strcmp(r->path, path) == 0 ||
			    (r->img.install_name && strcmp(r->img.install_name, path) == 0)) {
				r->refs++;
				return r;
			}
		}
		dyld_fail_text(path, "not loaded (RTLD_NOLOAD)");
		return failed();
	}
	if (dyld_images_load(path, &r) != DYLD_OK || dyld_images_initialize() != DYLD_OK)
		return failed();
	r->refs++;
	return r;
}

/* name in r's exports, then in its dependencies' (depth first), each image once. */
static bool find_in_tree(const struct dyld_loaded *lib, const char *name, bool *seen,
                         struct dyld_definition *def)
{
	unsigned i;

	for (i = 0; i < dyld_nimages && dyld_loaded_list[i] != lib; i++)
		;
	if (i == dyld_nimages || seen[i])
		return false;
	seen[i] = true;
	if (dyld_link_find(lib, name, def) == DYLD_OK)
		return true;
	for (unsigned d = 0; d < lib->img->ndylibs; d++) {
		if (lib->deps[d] && find_in_tree(lib->deps[d], name, seen, def))
			return true;
	}
	return false;
}

/* What dlsym answers for a definition found. */
static void *answer(const char *symbol, const struct dyld_definition *def)
{
	if (def->resolver != 0) {
		dyld_fail_text(symbol, dyld_strerror(DYLD_E_RESOLVER));
		return failed();
	}
	return (void *)(uintptr_t)def->address;
}

static void *dlsym_locked(void *handle, const char *symbol)
{
	char name[DYLD_PATH_MAX];
	struct dyld_definition def;
	size_t len = strlen(symbol);

	if (len + 2 > sizeof(name)) {
		dyld_fail_text(symbol, "symbol name too long");
		return failed();
	}
	/* C names are Mach-O names without their leading underscore. */
	name[0] = '_';
	memcpy(name + 1, symbol, len + 1);
	if (handle == RTLD_DEFAULT) {
		struct dyld_namespace ns = {dyld_loaded_list, dyld_nimages};
		struct dyld_fixup fx = {.symbol = name, .ordinal = DYLD_ORDINAL_FLAT_LOOKUP};

		if (dyld_link_bind(&ns, NULL, &fx, &def) == DYLD_OK)
			return answer(symbol, &def);
	} else if (handle == RTLD_MAIN_ONLY) {
		if (dyld_link_find(&dyld_images[0]->loaded, name, &def) == DYLD_OK)
			return answer(symbol, &def);
	} else if (handle == RTLD_SELF || handle == RTLD_NEXT) {
		/* They need the caller's image, which the call through libSystem loses. */
		dyld_fail_text(symbol, "RTLD_SELF and RTLD_NEXT are not supported");
		return failed();
	} else {
		struct dyld_record *r = dyld_images_from_handle(handle);
		bool seen[DYLD_MAX_IMAGES] = {false};

		if (r == NULL || r->refs == 0) {
			dyld_fail_text(symbol, "dlsym with a handle dlopen did not return");
			return failed();
		}
		if (find_in_tree(&r->loaded, name, seen, &def))
			return answer(symbol, &def);
	}
	dyld_fail_text(symbol, "symbol not found");
	return failed();
}

static int dladdr_locked(const void *address, struct dyld_dl_info *info)
{
	struct dyld_record *r = dyld_images_containing((uint64_t)(uintptr_t)address);
	struct dyld_symbol sym;

	if (r == NULL)
		return 0;
	info->dli_fname = r->path;
	info->dli_fbase = (void *)(uintptr_t)(r->img.base + r->slide);
	info->dli_sname = NULL;
	info->dli_saddr = NULL;
	if (dyld_symtab_nearest(&r->img, (uint64_t)(uintptr_t)address - r->slide, &sym) ==
	    DYLD_OK) {
		info->dli_sname = sym.name[0] == '_' ? sym.name + 1 : sym.name;
		info->dli_saddr = (void *)(uintptr_t)(sym.address + r->slide);
	}
	return 1;
}

static int dlclose_locked(void *handle)
{
	struct dyld_record *r = dyld_images_from_handle(handle);

	if (r == NULL || r->refs == 0) {
		dyld_fail_text(NULL, "dlclose with a handle dlopen did not return");
		failed();
		return -1;
	}
	r->refs--;
	return 0;
}

/* The entry points: each holds dyld's lock. */
void *dyld_dlopen(const char *path, int mode)
{
	dyld_lock();
	void *handle = dlopen_locked(path, mode);
	dyld_unlock();
	return handle;
}

void *dyld_dlsym(void *handle, const char *symbol)
{
	dyld_lock();
	void *address = dlsym_locked(handle, symbol);
	dyld_unlock();
	return address;
}

int dyld_dladdr(const void *address, struct dyld_dl_info *info)
{
	dyld_lock();
	int found = dladdr_locked(address, info);
	dyld_unlock();
	return found;
}

int dyld_dlclose(void *handle)
{
	dyld_lock();
	int result = dlclose_locked(handle);
	dyld_unlock();
	return result;
}

/* The last error, once; process-wide, not per thread. */
char *dyld_dlerror(void)
{
	char *message = NULL;

	dyld_lock();
	if (pending) {
		pending = false;
		message = dyld_message;
	}
	dyld_unlock();
	return message;
}
