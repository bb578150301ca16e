/*
 * The process's images: loading a file and everything it depends on,
 * linking what is new (fixups, protections, thread-locals, libSystem's
 * table), running initializers, and unloading what dlclose let go. Launch
 * and dlopen both come here.
 */
#include <stddef.h>
#include <string.h>

#include "runtime.h"
#include "sys.h"
#include "trie.h"

struct dyld_record *dyld_images[DYLD_MAX_IMAGES];
struct dyld_loaded *dyld_loaded_list[DYLD_MAX_IMAGES];
unsigned dyld_nimages;
struct dyld_process dyld_process;

/* Images [0, nlinked) are linked; the rest were loaded by the call in progress. */
static unsigned nlinked;

#define LIBSYSTEM_API_SIZE sizeof(struct tessera_dyld_api)

static struct dyld_namespace everything(void)
{
	return (struct dyld_namespace){dyld_loaded_list, dyld_nimages};
}

static struct dyld_record *new_record(const char *path)
{
	struct dyld_record *r;

	if (dyld_nimages == DYLD_MAX_IMAGES) {
		dyld_fail(DYLD_E_IMAGES_MANY, path, NULL);
		return NULL;
	}
	r = dyld_allocate(sizeof(*r));
	if (r == NULL) {
		dyld_fail(DYLD_E_NO_MEMORY, path, NULL);
		return NULL;
	}
	memcpy(r->path, path, strlen(path) + 1);
	r->loaded.img = &r->img;
	return r;
}

static void add_record(struct dyld_record *r)
{
	dyld_images[dyld_nimages] = r;
	dyld_loaded_list[dyld_nimages] = &r->loaded;
	dyld_nimages++;
	if (dyld_process.env.print_libraries)
		dyld_write(2, "dyld: loaded: ", r->path, "\n", NULL);
}

/* Opens path, checks it is a regular file and reads and parses it into r. */
static enum dyld_error read_file(const char *path, uint32_t filetype, struct dyld_record *r)
{
	struct dyld_load_ops ops = dyld_file_ops;
	struct dyld_stat st;
	long fd = dyld_sys_open(path, DYLD_O_RDONLY, 0);
	int ifd = (int)fd;
	enum dyld_error err;

	if (fd < 0)
		return dyld_fail(DYLD_E_OPEN, path, NULL);
	ops.ctx = &ifd;
	if (dyld_sys_fstat64(ifd, &st) < 0 || (st.st_mode & DYLD_S_IFMT) != DYLD_S_IFREG) {
		dyld_sys_close(ifd);
		return dyld_fail(DYLD_E_NOT_FILE, path, NULL);
	}
	err = dyld_load_read(&ops, st.st_size < 0 ? 0 : (uint64_t)st.st_size, filetype, &r->img,
	                     &r->map);
	dyld_sys_close(ifd);
	return err == DYLD_OK ? DYLD_OK : dyld_fail(err, path, &r->img);
}

enum dyld_error dyld_images_add_program(const char *path, const void *header)
{
	struct dyld_record *r;
	enum dyld_error err;

	if (strlen(path) >= DYLD_PATH_MAX)
		return dyld_fail(DYLD_E_PATH, path, NULL);
	r = new_record(path);
	if (r == NULL)
		return DYLD_E_NO_MEMORY;
	err = read_file(path, MACHO_FILETYPE_EXECUTE, r);
	if (err != DYLD_OK)
		return err;
	/*
	 * The header and load commands bsdserver mapped must be the file's; only
	 * what __TEXT maps from the file is compared, so the reads stay in it.
	 */
	const struct macho_segment *text = macho_find_segment(&r->img.macho, "__TEXT");
	uint64_t cmds_end = 32 + (uint64_t)macho_le32(r->map.file + 20);

	if (r->img.base != (uint64_t)(uintptr_t)header ||
	    memcmp(header, r->map.file, cmds_end < text->filesize ? cmds_end : text->filesize) != 0)
		return dyld_fail(DYLD_E_MAPPED, path, NULL);
	r->mem = (uint8_t *)(uintptr_t)r->img.macho.vm_start;
	r->slide = 0;
	add_record(r);
	return DYLD_OK;
}

