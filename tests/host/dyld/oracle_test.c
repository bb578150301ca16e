/*
 * dyld's parsers against LLVM's tools, on real lld-14 and lld-16 output:
 * the dylibs, install name and special sections against llvm-otool -l; the
 * opcode streams against llvm-objdump --rebase/--bind/--lazy-bind/--weak-bind;
 * the chains against llvm-objdump --dyld-info (pointer format 2); the
 * exports trie against llvm-objdump --exports-trie.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyld/chained.h"
#include "dyld/opcodes.h"
#include "dyld/symtab.h"
#include "dyld/trie.h"
#include "fixture.h"
#include "host/check.h"

static char *oracle(const char *fixture, const char *what)
{
	char name[256];
	size_t size;

	snprintf(name, sizeof(name), "%s.%s", fixture, what);
	return (char *)fixture_read(name, &size, true);
}

static const char *segname(const struct dyld_image *img, unsigned seg)
{
	return dyld_image_segment(img, seg)->name;
}

/* --- llvm-otool -l --- */

static void check_commands(const char *fixture, const struct dyld_image *img)
{
	char *text = oracle(fixture, "otool"), *save = NULL;
	struct lines got = {0}, want = {0};
	char cmd[64] = "", sect[32] = "", seg[32] = "";
	uint64_t addr = 0, size = 0;
	unsigned nsegs = 0;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[8];
		size_t n = fields_split(line, f, 8);

		if (n >= 2 && strcmp(f[0], "cmd") == 0) {
			snprintf(cmd, sizeof(cmd), "%s", f[1]);
			nsegs += strcmp(f[1], "LC_SEGMENT_64") == 0;
		} else if (n == 2 && strcmp(cmd, "LC_DYSYMTAB") == 0 &&
		           (strcmp(f[0], "iextdefsym") == 0 || strcmp(f[0], "nextdefsym") == 0 ||
		            strcmp(f[0], "iundefsym") == 0 || strcmp(f[0], "nundefsym") == 0 ||
		            strcmp(f[0], "nindirectsyms") == 0)) {
			lines_add(&want, "%s %s", f[0], f[1]);
		} else if (n == 2 && strcmp(cmd, "LC_SYMTAB") == 0 && strcmp(f[0], "nsyms") == 0) {
			lines_add(&want, "nsyms %s", f[1]);
		} else if (n >= 2 && strcmp(f[0], "name") == 0 && strstr(cmd, "DYLIB")) {
			lines_add(&want, "%s %s", cmd, f[1]);
		} else if (n == 2 && strcmp(f[0], "sectname") == 0) {
			snprintf(sect, sizeof(sect), "%s", f[1]);
		} else if (n == 2 && strcmp(f[0], "segname") == 0) {
			snprintf(seg, sizeof(seg), "%s", f[1]);
		} else if (n == 2 && strcmp(f[0], "addr") == 0) {
			addr = strtoull(f[1], NULL, 16);
		} else if (n == 2 && strcmp(f[0], "size") == 0) {
			size = strtoull(f[1], NULL, 16);
		} else if (n == 2 && strcmp(f[0], "flags") == 0 && sect[0] != '\0') {
			uint32_t type = (uint32_t)strtoul(f[1], NULL, 16) & 0xff;

			if (type == DYLD_S_MOD_INIT_FUNC || type == DYLD_S_INIT_OFFSETS ||
			    type == DYLD_S_THREAD_LOCAL_VARS || type == DYLD_S_THREAD_LOCAL_DATA ||
			    type == DYLD_S_THREAD_LOCAL_BSS)
				lines_add(&want, "section %s,%s %#x %#" PRIx64 " %#" PRIx64, seg,
				          sect, type, addr, size);
			sect[0] = '\0';
		}
	}

	static const char *const kinds[] = {"LC_LOAD_DYLIB", "LC_LOAD_WEAK_DYLIB",
	                                    "LC_REEXPORT_DYLIB", "LC_LOAD_UPWARD_DYLIB",
	                                    "LC_LAZY_LOAD_DYLIB"};
	if (img->install_name)
		lines_add(&got, "LC_ID_DYLIB %s", img->install_name);
	for (unsigned i = 0; i < img->ndylibs; i++)
		lines_add(&got, "%s %s", kinds[img->dylibs[i].kind], img->dylibs[i].path);
	for (unsigned i = 0; i < img->nsections; i++) {
		const struct dyld_section *s = &img->sections[i];

		lines_add(&got, "section %s,%s %#x %#" PRIx64 " %#" PRIx64, s->segname, s->sectname,
		          s->type, s->addr, s->size);
	}
	lines_add(&got, "iextdefsym %u", img->iextdefsym);
	lines_add(&got, "nextdefsym %u", img->nextdefsym);
	lines_add(&got, "iundefsym %u", img->iundefsym);
	lines_add(&got, "nundefsym %u", img->nundefsym);
	lines_add(&got, "nindirectsyms %u", img->indirect.size / 4);
	lines_add(&got, "nsyms %u", img->nsymbols);
	lines_sort(&got);
	lines_sort(&want);
	lines_expect_equal(&got, &want, fixture);
	CHECK(nsegs == img->nsegs);
	lines_free(&got);
	lines_free(&want);
	free(text);
}

