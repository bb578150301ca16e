/*
 * dyld's run-time state: the images of the process, in load order, and the
 * operations on them that launching, lazy binding and dlopen share. An
 * image dlopen loaded is unloaded again when nothing needs it any more
 * (dyld_images_collect); images loaded at launch, opened with
 * RTLD_NODELETE or with thread-local variables stay for the process's life.
 *
 * The entry points libSystem reaches (lazy_bind, dlopen & co) hold dyld's
 * lock, so images are loaded, looked up and unloaded one thread at a time;
 * tlv_get_addr does not need it (dyld_tlv_images only grows, each entry
 * written before the count, and its images are never unloaded).
 */
#ifndef DYLD_RUNTIME_H
#define DYLD_RUNTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "dyld_libsystem.h"
#include "error.h"
#include "image.h"
#include "init.h"
#include "link.h"
#include "load.h"
#include "search.h"

#define DYLD_MAX_IMAGES 128
#define DYLD_PATH_MAX   1024

/* Exit status of a process dyld refuses to start. */
#define DYLD_EXIT_REFUSED 127

struct dyld_record {
	struct dyld_loaded loaded; /* the engine's view: image, slide, dependencies */
	struct dyld_image img;
	struct dyld_mapping map; /* the file's bytes; the mapping, for dylibs */
	uint8_t *mem;            /* where vm_start lives: map.mem, or the program's own */
	uint64_t slide;
	char path[DYLD_PATH_MAX]; /* the path it was loaded from */
	unsigned refs;            /* references from dlopen, which dlclose drops */
	bool initialized;         /* initializers have run (or are running) */
	bool terminated;          /* terminators have run (it is being unloaded) */
	bool launch;              /* loaded at launch: never unloaded */
	bool nodelete;            /* dlopen with RTLD_NODELETE: never unloaded */
	bool inserted;            /* from DYLD_INSERT_LIBRARIES */
	bool needed;              /* scratch for dyld_images_collect */
	struct dyld_tlv tlv;      /* thread-local template, size 0 if none */
	unsigned tlv_key;         /* with thread-locals: its index in dyld_tlv_images */
};

/* Every image, load order; dyld_images[0] is the program. */
extern struct dyld_record *dyld_images[DYLD_MAX_IMAGES];
extern struct dyld_loaded *dyld_loaded_list[DYLD_MAX_IMAGES];
extern unsigned dyld_nimages;

/* The images with thread-local variables, by key (never unloaded). */
extern struct dyld_record *dyld_tlv_images[DYLD_MAX_IMAGES];
extern unsigned dyld_tlv_count;

/* A thread's own dyld state, behind TSD slot TESSERA_DYLD_TSD_TLV. */
struct dyld_thread {
	uint8_t *tlv[DYLD_MAX_IMAGES]; /* thread-local blocks, by key */
	bool error_pending;            /* error holds what dlerror has not yet handed out */
	char error[DYLD_PATH_MAX + 256];
};

/* The calling thread's state; NULL if it has none and create is false. */
struct dyld_thread *dyld_thread_state(bool create);

/* What the program was started with; initializers get the same. */
struct dyld_process {
	int argc;
	char **argv;
	char **envp;
	char **apple;
	const char *executable_path;
	struct tessera_dyld_api *api; /* libSystem's table once found, else NULL */
	struct dyld_environment env;  /* DYLD_LIBRARY_PATH & co, or the defaults */
};
extern struct dyld_process dyld_process;

/*
 * The last error, as dlerror hands it out: "PATH: reason". dyld_fail
 * formats it and returns err, so callers can `return dyld_fail(...)`.
 */
extern char dyld_message[DYLD_PATH_MAX + 256];
enum dyld_error dyld_fail(enum dyld_error err, const char *path, const struct dyld_image *img);
void dyld_fail_text(const char *path, const char *text);
void dyld_fail_append(const char *text);

/* Writes dyld_message to fd 2 and exits with DYLD_EXIT_REFUSED. */
void dyld_die(void) __attribute__((noreturn));

/* Writes the NUL-terminated strings, NULL-ended, to fd. */
void dyld_write(int fd, ...);