static struct dyld_record *find_loaded(const char *name, const char *path)
{
	for (unsigned i = 0; i < dyld_nimages; i++) {
		const struct dyld_record *r = dyld_images[i];

		/* An install name is a path only when it does not start with '@'. */
		if (strcmp(r->path, path) == 0 || (name[0] != '@' && r->img.install_name &&
		                                   strcmp(r->img.install_name, name) == 0))
			return dyld_images[i];
	}
	return NULL;
}

/* One search for a dylib: the first candidate path that opens (or is loaded) wins. */
struct attempt {
	const char *name;
	struct dyld_record *found;
	enum dyld_error err;
	char named[DYLD_PATH_MAX]; /* the name's own path, once tried; "" before */
};

static bool try_path(void *ctx, const char *path, enum dyld_search_kind kind)
{
	struct attempt *a = ctx;
	struct dyld_load_ops ops = dyld_file_ops;
	struct dyld_record *r = find_loaded(a->name, path);

	if (kind == DYLD_SEARCH_NAME)
		memcpy(a->named, path, strlen(path) + 1);
	if (r) {
		a->found = r;
		a->err = DYLD_OK;
		return true;
	}
	r = new_record(path);
	if (r == NULL) {
		a->err = DYLD_E_NO_MEMORY;
		return true;
	}
	a->err = read_file(path, MACHO_FILETYPE_DYLIB, r);
	if (a->err == DYLD_E_OPEN) {
		dyld_deallocate(r, sizeof(*r));
		return false;
	}
	if (a->err == DYLD_OK) {
		a->err = dyld_load_map(&ops, &r->img, &r->map);
		if (a->err != DYLD_OK)
			dyld_fail(a->err, path, NULL);
	}
	if (a->err != DYLD_OK) {
		dyld_load_release(&ops, &r->map);
		dyld_deallocate(r, sizeof(*r));
		return true;
	}
	r->mem = r->map.mem;
	r->slide = r->map.slide;
	r->loaded.slide = r->slide;
	add_record(r);
	a->found = r;
	return true;
}

/*
 * The dylib name (as loader names it; NULL: the program, or dlopen's
 * caller unknown) in *out, loaded and laid out if it was not already. A
 * weak dylib found nowhere gives NULL. implicit_rpath: dlopen's search.
 */
static enum dyld_error load_dylib(const char *name, const struct dyld_record *loader, bool weak,
                                  bool implicit_rpath, struct dyld_record **out)
{
	struct attempt a = {name, NULL, DYLD_E_OPEN, ""};
	enum dyld_error err = dyld_path_each(name, loader, implicit_rpath, try_path, &a);

	*out = a.found;
	if (err == DYLD_OK)
		err = a.err;
	else if (err == DYLD_E_OPEN && weak)
		err = DYLD_OK;
	/* Not found: name the name's own path, or the name if it had several (@rpath). */
	else if (err == DYLD_E_OPEN && a.named[0] != '\0')
		dyld_fail(err, a.named, NULL);
	else
		dyld_fail(err, name, NULL);
	return err;
}

/* Loads each dylib r names; its deps[] then point at them. */
static enum dyld_error load_dependencies(struct dyld_record *r)
{
	for (unsigned i = 0; i < r->img.ndylibs; i++) {
		const struct dyld_dylib *d = &r->img.dylibs[i];
		struct dyld_record *dep;
		enum dyld_error err =
		    load_dylib(d->path, r, d->kind == DYLD_DYLIB_WEAK, false, &dep);

		if (err != DYLD_OK) {
			/* Say who needed it: "PROGRAM: needs DYLIB: reason". */
			char why[sizeof(dyld_message)];

			memcpy(why, dyld_message, sizeof(why));
			dyld_fail_text(r->path, "needs ");
			dyld_fail_append(why);
			return err;
		}
		r->loaded.deps[i] = dep ? &dep->loaded : NULL;
	}
	return DYLD_OK;
}

