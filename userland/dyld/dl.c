/*
 * dlopen, dlsym, dladdr, dlclose and dlerror, as libSystem forwards them
 * (<dlfcn.h> semantics, macOS's special handles). Every image is global and
 * bound by dyld's own policy, so the RTLD_LAZY/NOW/LOCAL/GLOBAL modes change
 * nothing; RTLD_NOLOAD only finds; RTLD_NODELETE keeps the image loaded
 * for good. The _from forms know the calling image:
 * RTLD_SELF searches it and then the images loaded after it, RTLD_NEXT
 * only those, in load order; dlopen expands @loader_path and @rpath
 * against it. dlclose drops a reference; the last one lets the image go
 * (dyld_images_collect). The last error is kept per thread and handed out
 * once.
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
#define RTLD_NODELETE  0x80
#define RTLD_NEXT      ((void *)-1)
#define RTLD_DEFAULT   ((void *)-2)
#define RTLD_SELF      ((void *)-3)
#define RTLD_MAIN_ONLY ((void *)-5)

/* dyld_message becomes the calling thread's pending error. */
static void *failed(void)
{
	struct dyld_thread *t = dyld_thread_state(true);

	memcpy(t->error, dyld_message, sizeof(t->error));
	t->error_pending = true;
	return NULL;
}

static void *dlopen_locked(const char *path, int mode, const void *caller)
{
	struct dyld_record *r, *from = NULL;

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
				r->nodelete |= (mode & RTLD_NODELETE) != 0;
				return r;
			}
		}
		dyld_fail_text(path, "not loaded (RTLD_NOLOAD)");
		return failed();
	}
	if (caller)
		from = dyld_images_containing((uint64_t)(uintptr_t)caller);
	if (dyld_images_load(path, from, &r) != DYLD_OK)
		return failed();
	/* Counted before its initializers run, so that a dlclose from one keeps it. */
	r->refs++;
	r->nodelete |= (mode & RTLD_NODELETE) != 0;
	if (dyld_images_initialize() != DYLD_OK) {
		r->refs--;
		failed();
		dyld_images_collect();
		return NULL;
	}
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

/* RTLD_SELF (from the caller's image) or RTLD_NEXT (from the one after it). */
static bool find_from_caller(const char *name, const void *caller, bool self,
                             struct dyld_definition *def, const char **why)
{
	struct dyld_record *r = caller ? dyld_images_containing((uint64_t)(uintptr_t)caller) : NULL;
	unsigned i = 0;

	*why = "symbol not found";
	if (r == NULL) {
		*why = "RTLD_SELF or RTLD_NEXT from an address in no image";
		return false;
	}
	while (dyld_images[i] != r)
		i++;
	for (i += self ? 0 : 1; i < dyld_nimages; i++) {
		if (dyld_link_find(&dyld_images[i]->loaded, name, def) == DYLD_OK)
			return true;
	}
	return false;
}

static void *dlsym_locked(void *handle, const char *symbol, const void *caller)
{
	char name[DYLD_PATH_MAX];
	struct dyld_definition def;
	size_t len = strlen(symbol);
	const char *why = "symbol not found";

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
		if (find_from_caller(name, caller, handle == RTLD_SELF, &def, &why))
			return answer(symbol, &def);
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
	dyld_fail_text(symbol, why);
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
	if (--r->refs == 0)
		dyld_images_collect();
	return 0;
}

/* The entry points: each holds dyld's lock. */
void *dyld_dlopen_from(const char *path, int mode, const void *caller)
{
	dyld_lock();
	void *handle = dlopen_locked(path, mode, caller);
	dyld_unlock();
	return handle;
}

void *dyld_dlopen(const char *path, int mode)
{
	return dyld_dlopen_from(path, mode, NULL);
}

void *dyld_dlsym_from(void *handle, const char *symbol, const void *caller)
{
	dyld_lock();
	void *address = dlsym_locked(handle, symbol, caller);
	dyld_unlock();
	return address;
}

void *dyld_dlsym(void *handle, const char *symbol)
{
	return dyld_dlsym_from(handle, symbol, NULL);
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

/* The calling thread's last error, once; NULL if it has none pending. */
char *dyld_dlerror(void)
{
	struct dyld_thread *t = dyld_thread_state(false);

	if (t == NULL || !t->error_pending)
		return NULL;
	t->error_pending = false;
	return t->error;
}
