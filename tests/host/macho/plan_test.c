/*
 * The parser's load plan for real ld64.lld executables, against LLVM's own
 * tools as the oracle: llvm-otool -l for the segments, LC_MAIN, the dylinker
 * and the load commands that import (dylibs, bind opcodes, undefined symbols),
 * llvm-objdump --chained-fixups for imports and chain starts, llvm-nm for the
 * entry symbol's address. Then the plan is carried out in a buffer standing
 * for the address space, and the bytes at llvm-nm's addresses must be the
 * program's own data, with the zero fill in place.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/check.h"
#include "kern/macho.h"
#include "testfile.h"

#define DIR "tests/host/macho/"

#define PAGE_MASK ((uint64_t)MACHO_PAGE_SIZE - 1)

/* As in big.c. */
#define GREETING     "Tessera starts its bootstrap from Mach-O"
#define COUNTER      0x12345678u
#define SCRATCH_SIZE 100000
#define BRK_0        0xd4200000u /* tiny.S's first instruction */

struct program {
	const char *name;
	const char *entry; /* the entry point's Mach-O symbol */
	bool needs_dylinker;
	bool chained_pointers;
};

static const struct program programs[] = {
    {"tiny", "_boot", false, false},
    {"big", "__start", false, false},
    {"big_chained", "__start", false, true},
    {"imports_dylib", "__start", true, false},
    {"imports_chained", "__start", true, true},
    {"imports_lookup", "__start", true, false},
};

/* What the LLVM tools say about one program. */
struct oracle {
	struct macho_segment segments[MACHO_MAX_SEGMENTS + 1]; /* __PAGEZERO too */
	unsigned nsegments;
	bool has_main;
	uint64_t entryoff;
	uint64_t stacksize;
	char dylinker[MACHO_DYLINKER_MAX];
	unsigned ndylibs;      /* LC_*_DYLIB commands */
	uint64_t bind_bytes;   /* bind + weak bind + lazy bind opcode bytes */
	uint64_t undefined;    /* nundefsym + nextrel */
	uint64_t imports;      /* chained fixups imports_count */
	unsigned chain_starts; /* page_start entries other than NONE */
	char *nm;              /* llvm-nm's output */
};

static bool is_dylib_command(const char *cmd)
{
	static const char *const names[] = {
	    "LC_LOAD_DYLIB",        "LC_LOAD_WEAK_DYLIB", "LC_REEXPORT_DYLIB",
	    "LC_LOAD_UPWARD_DYLIB", "LC_LAZY_LOAD_DYLIB",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(cmd, names[i]) == 0)
			return true;
	}
	return false;
}

static void copy_string(char *dst, size_t size, const char *src)
{
	CHECK(strlen(src) < size);
	strcpy(dst, src);
}

/* llvm-otool -l: "Load command N", then "key value" lines; sections after "Section". */
static void read_otool(const char *path, struct oracle *o)
{
	size_t size;
	char *text = (char *)testfile_read(path, &size, true);
	char cmd[64] = "";
	bool in_section = false;
	struct macho_segment *seg = NULL;

	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		char key[64], value[256];
		uint64_t v;

		if (strncmp(line, "Load command ", 13) == 0) {
			cmd[0] = '\0';
			in_section = false;
			seg = NULL;
			continue;
		}
		if (strcmp(line, "Section") == 0) {
			in_section = true;
			continue;
		}
		if (in_section || sscanf(line, " %63s %255s", key, value) != 2)
			continue;
		if (strcmp(key, "cmd") == 0) {
			copy_string(cmd, sizeof(cmd), value);
			if (strcmp(cmd, "LC_SEGMENT_64") == 0) {
				CHECK(o->nsegments < MACHO_MAX_SEGMENTS + 1);
				seg = &o->segments[o->nsegments++];
			} else if (strcmp(cmd, "LC_MAIN") == 0) {
				o->has_main = true;
			} else if (is_dylib_command(cmd)) {
				o->ndylibs++;
			}
			continue;
		}
		v = strtoull(value, NULL, 0);
		if (seg != NULL) {
			if (strcmp(key, "segname") == 0)
				copy_string(seg->name, sizeof(seg->name), value);
			else if (strcmp(key, "vmaddr") == 0)
				seg->vmaddr = v;
			else if (strcmp(key, "vmsize") == 0)
				seg->vmsize = v;
			else if (strcmp(key, "fileoff") == 0)
				seg->fileoff = v;
			else if (strcmp(key, "filesize") == 0)
				seg->filesize = v;
			else if (strcmp(key, "maxprot") == 0)
				seg->maxprot = (uint32_t)v;
			else if (strcmp(key, "initprot") == 0)
				seg->initprot = (uint32_t)v;
		} else if (strcmp(cmd, "LC_MAIN") == 0) {
			if (strcmp(key, "entryoff") == 0)
				o->entryoff = v;
			else if (strcmp(key, "stacksize") == 0)
				o->stacksize = v;
		} else if (strcmp(cmd, "LC_LOAD_DYLINKER") == 0 && strcmp(key, "name") == 0) {
			copy_string(o->dylinker, sizeof(o->dylinker), value);
		} else if (strncmp(cmd, "LC_DYLD_INFO", 12) == 0) {
			if (strcmp(key, "bind_size") == 0 || strcmp(key, "weak_bind_size") == 0 ||
			    strcmp(key, "lazy_bind_size") == 0)
				o->bind_bytes += v;
		} else if (strcmp(cmd, "LC_DYSYMTAB") == 0) {
			if (strcmp(key, "nundefsym") == 0 || strcmp(key, "nextrel") == 0)
				o->undefined += v;
		}
	}
	free(text);
}