/* The symbol of the bind being resolved, for messages. */
static const char *last_symbol;

void dyld_images_name_symbol(void)
{
	if (last_symbol) {
		dyld_fail_append(": ");
		dyld_fail_append(last_symbol);
	}
}

enum dyld_error dyld_images_resolve(void *record, const struct dyld_fixup *fx, uint64_t *address)
{
	struct dyld_namespace ns = everything();
	struct dyld_fixup f = *fx;
	struct dyld_definition def;
	enum dyld_error err;

	last_symbol = fx->symbol;
	/* As dyld_link_resolve: a weak bind may be satisfied by any image. */
	if (f.kind == DYLD_FIXUP_WEAK_BIND)
		f.ordinal = DYLD_ORDINAL_WEAK_LOOKUP;
	err = dyld_link_bind(&ns, &((struct dyld_record *)record)->loaded, &f, &def);
	if (err != DYLD_OK)
		return err;
	/* Its stub would come back to dyld for the answer the resolver gives. */
	if (def.resolver != 0)
		return DYLD_E_RESOLVER;
	*address = def.address;
	return DYLD_OK;
}

/* Sets each new segment's protection to what its command asks. */
static enum dyld_error protect(const struct dyld_record *r)
{
	const struct macho_image *m = &r->img.macho;

	for (unsigned i = 0; i < m->nsegments; i++) {
		const struct macho_segment *s = &m->segments[i];
		uint64_t size =
		    (s->vmsize + MACHO_PAGE_SIZE - 1) & ~(uint64_t)(MACHO_PAGE_SIZE - 1);

		if (dyld_vm_protect(dyld_task(), s->vmaddr + r->slide, size, 0, (int)s->initprot) !=
		    0)
			return dyld_fail(DYLD_E_PROTECT, r->path, NULL);
	}
	return DYLD_OK;
}

/* libSystem's table, if an image exports it: checked to be a writable object. */
static enum dyld_error find_api(struct tessera_dyld_api **out)
{
	struct dyld_namespace ns = everything();
	struct dyld_fixup fx = {.symbol = TESSERA_DYLD_API_SYMBOL,
	                        .ordinal = DYLD_ORDINAL_FLAT_LOOKUP};
	struct dyld_definition def;
	enum dyld_error err = dyld_link_bind(&ns, NULL, &fx, &def);
	const struct dyld_record *r;

	*out = NULL;
	if (err == DYLD_E_NOT_FOUND)
		return DYLD_OK;
	r = dyld_images[0];
	for (unsigned i = 0; i < dyld_nimages; i++) {
		if (&dyld_images[i]->loaded == def.image)
			r = dyld_images[i];
	}
	if (err != DYLD_OK)
		return dyld_fail(err, r->path, NULL);
	if ((def.flags & DYLD_EXPORT_KIND_MASK) != DYLD_EXPORT_KIND_REGULAR || def.resolver != 0)
		return dyld_fail(DYLD_E_API, r->path, NULL);
	for (unsigned i = 0; i < r->img.macho.nsegments; i++) {
		const struct macho_segment *s = &r->img.macho.segments[i];
		uint64_t start = s->vmaddr + r->slide;

		if ((s->initprot & MACHO_PROT_WRITE) && def.address >= start &&
		    def.address - start <= s->filesize &&
		    s->filesize - (def.address - start) >= LIBSYSTEM_API_SIZE &&
		    def.address % 8 == 0) {
			*out = (struct tessera_dyld_api *)(uintptr_t)def.address;
			return DYLD_OK;
		}
	}
	return dyld_fail(DYLD_E_API, r->path, NULL);
}

static void fill_api(struct tessera_dyld_api *api)
{
	api->lazy_bind = dyld_lazy_bind;
	api->dlopen = dyld_dlopen;
	api->dlsym = dyld_dlsym;
	api->dladdr = dyld_dladdr;
	api->dlclose = dyld_dlclose;
	api->dlerror = dyld_dlerror;
	api->tlv_get_addr = dyld_tlv_thunk;
	api->dlopen_from = dyld_dlopen_from;
	api->dlsym_from = dyld_dlsym_from;
	/* libSystem reads the version first: it must not see it before the rest. */
	__atomic_store_n(&api->version, TESSERA_DYLD_API_VERSION, __ATOMIC_RELEASE);
}