/* --- llvm-objdump --rebase --bind --lazy-bind --weak-bind --- */

struct collect {
	const struct dyld_image *img;
	struct lines *lines;
	struct lines lazy; /* lazy binds as they were walked, for dyld_opcodes_lazy_bind_at */
	uint32_t lazy_offset[64];
	unsigned nlazy;
};

static void format_fixup(const struct collect *c, const struct dyld_fixup *fx, char *buf,
                         size_t size)
{
	char lib[64];
	const char *weak = fx->weak_import ? " weak" : "";

	switch (fx->kind) {
	case DYLD_FIXUP_REBASE:
		snprintf(buf, size, "R %s %#" PRIx64, segname(c->img, fx->segment), fx->address);
		break;
	case DYLD_FIXUP_BIND:
		snprintf(buf, size, "B %s %#" PRIx64 " %" PRId64 " %s %s%s",
		         segname(c->img, fx->segment), fx->address, fx->addend,
		         fixture_dylib_name(c->img, fx->ordinal, lib, sizeof(lib)), fx->symbol,
		         weak);
		break;
	case DYLD_FIXUP_LAZY_BIND:
		snprintf(buf, size, "L %s %#" PRIx64 " %s %s", segname(c->img, fx->segment),
		         fx->address, fixture_dylib_name(c->img, fx->ordinal, lib, sizeof(lib)),
		         fx->symbol);
		break;
	case DYLD_FIXUP_WEAK_BIND:
		snprintf(buf, size, "W %s %#" PRIx64 " %" PRId64 " %s",
		         segname(c->img, fx->segment), fx->address, fx->addend, fx->symbol);
		break;
	}
}

static enum dyld_error collect_fixup(void *ctx, const struct dyld_fixup *fx)
{
	struct collect *c = ctx;
	char buf[512];

	format_fixup(c, fx, buf, sizeof(buf));
	lines_add(c->lines, "%s", buf);
	if (fx->kind == DYLD_FIXUP_LAZY_BIND) {
		CHECK(c->nlazy < 64);
		c->lazy_offset[c->nlazy++] = fx->lazy_offset;
		lines_add(&c->lazy, "%s", buf);
	}
	return DYLD_OK;
}

static void read_opcode_tables(const char *fixture, struct lines *want)
{
	char *text = oracle(fixture, "opcodes"), *save = NULL;
	char table = 0;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[10];
		size_t n;

		if (strstr(line, " table:")) {
			table = strncmp(line, "Rebase", 6) == 0 ? 'R'
			        : strncmp(line, "Bind", 4) == 0 ? 'B'
			        : strncmp(line, "Lazy", 4) == 0 ? 'L'
			                                        : 'W';
			continue;
		}
		n = fields_split(line, f, 10);
		if (table == 0 || n < 4 || strcmp(f[0], "segment") == 0)
			continue;
		if (table == 'R')
			lines_add(want, "R %s %#llx", f[0], strtoull(f[2], NULL, 16));
		else if (table == 'B')
			lines_add(want, "B %s %#llx %s %s %s%s", f[0], strtoull(f[2], NULL, 16),
			          f[4], f[5], f[6], n > 7 ? " weak" : "");
		else if (table == 'L')
			lines_add(want, "L %s %#llx %s %s", f[0], strtoull(f[2], NULL, 16), f[3],
			          f[4]);
		else
			lines_add(want, "W %s %#llx %s %s", f[0], strtoull(f[2], NULL, 16), f[4],
			          f[5]);
	}
	free(text);
}

