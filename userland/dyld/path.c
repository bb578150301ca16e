/*
 * Where a dylib name leads in this process: search.c's order over the
 * process's settings (DYLD_LIBRARY_PATH & co, read at launch), with the
 * naming image and the program as loader and main.
 */
#include "runtime.h"

enum dyld_error dyld_path_each(const char *name, const struct dyld_record *loader,
                               bool implicit_rpath, dyld_search_fn fn, void *ctx)
{
	const struct dyld_record *p = dyld_images[0];
	struct dyld_search_image program = {p->path, &p->img}, from;

	if (loader) {
		from.path = loader->path;
		from.img = &loader->img;
	}
	return dyld_search_each(&dyld_process.env.search, name, loader ? &from : NULL, &program,
	                        implicit_rpath, fn, ctx);
}
