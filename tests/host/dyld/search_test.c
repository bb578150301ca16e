/*
 * The dylib search order (dyld/search.h): DYLD_LIBRARY_PATH with the leaf,
 * the name itself with @executable_path/@loader_path/@rpath expanded (run
 * paths of the loader, then of the program, each against its own image),
 * dlopen's implicit run paths for a bare leaf, then the fallback folders
 * (skipping the name itself); stopping early; refusals; and the DYLD_*
 * variables read from an environment, ignored for a set-id process.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dyld/search.h"
#include "host/check.h"

#define LC_RPATH 0x8000001cu

/* A header and LC_RPATH commands: all macho_command_next reads. */
struct fake_image {
	uint8_t file[1024];
	struct dyld_image img;
};

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void make_image(struct fake_image *f, const char *const *rpaths)
{
	uint32_t off = 32, n = 0;

	memset(f, 0, sizeof(*f));
	put32(f->file, 0xfeedfacfu);
	for (; rpaths[n]; n++) {
		uint32_t len = (uint32_t)strlen(rpaths[n]) + 1, size = (12 + len + 7) & ~7u;

		put32(f->file + off, LC_RPATH);
		put32(f->file + off + 4, size);
		put32(f->file + off + 8, 12);
		memcpy(f->file + off + 12, rpaths[n], len);
		off += size;
	}
	put32(f->file + 16, n);
	put32(f->file + 20, off - 32);
	f->img.file = f->file;
	f->img.file_size = off;
}

/* Every candidate, one a line, with its kind's letter first; stops at `stop_at`. */
struct seen {
	char text[4096];
	const char *stop_at;
};

static bool record(void *ctx, const char *path, enum dyld_search_kind kind)
{
	struct seen *s = ctx;
	static const char letters[] = "ONRF";

	size_t n = strlen(s->text);
	snprintf(s->text + n, sizeof(s->text) - n, "%c %s\n", letters[kind], path);
	return s->stop_at && strcmp(path, s->stop_at) == 0;
}

static const char *search(const struct dyld_search *cfg, const char *name,
                          const struct dyld_search_image *loader,
                          const struct dyld_search_image *program, bool implicit,
                          const char *stop_at, enum dyld_error expect)
{
	static struct seen s;

	memset(&s, 0, sizeof(s));
	s.stop_at = stop_at;
	CHECK(dyld_search_each(cfg, name, loader, program, implicit, record, &s) == expect);
	return s.text;
}