/* Binds, protects and sets up the images loaded since the last link. */
static enum dyld_error link_new(void)
{
	struct tessera_dyld_api *api = dyld_process.api;
	enum dyld_error err;

	if (api == NULL) {
		err = find_api(&api);
		if (err != DYLD_OK)
			return err;
	}
	/* Lazy binds wait for the stub binder only if libSystem can reach dyld. */
	for (unsigned i = nlinked; i < dyld_nimages; i++) {
		struct dyld_record *r = dyld_images[i];

		last_symbol = NULL;
		err = dyld_apply(&r->img, r->mem, r->slide, api ? DYLD_BIND_LAZY : DYLD_BIND_NOW,
		                 dyld_images_resolve, r);
		if (err != DYLD_OK) {
			dyld_fail(err, r->path, NULL);
			dyld_images_name_symbol();
			return err;
		}
		dyld_lazy_setup(r);
		err = dyld_tlv_setup(r);
		if (err != DYLD_OK)
			return err;
	}
	for (unsigned i = nlinked; i < dyld_nimages; i++) {
		/* The program's segments were protected by whoever mapped it. */
		if (i != 0) {
			err = protect(dyld_images[i]);
			if (err != DYLD_OK)
				return err;
		}
	}
	if (api && dyld_process.api == NULL) {
		fill_api(api);
		dyld_process.api = api;
	}
	return DYLD_OK;
}

/* Undoes the images the failed call added (none of the linked ones points at them). */
static void unload_new(void)
{
	struct dyld_load_ops ops = dyld_file_ops;

	while (dyld_nimages > nlinked) {
		struct dyld_record *r = dyld_images[--dyld_nimages];

		dyld_tlv_forget(r);
		dyld_load_release(&ops, &r->map);
		dyld_deallocate(r, sizeof(*r));
	}
}

/* Loads each library DYLD_INSERT_LIBRARIES names, in order, right after the program. */
static enum dyld_error load_inserted(void)
{
	char name[DYLD_PATH_MAX];

	for (const char *p = dyld_process.env.insert; p && *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct dyld_record *r;
		enum dyld_error err;

		if (len >= sizeof(name))
			return dyld_fail(DYLD_E_PATH, "DYLD_INSERT_LIBRARIES", NULL);
		memcpy(name, p, len);
		name[len] = '\0';
		p += len + (end != NULL);
		if (len == 0)
			continue;
		err = load_dylib(name, NULL, false, false, &r);
		if (err != DYLD_OK) {
			char why[sizeof(dyld_message)];

			memcpy(why, dyld_message, sizeof(why));
			dyld_fail_text("DYLD_INSERT_LIBRARIES", why);
			return err;
		}
		r->inserted = true;
	}
	return DYLD_OK;
}

enum dyld_error dyld_images_load(const char *path, const struct dyld_record *caller,
                                 struct dyld_record **out)
{
	enum dyld_error err = DYLD_OK;

	*out = NULL;
	if (path)
		err = load_dylib(path, caller, false, true, out);
	else
		err = load_inserted();
	for (unsigned i = nlinked; err == DYLD_OK && i < dyld_nimages; i++)
		err = load_dependencies(dyld_images[i]);
	if (err == DYLD_OK)
		err = link_new();
	if (err != DYLD_OK) {
		unload_new();
		*out = NULL;
		return err;
	}
	for (unsigned i = nlinked; path == NULL && i < dyld_nimages; i++)
		dyld_images[i]->launch = true;
	nlinked = dyld_nimages;
	return DYLD_OK;
}

typedef void (*initializer_fn)(int argc, char **argv, char **envp, char **apple);
typedef void (*terminator_fn)(void);

/*
 * Initializers or an unloading are running: a dlclose from one of them
 * only asks for a collection (collect_again), done once they are over, so
 * no image goes while a walk over the images is under way.
 */
