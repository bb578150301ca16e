/*
 * migc: Tessera's interface compiler. Reads one MIG-style .defs file and
 * writes the client header and stubs, the server header and stubs, and the
 * routine name table:
 *
 *   migc [-I DIR]... --header F --user F --server-header F --server F
 *        --names F FILE.defs
 *
 * Errors go to stderr as "file:line: message", with exit status 1 and no
 * output files left behind.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "migc.h"

#define MAX_INCLUDE_DIRS 32

enum { OUT_HEADER, OUT_USER, OUT_SERVER_HEADER, OUT_SERVER, OUT_NAMES, NOUT };

static const char *const out_flags[NOUT] = {
    "--header", "--user", "--server-header", "--server", "--names",
};
static const char *out_paths[NOUT];

void migc_error(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	for (int i = 0; i < NOUT; i++)
		if (out_paths[i] != NULL)
			remove(out_paths[i]);
	exit(1);
}

void *migc_alloc(size_t size)
{
	void *p = calloc(1, size);
	if (p == NULL) {
		fprintf(stderr, "migc: out of memory\n");
		exit(1);
	}
	return p;
}

char *migc_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(migc_alloc(n), s, n);
}

static void usage(void)
{
	fprintf(stderr, "usage: migc [-I DIR]... --header F --user F --server-header F "
	                "--server F --names F FILE.defs\n");
	exit(2);
}

/* The last path component, as generated files #include each other by it. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void output(int which, const struct migc_interface *itf)
{
	FILE *f = fopen(out_paths[which], "w");
	if (f == NULL)
		migc_error(out_paths[which], 0, "cannot create file");
	switch (which) {
	case OUT_HEADER: migc_emit_header(f, itf); break;
	case OUT_USER: migc_emit_user(f, itf, base_name(out_paths[OUT_HEADER])); break;
	case OUT_SERVER_HEADER: migc_emit_server_header(f, itf); break;
	case OUT_SERVER: migc_emit_server(f, itf, base_name(out_paths[OUT_SERVER_HEADER])); break;
	case OUT_NAMES: migc_emit_names(f, itf); break;
	}
	if (ferror(f) || fclose(f) != 0)
		migc_error(out_paths[which], 0, "write error");
}

int main(int argc, char **argv)
{
	const char *include_dirs[MAX_INCLUDE_DIRS];
	int ninclude = 0;
	const char *input = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-I") == 0 && i + 1 < argc) {
			if (ninclude == MAX_INCLUDE_DIRS)
				usage();
			include_dirs[ninclude++] = argv[++i];
			continue;
		}
		int k;
		for (k = 0; k < NOUT; k++)
			if (strcmp(argv[i], out_flags[k]) == 0)
				break;
		if (k < NOUT && i + 1 < argc)
			out_paths[k] = argv[++i];
		else if (argv[i][0] != '-' && input == NULL)
			input = argv[i];
		else
			usage();
	}
	if (input == NULL)
		usage();
	for (int k = 0; k < NOUT; k++)
		if (out_paths[k] == NULL)
			usage();

	struct migc_interface *itf = migc_parse(input, include_dirs, ninclude);
	for (int k = 0; k < NOUT; k++)
		output(k, itf);
	return 0;
}
