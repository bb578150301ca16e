/* The dylib search order; see search.h. */
#include "search.h"

#include <string.h>

#define LC_RPATH        0x8000001cu
#define RPATH_CMD_FIXED 12u /* cmd, cmdsize, path offset */

/* A search in progress: fn has stopped it once stop is set. */
struct walk {
	dyld_search_fn fn;
	void *ctx;
	bool stop;
};

static void offer(struct walk *w, const char *path, enum dyld_search_kind kind)
{
	if (!w->stop)
		w->stop = w->fn(w->ctx, path, kind);
}

/* out = a[0..alen) + b, if it fits. */
static bool concat(const char *a, size_t alen, const char *b, char out[DYLD_SEARCH_PATH_MAX])
{
	size_t blen = strlen(b);

	if (alen + blen >= DYLD_SEARCH_PATH_MAX)
		return false;
	memcpy(out, a, alen);
	memcpy(out + alen, b, blen + 1);
	return true;
}

/* The folder of path, with its '/'; 0 if it has none. */
static size_t folder_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) + 1 : 0;
}

static const char *leaf(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash + 1 : name;
}

/* Offers dir + "/" + file for each folder of a ':'-separated list. */
static void each_folder(struct walk *w, const char *list, const char *file, const char *skip,
                        enum dyld_search_kind kind)
{
	char dir[DYLD_SEARCH_PATH_MAX], path[DYLD_SEARCH_PATH_MAX];

	for (const char *p = list; p && *p && !w->stop;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		/* An empty entry names no folder. */
		if (len > 0 && len + 1 < sizeof(dir)) {
			memcpy(dir, p, len);
			dir[len] = '/';
			if (concat(dir, len + 1, file, path) &&
			    (skip == NULL || strcmp(path, skip) != 0))
				offer(w, path, kind);
		}
		p = end ? end + 1 : p + len;
	}
}

/* name's one path if it is @executable_path/ or @loader_path/ or plain; false if another '@' form.
 */
static bool expand(const struct dyld_search *s, const char *name, const char *loader_path,
                   char out[DYLD_SEARCH_PATH_MAX], bool *fits)
{
	const char *base = NULL, *rest = name;

	if (strncmp(name, "@executable_path/", 17) == 0) {
		base = s->executable_path;
		rest = name + 17;
	} else if (strncmp(name, "@loader_path/", 13) == 0) {
		base = loader_path;
		rest = name + 13;
	} else if (name[0] == '@') {
		return false;
	}
	*fits = base ? concat(base, folder_len(base), rest, out) : concat("", 0, name, out);
	return true;
}

/* Offers rest under each run path of image. */
static void each_rpath(struct walk *w, const struct dyld_search *s,
                       const struct dyld_search_image *image, const char *rest,
                       enum dyld_search_kind kind)
{
	struct macho_command cmd = {.data = NULL};

	if (image == NULL || image->img == NULL)
		return;
	while (!w->stop && macho_command_next(image->img->file, &cmd)) {
		char rpath[DYLD_SEARCH_PATH_MAX], dir[DYLD_SEARCH_PATH_MAX],
		    path[DYLD_SEARCH_PATH_MAX];
		const char *text;
		size_t len;
		bool fits = false;

		if (cmd.type != LC_RPATH ||
		    macho_command_string(cmd.data, cmd.size, RPATH_CMD_FIXED, &text, &len) !=
		        MACHO_OK ||
		    len + 1 >= sizeof(rpath))
			continue;
		/* "RPATH/" + rest: the run path as a folder, expanded against its own image. */
		memcpy(rpath, text, len);
		rpath[len] = '/';
		rpath[len + 1] = '\0';
		if (!expand(s, rpath, image->path, dir, &fits) || !fits)
			continue;
		if (concat(dir, strlen(dir), rest, path))
			offer(w, path, kind);
	}
}

enum dyld_error dyld_search_each(const struct dyld_search *s, const char *name,
                                 const struct dyld_search_image *loader,
                                 const struct dyld_search_image *program, bool implicit_rpath,
                                 dyld_search_fn fn, void *ctx)
{
	struct walk w = {fn, ctx, false};
	const struct dyld_search_image *from = loader ? loader : program;
	const char *loader_path = from ? from->path : s->executable_path;
	bool rpath = strncmp(name, "@rpath/", 7) == 0, fits = false;
	char path[DYLD_SEARCH_PATH_MAX];

	if (name[0] == '\0' || strlen(name) >= DYLD_SEARCH_PATH_MAX ||
	    (!rpath && !expand(s, name, loader_path, path, &fits)))
		return DYLD_E_PATH;
	each_folder(&w, s->library_path, leaf(name), NULL, DYLD_SEARCH_OVERRIDE);
	if (rpath || (implicit_rpath && strchr(name, '/') == NULL)) {
		const char *rest = rpath ? name + 7 : name;

		each_rpath(&w, s, from, rest, DYLD_SEARCH_RPATH);
		if (program != from)
			each_rpath(&w, s, program, rest, DYLD_SEARCH_RPATH);
	}
	if (!rpath && fits)
		offer(&w, path, DYLD_SEARCH_NAME);
	each_folder(&w, s->fallback_path, leaf(name), name, DYLD_SEARCH_FALLBACK);
	return w.stop ? DYLD_OK : DYLD_E_OPEN;
}

/* The value of envp's NAME=, or NULL. */
static const char *variable(char *const *envp, const char *name)
{
	size_t len = strlen(name);

	for (; envp && *envp; envp++) {
		if (strncmp(*envp, name, len) == 0 && (*envp)[len] == '=')
			return *envp + len + 1;
	}
	return NULL;
}

void dyld_search_environment(char *const *envp, bool restricted, struct dyld_environment *env)
{
	memset(env, 0, sizeof(*env));
	env->search.fallback_path =
	    restricted ? DYLD_SEARCH_FALLBACK_RESTRICTED : DYLD_SEARCH_FALLBACK_DEFAULT;
	if (restricted)
		return;
	env->search.library_path = variable(envp, "DYLD_LIBRARY_PATH");
	if (variable(envp, "DYLD_FALLBACK_LIBRARY_PATH"))
		env->search.fallback_path = variable(envp, "DYLD_FALLBACK_LIBRARY_PATH");
	env->insert = variable(envp, "DYLD_INSERT_LIBRARIES");
	env->print_libraries = variable(envp, "DYLD_PRINT_LIBRARIES") != NULL;
}