static unsigned busy;
static bool collect_again;

static enum dyld_error run_initializer(void *ctx, uint64_t address)
{
	(void)ctx;
	((initializer_fn)(uintptr_t)address)(dyld_process.argc, dyld_process.argv,
	                                     dyld_process.envp, dyld_process.apple);
	return DYLD_OK;
}

static struct dyld_record *record_of(const struct dyld_loaded *l)
{
	return (struct dyld_record *)((uintptr_t)l - offsetof(struct dyld_record, loaded));
}

/*
 * Every image in initializer order into order (*n of them): dependencies
 * first, the inserted libraries' trees (which head the list the order
 * walks) before the program's.
 */
static enum dyld_error init_order(struct dyld_record **order, unsigned *n)
{
	struct dyld_loaded *list[DYLD_MAX_IMAGES], *sorted[DYLD_MAX_IMAGES];
	struct dyld_namespace ns = {list, 0};
	enum dyld_error err;

	for (unsigned pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < dyld_nimages; i++) {
			if (dyld_images[i]->inserted == (pass == 0))
				list[ns.n++] = &dyld_images[i]->loaded;
		}
	}
	err = dyld_link_init_order(&ns, sorted);
	if (err != DYLD_OK)
		return dyld_fail(err, NULL, NULL);
	for (unsigned i = 0; i < ns.n; i++)
		order[i] = record_of(sorted[i]);
	*n = ns.n;
	return DYLD_OK;
}

static enum dyld_error run_terminator(void *ctx, uint64_t address)
{
	(void)ctx;
	((terminator_fn)(uintptr_t)address)();
	return DYLD_OK;
}

static void run_terminators(struct dyld_record *r)
{
	if (dyld_term_each(&r->img, r->mem, r->slide, run_terminator, NULL) != DYLD_OK) {
		dyld_fail(DYLD_E_INIT_RANGE, r->path, NULL);
		dyld_die();
	}
}

/* At exit (libSystem's cxa_atexit): the loaded images' terminators, last initialized first. */
static void exit_terminators(void *arg)
{
	struct dyld_record *order[DYLD_MAX_IMAGES];
	unsigned n = 0;

	(void)arg;
	dyld_lock();
	init_order(order, &n);
	while (n-- > 0) {
		if (order[n]->initialized && !order[n]->terminated) {
			order[n]->terminated = true;
			run_terminators(order[n]);
		}
	}
	dyld_unlock();
}

/* Once the image holding libSystem's table is initialized, exit_terminators is registered. */
static void register_exit(const struct dyld_record *r)
{
	static bool registered;
	struct tessera_dyld_api *api = dyld_process.api;
	uint64_t at = (uint64_t)(uintptr_t)api;

	if (registered || api == NULL || api->cxa_atexit == NULL ||
	    at < r->img.macho.vm_start + r->slide || at >= r->img.macho.vm_end + r->slide)
		return;
	registered = true;
	api->cxa_atexit(exit_terminators, NULL, NULL);
}

static enum dyld_error initialize(void)
{
	struct dyld_record *order[DYLD_MAX_IMAGES];
	unsigned n;
	enum dyld_error err = init_order(order, &n);

	if (err != DYLD_OK)
		return err;
	for (unsigned i = 0; i < n; i++) {
		struct dyld_record *r = order[i];

		if (r->initialized)
			continue;
		/* Set first: an initializer that calls dlopen must not run this image's again. */
		r->initialized = true;
		err = dyld_init_each(&r->img, r->mem, r->slide, run_initializer, NULL);
		if (err != DYLD_OK)
			return dyld_fail(err, r->path, NULL);
		register_exit(r);
	}
	return DYLD_OK;
}

enum dyld_error dyld_images_initialize(void)
{
	enum dyld_error err;

	busy++;
	err = initialize();
	busy--;
	if (busy == 0 && collect_again)
		dyld_images_collect();
	return err;
}

static void mark_needed(struct dyld_record *r)
{
	if (r->needed)
		return;
	r->needed = true;
	for (unsigned d = 0; d < r->img.ndylibs; d++) {
		if (r->loaded.deps[d])
			mark_needed(record_of(r->loaded.deps[d]));
	}
}