static void check_opcodes(const char *fixture, const struct dyld_image *img)
{
	struct lines got = {0}, want = {0};
	struct collect c = {.img = img, .lines = &got};

	read_opcode_tables(fixture, &want);
	CHECK(dyld_opcodes_rebases(img, collect_fixup, &c) == DYLD_OK);
	CHECK(dyld_opcodes_binds(img, DYLD_FIXUP_BIND, collect_fixup, &c) == DYLD_OK);
	CHECK(dyld_opcodes_binds(img, DYLD_FIXUP_LAZY_BIND, collect_fixup, &c) == DYLD_OK);
	CHECK(dyld_opcodes_binds(img, DYLD_FIXUP_WEAK_BIND, collect_fixup, &c) == DYLD_OK);
	lines_sort(&got);
	lines_sort(&want);
	lines_expect_equal(&got, &want, fixture);

	/* Each lazy record, bound alone as the stub binder would, is the same bind. */
	for (unsigned i = 0; i < c.nlazy; i++) {
		struct lines one = {0};
		struct collect c1 = {.img = img, .lines = &one};

		CHECK(dyld_opcodes_lazy_bind_at(img, c.lazy_offset[i], collect_fixup, &c1) ==
		      DYLD_OK);
		CHECK(one.n == 1 && strcmp(one.line[0], c.lazy.line[i]) == 0);
		lines_free(&one);
		lines_free(&c1.lazy);
	}
	CHECK(dyld_opcodes_lazy_bind_at(img, img->lazy_bind.size, collect_fixup, &c) ==
	      DYLD_E_LAZY_OFFSET);
	printf("%s: %zu opcode fixups, %u lazy\n", fixture, got.n, c.nlazy);
	lines_free(&got);
	lines_free(&want);
	lines_free(&c.lazy);
}

/* --- llvm-objdump --dyld-info (chained fixups) --- */

static enum dyld_error collect_chained(void *ctx, const struct dyld_fixup *fx)
{
	struct collect *c = ctx;
	char lib[64];

	if (fx->kind == DYLD_FIXUP_REBASE)
		lines_add(c->lines, "R %s %#" PRIx64 " %#" PRIx64, segname(c->img, fx->segment),
		          fx->address, fx->target | (uint64_t)fx->high8 << 56);
	else
		lines_add(c->lines, "B %s %#" PRIx64 " %#" PRIx64 " %s %s%s",
		          segname(c->img, fx->segment), fx->address, (uint64_t)fx->addend,
		          fixture_dylib_name(c->img, fx->ordinal, lib, sizeof(lib)), fx->symbol,
		          fx->weak_import ? " weak" : "");
	return DYLD_OK;
}

static void check_chained(const char *fixture, const struct dyld_image *img)
{
	char *text = oracle(fixture, "chained"), *save = NULL;
	struct lines got = {0}, want = {0};
	struct collect c = {.img = img, .lines = &got};

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[12];
		size_t n = fields_split(line, f, 12);

		if (n < 6 || strncmp(f[2], "0x", 2) != 0)
			continue;
		if (strcmp(f[4], "rebase") == 0)
			lines_add(&want, "R %s %#llx %#llx", f[0], strtoull(f[2], NULL, 16),
			          strtoull(f[5], NULL, 16));
		else
			lines_add(&want, "B %s %#llx %#llx %s %s%s", f[0], strtoull(f[2], NULL, 16),
			          strtoull(f[5], NULL, 16), f[6], f[7], n > 8 ? " weak" : "");
	}
	CHECK(dyld_chained_walk(img, collect_chained, &c) == DYLD_OK);
	lines_sort(&got);
	lines_sort(&want);
	lines_expect_equal(&got, &want, fixture);
	printf("%s: %zu chained fixups\n", fixture, got.n);
	lines_free(&got);
	lines_free(&want);
	free(text);
}

/* --- llvm-objdump --exports-trie --- */

struct exports {
	const struct dyld_image *img;
	struct lines *lines;
};

static enum dyld_error collect_export(void *ctx, const char *name, const struct dyld_export *exp)
{
	struct exports *e = ctx;
	struct dyld_export again;

	/* llvm-objdump adds the image's base to the trie's offsets. */
	lines_add(e->lines, "%#" PRIx64 " %s%s%s", e->img->base + exp->address, name,
	          (exp->flags & DYLD_EXPORT_WEAK_DEFINITION) ? " [weak_def]" : "",
	          (exp->flags & DYLD_EXPORT_KIND_MASK) == DYLD_EXPORT_KIND_THREAD_LOCAL
	              ? " [per-thread]"
	              : "");
	/* A lookup finds what the walk found. */
	CHECK(dyld_trie_lookup(e->img, name, &again) == DYLD_OK);
	CHECK(again.flags == exp->flags && again.address == exp->address);
	return DYLD_OK;
}

