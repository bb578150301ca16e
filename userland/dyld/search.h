/*
 * Where dyld looks for a dylib, in macOS's order, given the name an image
 * (or dlopen) uses for it:
 *   1. each DYLD_LIBRARY_PATH folder, with the name's leaf (what follows
 *      its last '/');
 *   2. the name itself: @executable_path/ and @loader_path/ replaced by the
 *      folder of the program or of the loader; @rpath/ tried under each
 *      LC_RPATH of the loader and then of the program, in command order,
 *      each run path expanded the same way against the image holding it; a
 *      bare leaf name from dlopen (implicit_rpath) first under each run path
 *      in the same order, then as given;
 *   3. each DYLD_FALLBACK_LIBRARY_PATH folder with the leaf, skipping a
 *      candidate that is the name itself.
 *
 * Pure: strings in, candidates out through a callback; nothing is opened.
 */
#ifndef DYLD_SEARCH_H
#define DYLD_SEARCH_H

#include <stdbool.h>

#include "error.h"
#include "image.h"

#define DYLD_SEARCH_PATH_MAX 1024

/* The process's search settings; a NULL list is empty. */
struct dyld_search {
	const char *executable_path;
	const char *library_path;  /* DYLD_LIBRARY_PATH: folders, ':'-separated */
	const char *fallback_path; /* DYLD_FALLBACK_LIBRARY_PATH, or the default */
};

/* What the DYLD_* variables of the environment ask for. */
struct dyld_environment {
	struct dyld_search search; /* executable_path is left to the caller */
	const char *insert;        /* DYLD_INSERT_LIBRARIES: paths, ':'-separated; NULL if unset */
	bool print_libraries;      /* DYLD_PRINT_LIBRARIES is set (to anything) */
};

/* The fallback folders when DYLD_FALLBACK_LIBRARY_PATH is unset, as macOS has them. */
#define DYLD_SEARCH_FALLBACK_DEFAULT    "/usr/local/lib:/usr/lib"
#define DYLD_SEARCH_FALLBACK_RESTRICTED "/usr/lib"

/*
 * Reads envp (NULL-ended "NAME=VALUE" strings; may be NULL) into *env. A
 * restricted process (set-id: issetugid) gets none of them, as on macOS,
 * and the restricted fallback.
 */
void dyld_search_environment(char *const *envp, bool restricted, struct dyld_environment *env);

/* An image names expand against: its path and, for @rpath, its LC_RPATHs. */
struct dyld_search_image {
	const char *path;
	const struct dyld_image *img; /* NULL: no run paths */
};

/* Which step of the order a candidate comes from. */
enum dyld_search_kind {
	DYLD_SEARCH_OVERRIDE, /* DYLD_LIBRARY_PATH */
	DYLD_SEARCH_NAME,     /* the name itself, expanded */
	DYLD_SEARCH_RPATH,    /* the name under a run path */
	DYLD_SEARCH_FALLBACK, /* DYLD_FALLBACK_LIBRARY_PATH */
};

/* Receives one candidate; true stops the search. */
typedef bool (*dyld_search_fn)(void *ctx, const char *path, enum dyld_search_kind kind);

/*
 * Hands fn each candidate for name. loader names the image that names it
 * (for dlopen, the caller's image; NULL: the program), program the main
 * executable. DYLD_OK once fn stopped, DYLD_E_OPEN if it never did,
 * DYLD_E_PATH (before any candidate) if name is empty, longer than
 * DYLD_SEARCH_PATH_MAX allows or an '@' form dyld does not know.
 * Candidates that do not fit DYLD_SEARCH_PATH_MAX are skipped.
 */
enum dyld_error dyld_search_each(const struct dyld_search *s, const char *name,
                                 const struct dyld_search_image *loader,
                                 const struct dyld_search_image *program, bool implicit_rpath,
                                 dyld_search_fn fn, void *ctx);

#endif