/* llvm-objdump --macho --chained-fixups: "imports_count = N", "page_start[i] = N". */
static void read_fixups(const char *path, struct oracle *o)
{
	size_t size;
	char *text = (char *)testfile_read(path, &size, true);

	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		unsigned long long v;
		const char *start = strstr(line, "page_start[");

		if (sscanf(line, " imports_count = %llu", &v) == 1)
			o->imports = v;
		if (start != NULL) {
			start = strchr(start, '=');
			CHECK(start != NULL);
			if (strtoull(start + 1, NULL, 0) != 0xffff)
				o->chain_starts++;
		}
	}
	free(text);
}

/* The address llvm-nm gives symbol. */
static uint64_t nm_address(const struct oracle *o, const char *symbol)
{
	const char *line = o->nm;

	while (*line != '\0') {
		unsigned long long addr;
		char type, name[256];

		if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 &&
		    strcmp(name, symbol) == 0)
			return addr;
		line = strchr(line, '\n');
		CHECK(line != NULL);
		line++;
	}
	fprintf(stderr, "llvm-nm does not list %s\n", symbol);
	abort();
}

/*
 * Carries out the plan in a buffer standing for [vm_start, vm_end), filled
 * with a pattern first so that missing zero fill shows.
 */
static uint8_t *load(const uint8_t *image, size_t size, const struct macho_image *img)
{
	uint8_t *mem = malloc(img->vm_end - img->vm_start);

	CHECK(mem != NULL);
	memset(mem, 0xa5, img->vm_end - img->vm_start);
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct macho_segment *seg = &img->segments[i];
		struct macho_load_step step;

		macho_plan_segment(image, seg, &step);
		CHECK(step.map_start == seg->vmaddr);
		CHECK(step.map_size == ((seg->vmsize + PAGE_MASK) & ~PAGE_MASK));
		CHECK(step.src == image + seg->fileoff);
		CHECK(step.copy_size == seg->filesize);
		CHECK(step.src + step.copy_size <= image + size);
		CHECK(step.zero_start == step.map_start + step.copy_size);
		CHECK(step.copy_size + step.zero_size == step.map_size);
		CHECK(step.prot == seg->initprot);
		CHECK(step.map_start >= img->vm_start);
		CHECK(step.map_start + step.map_size <= img->vm_end);
		memcpy(mem + (step.map_start - img->vm_start), step.src, step.copy_size);
		memset(mem + (step.zero_start - img->vm_start), 0, step.zero_size);
	}
	return mem;
}

static uint32_t read32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t read64(const uint8_t *p)
{
	return read32(p) | (uint64_t)read32(p + 4) << 32;
}

/* big: constant data, initialised data, a pointer and zero fill, where nm says. */
static void check_big_load(const struct oracle *o, const uint8_t *mem,
                           const struct macho_image *img, bool plain_pointers)
{
	const uint8_t *greeting = mem + (nm_address(o, "_greeting") - img->vm_start);
	const uint8_t *counter = mem + (nm_address(o, "_counter") - img->vm_start);
	const uint8_t *scratch = mem + (nm_address(o, "_scratch") - img->vm_start);
	const uint8_t *ptr = mem + (nm_address(o, "_greeting_ptr") - img->vm_start);

	CHECK(memcmp(greeting, GREETING, sizeof(GREETING)) == 0);
	CHECK(read32(counter) == COUNTER);
	for (size_t i = 0; i < SCRATCH_SIZE; i++)
		CHECK(scratch[i] == 0);
	/* With no slide a classic rebase is a no-op: the file holds the address. */
	if (plain_pointers)
		CHECK(read64(ptr) == nm_address(o, "_greeting"));
}

/* dyld's view of an executable is the kernel's, and its commands can be walked. */
static void check_loadable(const uint8_t *image, size_t size, const struct macho_image *img)
{
	struct macho_image again;
	struct macho_command cmd = {.data = NULL};
	uint32_t n = 0;
	uint64_t bytes = 0;

	CHECK(macho_parse_loadable(image, size, &again) == MACHO_OK);
	CHECK(memcmp(&again, img, sizeof(again)) == 0);
	CHECK(img->filetype == MACHO_FILETYPE_EXECUTE);
	while (macho_command_next(image, &cmd)) {
		CHECK(cmd.index == n++);
		CHECK(cmd.data == image + 32 + bytes);
		CHECK(cmd.type == read32(cmd.data) && cmd.size == read32(cmd.data + 4));
		bytes += cmd.size;
	}
	CHECK(n == read32(image + 16) && bytes == read32(image + 20));
}