/* The images nothing needs, in load order, into dead; their count. */
static unsigned find_unneeded(struct dyld_record **dead)
{
	unsigned n = 0;

	for (unsigned i = 0; i < dyld_nimages; i++)
		dyld_images[i]->needed = false;
	for (unsigned i = 0; i < dyld_nimages; i++) {
		struct dyld_record *r = dyld_images[i];

		if (r->launch || r->nodelete || r->refs > 0 || r->tlv.size != 0 ||
		    r->tlv.nvars != 0)
			mark_needed(r);
	}
	for (unsigned i = 0; i < dyld_nimages; i++) {
		if (!dyld_images[i]->needed)
			dead[n++] = dyld_images[i];
	}
	return n;
}

static bool depends_on(const struct dyld_record *r, const struct dyld_record *dep)
{
	for (unsigned d = 0; d < r->img.ndylibs; d++) {
		if (r->loaded.deps[d] == &dep->loaded)
			return true;
	}
	return false;
}

/* The next of dead to terminate: one no other pending one depends on (any, in a cycle). */
static struct dyld_record *next_to_terminate(struct dyld_record **dead, unsigned n)
{
	struct dyld_record *first = NULL;

	for (unsigned i = 0; i < n; i++) {
		bool depended = false;

		if (dead[i]->terminated)
			continue;
		if (first == NULL)
			first = dead[i];
		for (unsigned j = 0; j < n && !depended; j++)
			depended = j != i && !dead[j]->terminated && depends_on(dead[j], dead[i]);
		if (!depended)
			return dead[i];
	}
	return first;
}

/* libSystem's handlers for r's __dso_handle (its mach_header), then its terminators. */
static void terminate(struct dyld_record *r)
{
	struct tessera_dyld_api *api = dyld_process.api;

	r->terminated = true;
	if (!r->initialized)
		return;
	if (api && api->cxa_finalize)
		api->cxa_finalize((void *)(uintptr_t)(r->img.base + r->slide));
	run_terminators(r);
}

/* Takes r off the list and gives its memory back. */
static void forget(struct dyld_record *r)
{
	struct dyld_load_ops ops = dyld_file_ops;
	unsigned i = 0;

	while (dyld_images[i] != r)
		i++;
	for (; i + 1 < dyld_nimages; i++) {
		dyld_images[i] = dyld_images[i + 1];
		dyld_loaded_list[i] = dyld_loaded_list[i + 1];
	}
	dyld_nimages--;
	nlinked--;
	if (dyld_process.env.print_libraries)
		dyld_write(2, "dyld: unloaded: ", r->path, "\n", NULL);
	dyld_load_release(&ops, &r->map);
	dyld_deallocate(r, sizeof(*r));
}

void dyld_images_collect(void)
{
	struct dyld_record *dead[DYLD_MAX_IMAGES], *r;
	unsigned n;

	if (busy > 0) {
		collect_again = true;
		return;
	}
	busy++;
	do {
		collect_again = false;
		n = find_unneeded(dead);
		while ((r = next_to_terminate(dead, n)) != NULL)
			terminate(r);
		/* A terminator may have opened one of them again: that one stays. */
		n = find_unneeded(dead);
		for (unsigned i = 0; i < n; i++) {
			if (dead[i]->terminated)
				forget(dead[i]);
		}
	} while (collect_again);
	busy--;
}

struct dyld_record *dyld_images_containing(uint64_t address)
{
	for (unsigned i = 0; i < dyld_nimages; i++) {
		struct dyld_record *r = dyld_images[i];
		const struct macho_image *m = &r->img.macho;

		if (address >= m->vm_start + r->slide && address < m->vm_end + r->slide)
			return r;
	}
	return NULL;
}

struct dyld_record *dyld_images_from_handle(const void *handle)
{
	for (unsigned i = 0; i < dyld_nimages; i++) {
		if (dyld_images[i] == handle)
			return dyld_images[i];
	}
	return NULL;
}