static void check_exports(const char *fixture, const struct dyld_image *img)
{
	char *text = oracle(fixture, "exports"), *save = NULL;
	struct lines got = {0}, want = {0};
	struct exports e = {img, &got};
	struct dyld_export exp;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[4];
		size_t n = fields_split(line, f, 4);

		if (n >= 2 && strncmp(f[0], "0x", 2) == 0)
			lines_add(&want, "%#llx %s%s%s", strtoull(f[0], NULL, 16), f[1],
			          n > 2 ? " " : "", n > 2 ? f[2] : "");
	}
	CHECK(dyld_trie_walk(img->file + img->exports.off, img->exports.size, collect_export, &e) ==
	      DYLD_OK);
	lines_sort(&got);
	lines_sort(&want);
	lines_expect_equal(&got, &want, fixture);
	CHECK(want.n > 0);
	CHECK(dyld_trie_lookup(img, "_no_such_symbol", &exp) == DYLD_E_NOT_FOUND);
	CHECK(dyld_trie_lookup(img, "", &exp) == DYLD_E_NOT_FOUND);
	CHECK(dyld_trie_lookup(img, "_lib_value_and_more", &exp) == DYLD_E_NOT_FOUND);
	printf("%s: %zu exports\n", fixture, got.n);
	lines_free(&got);
	lines_free(&want);
	free(text);
}

/* --- the symbol table (dladdr) against llvm-nm -m --- */

static void check_symtab(const char *fixture, const struct dyld_image *img)
{
	char *nm = oracle(fixture, "nm"), *text = oracle(fixture, "nm"), *save = NULL;
	uint64_t lowest = UINT64_MAX;
	struct dyld_symbol sym;
	unsigned checked = 0;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		uint64_t addr;

		if (line[0] == ' ' || strstr(line, "(__") == NULL)
			continue;
		addr = strtoull(line, NULL, 16);
		if (addr < lowest)
			lowest = addr;
		/* The symbol at an address, and the same one a little past it. */
		CHECK(dyld_symtab_nearest(img, addr, &sym) == DYLD_OK);
		CHECK(sym.address == addr && fixture_nm(nm, sym.name) == addr);
		CHECK(dyld_symtab_nearest(img, addr + 1, &sym) == DYLD_OK &&
		      sym.address <= addr + 1);
		checked++;
	}
	CHECK(checked > 0);
	if (lowest > 0)
		CHECK(dyld_symtab_nearest(img, lowest - 1, &sym) == DYLD_E_NOT_FOUND);
	printf("%s: %u symbols found by address\n", fixture, checked);
	free(nm);
	free(text);
}

static void check_fixture(const char *fixture)
{
	struct dyld_image img;
	size_t size;
	uint8_t *file = fixture_read(fixture, &size, false);

	fixture_parse(file, size, &img);
	check_commands(fixture, &img);
	CHECK(img.has_dyld_info == (img.chained.size == 0));
	if (img.has_dyld_info)
		check_opcodes(fixture, &img);
	else
		check_chained(fixture, &img);
	check_exports(fixture, &img);
	check_symtab(fixture, &img);
	free(file);
}

int main(void)
{
	for (size_t i = 0; i < fixture_count; i++)
		check_fixture(fixture_names[i]);

	/* The fixtures are what the tests assume they are. */
	{
		struct dyld_image img;
		size_t size;
		uint8_t *file = fixture_read("libfix.dylib", &size, false);

		fixture_parse(file, size, &img);
		CHECK(img.macho.filetype == MACHO_FILETYPE_DYLIB);
		CHECK(strcmp(img.install_name, "/usr/lib/libfix.dylib") == 0);
		CHECK(img.ndylibs == 2 && img.dylibs[1].kind == DYLD_DYLIB_REEXPORT);
		free(file);
		file = fixture_read("prog_opcodes.macho", &size, false);
		fixture_parse(file, size, &img);
		CHECK(img.macho.filetype == MACHO_FILETYPE_EXECUTE && img.install_name == NULL);
		CHECK(img.ndylibs == 1 && strcmp(img.dylibs[0].path, "/usr/lib/libfix.dylib") == 0);
		CHECK(img.lazy_bind.size > 0 && img.weak_bind.size > 0);
		free(file);
	}
	printf("PASS\n");
	return 0;
}