int main(void)
{
	static struct fake_image prog, lib, none;
	struct dyld_search plain = {"/bin/prog", NULL, NULL};
	struct dyld_search env = {"/bin/prog", "/lp1::/lp2", "/fb1:/usr/lib"};
	struct dyld_search_image p = {"/bin/prog", &prog.img}, l = {"/opt/x/libl.dylib", &lib.img};
	struct dyld_environment e;

	make_image(&prog, (const char *const[]){"/prog/rp", "@executable_path/../lib", NULL});
	make_image(&lib, (const char *const[]){"@loader_path/sub", NULL});
	make_image(&none, (const char *const[]){NULL});

	/* A plain path, with nothing set: itself only. */
	CHECK(strcmp(search(&plain, "/usr/lib/libz.dylib", &l, &p, false, NULL, DYLD_E_OPEN),
	             "N /usr/lib/libz.dylib\n") == 0);
	/* The overrides with its leaf first, then itself, then the fallbacks (an empty entry is
	 * none). */
	CHECK(strcmp(search(&env, "/a/libz.dylib", &l, &p, false, NULL, DYLD_E_OPEN),
	             "O /lp1/libz.dylib\nO /lp2/libz.dylib\nN /a/libz.dylib\n"
	             "F /fb1/libz.dylib\nF /usr/lib/libz.dylib\n") == 0);
	/* A fallback that is the name itself is not tried twice. */
	CHECK(strcmp(search(&env, "/usr/lib/libz.dylib", &l, &p, false, NULL, DYLD_E_OPEN),
	             "O /lp1/libz.dylib\nO /lp2/libz.dylib\nN /usr/lib/libz.dylib\n"
	             "F /fb1/libz.dylib\n") == 0);
	/* The first candidate fn accepts ends the search. */
	CHECK(strcmp(search(&env, "/a/libz.dylib", &l, &p, false, "/a/libz.dylib", DYLD_OK),
	             "O /lp1/libz.dylib\nO /lp2/libz.dylib\nN /a/libz.dylib\n") == 0);
	/* @executable_path and @loader_path. */
	CHECK(
	    strcmp(search(&plain, "@executable_path/libe.dylib", &l, &p, false, NULL, DYLD_E_OPEN),
	           "N /bin/libe.dylib\n") == 0);
	CHECK(strcmp(search(&plain, "@loader_path/libe.dylib", &l, &p, false, NULL, DYLD_E_OPEN),
	             "N /opt/x/libe.dylib\n") == 0);
	/* Without a loader, @loader_path is the program's folder. */
	CHECK(strcmp(search(&plain, "@loader_path/libe.dylib", NULL, &p, false, NULL, DYLD_E_OPEN),
	             "N /bin/libe.dylib\n") == 0);
	/* @rpath: the loader's run paths, then the program's, each against its own image. */
	CHECK(strcmp(search(&env, "@rpath/libr.dylib", &l, &p, false, NULL, DYLD_E_OPEN),
	             "O /lp1/libr.dylib\nO /lp2/libr.dylib\nR /opt/x/sub/libr.dylib\n"
	             "R /prog/rp/libr.dylib\nR /bin/../lib/libr.dylib\n"
	             "F /fb1/libr.dylib\nF /usr/lib/libr.dylib\n") == 0);
	/* From the program itself its run paths come once. */
	CHECK(strcmp(search(&plain, "@rpath/libr.dylib", &p, &p, false, NULL, DYLD_E_OPEN),
	             "R /prog/rp/libr.dylib\nR /bin/../lib/libr.dylib\n") == 0);
	/* dlopen of a bare leaf: the run paths, then the name as given. */
	CHECK(strcmp(search(&plain, "libq.dylib", &l, &p, true, NULL, DYLD_E_OPEN),
	             "R /opt/x/sub/libq.dylib\nR /prog/rp/libq.dylib\nR /bin/../lib/libq.dylib\n"
	             "N libq.dylib\n") == 0);
	/* ... but not a name with a folder, nor a dependency's leaf. */
	CHECK(strcmp(search(&plain, "d/libq.dylib", &l, &p, true, NULL, DYLD_E_OPEN),
	             "N d/libq.dylib\n") == 0);
	CHECK(strcmp(search(&plain, "libq.dylib", &l, &p, false, NULL, DYLD_E_OPEN),
	             "N libq.dylib\n") == 0);
	/* An image without run paths, and an unknown '@' form, an empty or overlong name. */
	struct dyld_search_image n = {"/n/libn.dylib", &none.img};
	CHECK(strcmp(search(&plain, "@rpath/libr.dylib", &n, &n, false, NULL, DYLD_E_OPEN), "") ==
	      0);
	CHECK(strcmp(search(&env, "@other/libr.dylib", &l, &p, false, NULL, DYLD_E_PATH), "") == 0);
	CHECK(strcmp(search(&env, "", &l, &p, false, NULL, DYLD_E_PATH), "") == 0);
	static char longname[DYLD_SEARCH_PATH_MAX + 8];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	CHECK(strcmp(search(&env, longname, &l, &p, false, NULL, DYLD_E_PATH), "") == 0);
	/* A candidate too long to build is skipped, the rest still come. */
	static char longdir[DYLD_SEARCH_PATH_MAX + 8];
	memset(longdir, 'b', DYLD_SEARCH_PATH_MAX - 4);
	longdir[0] = '/';
	memcpy(longdir + DYLD_SEARCH_PATH_MAX - 4, ":/ok", 5);
	struct dyld_search tight = {"/bin/prog", longdir, NULL};
	CHECK(strcmp(search(&tight, "/a/libz.dylib", &l, &p, false, NULL, DYLD_E_OPEN),
	             "O /ok/libz.dylib\nN /a/libz.dylib\n") == 0);

	/* The environment: the variables, the default fallback, set-id processes. */
	char *vars[] = {"HOME=/",
	                "DYLD_LIBRARY_PATH=/l",
	                "DYLD_FALLBACK_LIBRARY_PATH=/f",
	                "DYLD_INSERT_LIBRARIES=/i.dylib",
	                "DYLD_PRINT_LIBRARIES=",
	                NULL};
	dyld_search_environment(vars, false, &e);
	CHECK(strcmp(e.search.library_path, "/l") == 0 &&
	      strcmp(e.search.fallback_path, "/f") == 0);
	CHECK(strcmp(e.insert, "/i.dylib") == 0 && e.print_libraries);
	dyld_search_environment(vars, true, &e);
	CHECK(e.search.library_path == NULL && e.insert == NULL && !e.print_libraries);
	CHECK(strcmp(e.search.fallback_path, DYLD_SEARCH_FALLBACK_RESTRICTED) == 0);
	char *others[] = {"DYLD_LIBRARY_PATHX=/x", "XDYLD_INSERT_LIBRARIES=/y", NULL};
	dyld_search_environment(others, false, &e);
	CHECK(e.search.library_path == NULL && e.insert == NULL && !e.print_libraries);
	CHECK(strcmp(e.search.fallback_path, DYLD_SEARCH_FALLBACK_DEFAULT) == 0);
	dyld_search_environment(NULL, false, &e);
	CHECK(e.search.library_path == NULL);
	puts("search_test: ok");
	return 0;
}
