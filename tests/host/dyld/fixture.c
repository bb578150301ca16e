#include "fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/check.h"
#include "tests/host/macho/testfile.h"

const char *const fixture_names[] = {
    "libfix.dylib",       "libfix_chained.dylib", "libre.dylib", "prog_opcodes.macho",
    "prog_chained.macho", "prog_weaklib.macho",   "probe",
};
const size_t fixture_count = sizeof(fixture_names) / sizeof(fixture_names[0]);

uint8_t *fixture_read(const char *name, size_t *size, bool text)
{
	char path[512];

	snprintf(path, sizeof(path), FIXTURE_DIR "%s", name);
	return testfile_read(path, size, text);
}

void lines_add(struct lines *l, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->line = realloc(l->line, l->cap * sizeof(*l->line));
		CHECK(l->line != NULL);
	}
	l->line[l->n] = strdup(buf);
	CHECK(l->line[l->n] != NULL);
	l->n++;
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void lines_sort(struct lines *l)
{
	if (l->n > 0)
		qsort(l->line, l->n, sizeof(*l->line), compare);
}

void lines_expect_equal(const struct lines *got, const struct lines *want, const char *what)
{
	bool same = got->n == want->n;

	for (size_t i = 0; same && i < got->n; i++)
		same = strcmp(got->line[i], want->line[i]) == 0;
	if (same)
		return;
	fprintf(stderr, "%s: got %zu lines, want %zu\n", what, got->n, want->n);
	for (size_t i = 0; i < got->n; i++)
		fprintf(stderr, "  got:  %s\n", got->line[i]);
	for (size_t i = 0; i < want->n; i++)
		fprintf(stderr, "  want: %s\n", want->line[i]);
	abort();
}

void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	memset(l, 0, sizeof(*l));
}

size_t fields_split(char *line, char **field, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *tok = strtok_r(line, " \t", &save); tok != NULL && n < max;
	     tok = strtok_r(NULL, " \t", &save))
		field[n++] = tok;
	return n;
}

uint64_t fixture_nm(const char *nm, const char *symbol)
{
	size_t len = strlen(symbol);

	for (const char *line = nm; *line != '\0';) {
		const char *end = strchr(line, '\n');

		if (end == NULL)
			end = line + strlen(line);
		/* "ADDRESS (SEG,SECT) ... NAME" with NAME last on the line. */
		if ((size_t)(end - line) > len && memcmp(end - len, symbol, len) == 0 &&
		    end[-(long)len - 1] == ' ' && line[0] != ' ')
			return strtoull(line, NULL, 16);
		line = *end ? end + 1 : end;
	}
	fprintf(stderr, "llvm-nm has no %s\n", symbol);
	abort();
}

void fixture_parse(const uint8_t *file, size_t size, struct dyld_image *img)
{
	enum dyld_error err = dyld_image_parse(file, size, img);

	if (err != DYLD_OK) {
		fprintf(stderr, "dyld_image_parse: %s (%s, command %u)\n", dyld_strerror(err),
		        macho_strerror(img->macho_error), img->error_cmd);
		abort();
	}
}

uint8_t *fixture_map(const struct dyld_image *img)
{
	uint8_t *mem = calloc(1, img->macho.vm_end - img->macho.vm_start);

	CHECK(mem != NULL);
	for (unsigned i = 0; i < img->macho.nsegments; i++) {
		struct macho_load_step step;

		macho_plan_segment(img->file, &img->macho.segments[i], &step);
		memcpy(mem + (step.map_start - img->macho.vm_start), step.src, step.copy_size);
	}
	return mem;
}

const char *fixture_dylib_name(const struct dyld_image *img, int64_t ordinal, char *buf,
                               size_t size)
{
	const char *base, *dot;

	switch (ordinal) {
	case DYLD_ORDINAL_SELF: return "this-image";
	case DYLD_ORDINAL_MAIN: return "main-executable";
	case DYLD_ORDINAL_FLAT_LOOKUP: return "flat-namespace";
	case DYLD_ORDINAL_WEAK_LOOKUP: return "weak";
	}
	CHECK(ordinal >= 1 && ordinal <= (int64_t)img->ndylibs);
	base = strrchr(img->dylibs[ordinal - 1].path, '/');
	base = base ? base + 1 : img->dylibs[ordinal - 1].path;
	dot = strchr(base, '.');
	snprintf(buf, size, "%.*s", dot ? (int)(dot - base) : (int)strlen(base), base);
	return buf;
}