/* The calling thread's TSD slots, given one first if it has none (thread.c). */
void **dyld_thread_tsd(void);

/* dyld's recursive lock. */
void dyld_lock(void);
void dyld_unlock(void);

/* Page-granular memory from the kernel (zeroed), and its release. */
void *dyld_allocate(uint64_t size);
void dyld_deallocate(void *mem, uint64_t size);
uint32_t dyld_task(void);

/* The ops dyld_load uses over an open file descriptor (ctx = &fd). */
extern const struct dyld_load_ops dyld_file_ops;

/*
 * Hands fn each path the dylib name (as loader names it; NULL: the
 * program) may be found at, in the process's search order (search.h);
 * implicit_rpath for dlopen. Its result is dyld_search_each's.
 */
enum dyld_error dyld_path_each(const char *name, const struct dyld_record *loader,
                               bool implicit_rpath, dyld_search_fn fn, void *ctx);

/*
 * Registers the program, already mapped by bsdserver at its link address:
 * reads its file from path and checks it is what is mapped at header.
 */
enum dyld_error dyld_images_add_program(const char *path, const void *header);

/*
 * Loads the dylib path (as dlopen's caller names it; NULL: the program)
 * and, in turn, everything it needs, then binds, protects and sets up
 * thread-locals for every image not yet done and fills libSystem's table
 * if it has come; on failure every image this call added is unloaded
 * again. *out is path's record. Initializers are run separately by
 * dyld_images_initialize. With path NULL (launch), the images already
 * added (the program) and DYLD_INSERT_LIBRARIES are linked, and every
 * image loaded is a launch image.
 */
enum dyld_error dyld_images_load(const char *path, const struct dyld_record *caller,
                                 struct dyld_record **out);

/*
 * Runs the initializers of every image not yet initialized, dependencies
 * first, inserted libraries' trees before the program's. Once libSystem's
 * have run, registers with its cxa_atexit the run of every loaded image's
 * terminators at exit, last initialized first.
 */
enum dyld_error dyld_images_initialize(void);

/*
 * Unloads every image nothing needs: not a launch image, not opened with
 * RTLD_NODELETE, without thread-locals, no dlopen reference, and no needed image depending on it.
 * Terminators run first (dependents before dependencies), then
 * libSystem's cxa_finalize for each, then the memory goes.
 */
void dyld_images_collect(void);

/* The image whose mapped range holds address, or NULL. */
struct dyld_record *dyld_images_containing(uint64_t address);

/* The record handle names, or NULL. */
struct dyld_record *dyld_images_from_handle(const void *handle);

/* The resolver the engine uses for binds of r (flat lookups see every image). */
enum dyld_error dyld_images_resolve(void *record, const struct dyld_fixup *fx, uint64_t *address);

/* After a failed bind: appends ": SYMBOL" (the symbol last resolved) to the message. */
void dyld_images_name_symbol(void);

/*
 * Writes r into its __dyld_private slot (found through its stub helper),
 * where dyld_stub_binder may read it back; nothing if r has no stub helper.
 */
void dyld_lazy_setup(struct dyld_record *r);

/* lazy_bind, dlopen & co and tlv_get_addr, as the table hands them out. */
void *dyld_lazy_bind(void *image_private, uint32_t lazy_bind_offset);
void *dyld_dlopen(const char *path, int mode);
void *dyld_dlsym(void *handle, const char *symbol);
void *dyld_dlopen_from(const char *path, int mode, const void *caller);
void *dyld_dlsym_from(void *handle, const char *symbol, const void *caller);
int dyld_dladdr(const void *address, struct dyld_dl_info *info);
int dyld_dlclose(void *handle);
char *dyld_dlerror(void);
void *dyld_tlv_get_addr(struct dyld_tlv_descriptor *descriptor);

/* The thunk dyld writes into thread-local descriptors (tlv_thunk.S). */
void *dyld_tlv_thunk(struct dyld_tlv_descriptor *descriptor);

/* Sets up r's thread-local descriptors and key; DYLD_OK if it has none. */
enum dyld_error dyld_tlv_setup(struct dyld_record *r);

/* Gives back r's key when a failed load drops r again (the newest key only). */
void dyld_tlv_forget(struct dyld_record *r);

#endif
