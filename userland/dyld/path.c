/*
 * Where a dylib name leads: a plain path is itself; @executable_path/ and
 * @loader_path/ are replaced by the folder of the program or of the image
 * that names the dylib; @rpath/ is tried against each LC_RPATH of that
 * image and then of the program, in command order, each run path itself
 * expanded the same way against the image that holds it.
 */
#include <string.h>

#include "runtime.h"

#define LC_RPATH        0x8000001cu
#define RPATH_CMD_FIXED 12u /* cmd, cmdsize, path offset */

/* Writes the folder of path (with its '/') and then rest to out, if it fits. */
static bool join(const char *path, const char *rest, char out[DYLD_PATH_MAX])
{
	size_t dirlen = 0, restlen = strlen(rest);

	for (size_t i = 0; path[i]; i++) {
		if (path[i] == '/')
			dirlen = i + 1;
	}
	if (dirlen + restlen >= DYLD_PATH_MAX)
		return false;
	memcpy(out, path, dirlen);
	memcpy(out + dirlen, rest, restlen + 1);
	return true;
}

/* name without @rpath: its one path, or false if it does not fit or has another '@' form. */
static bool expand(const char *name, const char *loader_path, char out[DYLD_PATH_MAX])
{
	if (strncmp(name, "@executable_path/", 17) == 0)
		return join(dyld_process.executable_path, name + 17, out);
	if (strncmp(name, "@loader_path/", 13) == 0)
		return join(loader_path, name + 13, out);
	if (name[0] == '@' || strlen(name) >= DYLD_PATH_MAX)
		return false;
	memcpy(out, name, strlen(name) + 1);
	return true;
}

/* Tries rest under each run path of r; true once fn has had enough. */
static bool each_rpath(const struct dyld_record *r, const char *rest, dyld_path_fn fn, void *ctx)
{
	struct macho_command cmd = {.data = NULL};

	while (macho_command_next(r->img.file, &cmd)) {
		char dir[DYLD_PATH_MAX], path[DYLD_PATH_MAX], file[DYLD_PATH_MAX];
		const char *rpath;
		size_t len;

		if (cmd.type != LC_RPATH ||
		    macho_command_string(cmd.data, cmd.size, RPATH_CMD_FIXED, &rpath, &len) !=
		        MACHO_OK)
			continue;
		/* "RPATH/x" then names the file x in RPATH: join keeps up to the last '/'. */
		if (len + 2 >= DYLD_PATH_MAX)
			continue;
		memcpy(dir, rpath, len);
		memcpy(dir + len, "/x", 3);
		if (!expand(dir, r->path, path) || !join(path, rest, file))
			continue;
		if (fn(ctx, file))
			return true;
	}
	return false;
}

enum dyld_error dyld_path_each(const char *name, const struct dyld_record *loader, dyld_path_fn fn,
                               void *ctx)
{
	const char *loader_path = loader ? loader->path : dyld_process.executable_path;
	char path[DYLD_PATH_MAX];

	if (strncmp(name, "@rpath/", 7) == 0) {
		if ((loader && each_rpath(loader, name + 7, fn, ctx)) ||
		    (loader != dyld_images[0] && each_rpath(dyld_images[0], name + 7, fn, ctx)))
			return DYLD_OK;
		return DYLD_E_OPEN;
	}
	if (!expand(name, loader_path, path))
		return DYLD_E_PATH;
	return fn(ctx, path) ? DYLD_OK : DYLD_E_OPEN;
}