/* A dylib: not for the kernel, but dyld's to load, with no entry point. */
static void check_dylib(void)
{
	struct macho_image img;
	size_t size;
	uint8_t *image = testfile_read(DIR "libtiny.dylib", &size, false);

	CHECK(macho_parse(image, size, &img) == MACHO_E_FILETYPE);
	CHECK(macho_parse_loadable(image, size, &img) == MACHO_OK);
	CHECK(img.filetype == MACHO_FILETYPE_DYLIB);
	CHECK(!img.has_main && !img.has_unixthread && img.entry == 0);
	CHECK(img.pagezero_size == 0 && img.vm_start == 0);
	CHECK(img.nsegments >= 2 && strcmp(img.segments[0].name, "__TEXT") == 0);
	CHECK(img.segments[0].index == 0 && img.segments[1].index == 1);
	free(image);
}

static void check_program(const struct program *p)
{
	char path[256];
	struct oracle o;
	struct macho_image img;
	const struct macho_segment *text;
	uint64_t pagezero = 0, vm_start = UINT64_MAX, vm_end = 0;
	unsigned n = 0;
	enum macho_error err;
	uint8_t *image, *mem;
	size_t size, nm_size;

	memset(&o, 0, sizeof(o));
	snprintf(path, sizeof(path), DIR "%s", p->name);
	image = testfile_read(path, &size, false);
	snprintf(path, sizeof(path), DIR "%s.otool", p->name);
	read_otool(path, &o);
	snprintf(path, sizeof(path), DIR "%s.fixups", p->name);
	read_fixups(path, &o);
	snprintf(path, sizeof(path), DIR "%s.nm", p->name);
	o.nm = (char *)testfile_read(path, &nm_size, true);

	err = macho_parse(image, size, &img);
	if (err != MACHO_OK) {
		fprintf(stderr, "%s: %s (load command %u)\n", p->name, macho_strerror(err),
		        img.error_cmd);
		abort();
	}

	/* Segments in load-command order; __PAGEZERO becomes pagezero_size. */
	for (unsigned i = 0; i < o.nsegments; i++) {
		const struct macho_segment *want = &o.segments[i];
		const struct macho_segment *got;

		if (strcmp(want->name, "__PAGEZERO") == 0) {
			pagezero = want->vmsize;
			continue;
		}
		CHECK(n < img.nsegments);
		got = &img.segments[n++];
		CHECK(strcmp(got->name, want->name) == 0);
		CHECK(got->vmaddr == want->vmaddr);
		CHECK(got->vmsize == want->vmsize);
		CHECK(got->fileoff == want->fileoff);
		CHECK(got->filesize == want->filesize);
		CHECK(got->maxprot == want->maxprot);
		CHECK(got->initprot == want->initprot);
		CHECK(got->index == i);
		if (want->vmaddr < vm_start)
			vm_start = want->vmaddr;
		if (want->vmaddr + ((want->vmsize + PAGE_MASK) & ~PAGE_MASK) > vm_end)
			vm_end = want->vmaddr + ((want->vmsize + PAGE_MASK) & ~PAGE_MASK);
	}
	CHECK(n == img.nsegments);
	CHECK(img.pagezero_size == pagezero);
	CHECK(img.vm_start == vm_start);
	CHECK(img.vm_end == vm_end);

	/* The entry point: __TEXT's address + entryoff, which is the entry symbol. */
	CHECK(o.has_main && img.has_main && !img.has_unixthread);
	text = macho_find_segment(&img, "__TEXT");
	CHECK(text != NULL);
	CHECK(img.entry == text->vmaddr + o.entryoff);
	CHECK(img.entry == nm_address(&o, p->entry));
	CHECK(img.stack_size == o.stacksize);
	CHECK(strcmp(img.dylinker, o.dylinker) == 0);

	/* Imports, as the tools see them and as the program was built. */
	CHECK(img.needs_dylinker ==
	      (o.ndylibs > 0 || o.bind_bytes > 0 || o.undefined > 0 || o.imports > 0));
	CHECK(img.needs_dylinker == p->needs_dylinker);
	CHECK(img.chained_pointers == (o.chain_starts > 0));
	CHECK(img.chained_pointers == p->chained_pointers);
	CHECK(macho_self_contained(&img) == (!p->needs_dylinker && !p->chained_pointers));

	check_loadable(image, size, &img);

	mem = load(image, size, &img);
	if (strcmp(p->name, "tiny") == 0)
		CHECK(read32(mem + (img.entry - img.vm_start)) == BRK_0);
	if (strncmp(p->name, "big", 3) == 0)
		check_big_load(&o, mem, &img, !p->chained_pointers);

	printf("%s: %u segments, entry %#llx,%s%s%s\n", p->name, img.nsegments,
	       (unsigned long long)img.entry, img.needs_dylinker ? " imports" : "",
	       img.chained_pointers ? " chained pointers" : "",
	       macho_self_contained(&img) ? " self-contained" : "");
	free(mem);
	free(o.nm);
	free(image);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(programs) / sizeof(programs[0]); i++)
		check_program(&programs[i]);
	check_dylib();
	printf("PASS\n");
	return 0;
}
