/*
 * The malformed corpus: damaged copies of the lld fixtures and of the
 * hand-built image, and hand-made broken tables. Each targeted damage must
 * be refused with its specific error; truncations and seeded random damage
 * must be refused or pass, never crash (ASan and UBSan watch every read).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyld/apply.h"
#include "dyld/chained.h"
#include "dyld/init.h"
#include "dyld/opcodes.h"
#include "dyld/symtab.h"
#include "dyld/trie.h"
#include "fixture.h"
#include "host/check.h"
#include "synth.h"

#define LC_DYLD_INFO_ONLY      0x80000022u
#define LC_DYLD_EXPORTS_TRIE   0x80000033u
#define LC_SYMTAB              0x2u
#define LC_DYSYMTAB            0xbu
#define LC_ID_DYLIB            0xdu
#define LC_FUNCTION_STARTS     0x26u
#define LC_DYLD_CHAINED_FIXUPS 0x80000034u

/* Larger mappings are not made: a damaged vmsize may be absurd. */
#define MAP_LIMIT (16u << 20)

static void put32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static enum dyld_error any_fixup(void *ctx, const struct dyld_fixup *fx)
{
	(void)ctx;
	CHECK(fx->kind == DYLD_FIXUP_REBASE || fx->symbol != NULL);
	return DYLD_OK;
}

static enum dyld_error any_export(void *ctx, const char *name, const struct dyld_export *e)
{
	(void)ctx;
	(void)e;
	CHECK(strlen(name) < DYLD_TRIE_NAME_MAX);
	return DYLD_OK;
}

static enum dyld_error any_init(void *ctx, uint64_t address)
{
	(void)ctx;
	(void)address;
	return DYLD_OK;
}

static enum dyld_error resolve_all(void *ctx, const struct dyld_fixup *fx, uint64_t *address)
{
	(void)ctx;
	*address = 0x1000 + (uint64_t)strlen(fx->symbol);
	return DYLD_OK;
}

/* Everything dyld would do with the image; returns the first error. */
static enum dyld_error everything(const uint8_t *file, size_t size)
{
	struct dyld_image img;
	struct dyld_tlv tlv;
	struct dyld_export e;
	enum dyld_error err, first = DYLD_OK;
	uint8_t *mem;

	err = dyld_image_parse(file, size, &img);
	if (err != DYLD_OK)
		return err;
#define STEP(call)                                                                                 \
	do {                                                                                       \
		err = (call);                                                                      \
		if (first == DYLD_OK)                                                              \
			first = err;                                                               \
	} while (0)
	STEP(dyld_opcodes_rebases(&img, any_fixup, NULL));
	STEP(dyld_opcodes_binds(&img, DYLD_FIXUP_BIND, any_fixup, NULL));
	STEP(dyld_opcodes_binds(&img, DYLD_FIXUP_LAZY_BIND, any_fixup, NULL));
	STEP(dyld_opcodes_binds(&img, DYLD_FIXUP_WEAK_BIND, any_fixup, NULL));
	STEP(dyld_chained_walk(&img, any_fixup, NULL));
	STEP(dyld_trie_walk(img.file + img.exports.off, img.exports.size, any_export, NULL));
	err = dyld_trie_lookup(&img, "_lib_func", &e);
	if (err != DYLD_E_NOT_FOUND)
		STEP(err);
	{
		struct dyld_symbol sym;

		err = dyld_symtab_nearest(&img, img.macho.vm_end, &sym);
		if (err != DYLD_E_NOT_FOUND)
			STEP(err);
	}
	for (uint32_t off = 0; off < img.lazy_bind.size; off++)
		(void)dyld_opcodes_lazy_bind_at(&img, off, any_fixup, NULL);
	if (img.macho.vm_end - img.macho.vm_start <= MAP_LIMIT) {
		mem = fixture_map(&img);
		STEP(dyld_apply(&img, mem, 0x10000, DYLD_BIND_NOW, resolve_all, NULL));
		if (first == DYLD_OK) {
			STEP(dyld_init_each(&img, mem, 0x10000, any_init, NULL));
			STEP(dyld_init_tlv(&img, mem, &tlv));
		}
		free(mem);
	}
#undef STEP
	return first;
}

static uint8_t *copy(const uint8_t *file, size_t size, size_t extra)
{
	uint8_t *c = malloc(size + extra);

	CHECK(c != NULL);
	memcpy(c, file, size);
	return c;
}

/* The offset of the first load command of type, or 0. */
static size_t find_command(const uint8_t *file, size_t size, uint32_t type, unsigned nth)
{
	struct dyld_image img;
	struct macho_command cmd = {.data = NULL};

	fixture_parse(file, size, &img);
	while (macho_command_next(file, &cmd)) {
		if (cmd.type == type && nth-- == 0)
			return (size_t)(cmd.data - file);
	}
	return 0;
}

/* --- truncation and random damage --- */

static void check_truncations(const char *name, const uint8_t *file, size_t size)
{
	unsigned refused = 0;

	for (size_t len = 0; len < size; len += len < 8192 ? 1 : 97) {
		uint8_t *c = copy(file, len, 0);
		enum dyld_error err = everything(c, len);

		/* __LINKEDIT runs to the end of the file, so any cut is refused. */
		CHECK(err != DYLD_OK);
		CHECK(dyld_strerror(err)[0] != '\0');
		refused++;
		free(c);
	}
	printf("%s: %u truncations refused\n", name, refused);
}

static void check_random(const char *name, const uint8_t *file, size_t size, size_t from, size_t to,
                         unsigned rounds)
{
	unsigned long long seed = 0x5eed0000u + size;
	unsigned ok = 0;

	for (unsigned r = 0; r < rounds; r++) {
		uint8_t *c = copy(file, size, 0);
		unsigned flips = 1 + (unsigned)(test_rand(&seed) % 8);

		for (unsigned i = 0; i < flips; i++)
			c[from + test_rand(&seed) % (to - from)] ^=
			    (uint8_t)(1 + test_rand(&seed) % 255);
		ok += everything(c, size) == DYLD_OK;
		free(c);
	}
	printf("%s: %u random damages in [%#zx, %#zx), %u still accepted\n", name, rounds, from, to,
	       ok);
}

/* Every 32-bit field of every load command set to hostile values. */
static void check_command_fields(const char *name, const uint8_t *file, size_t size)
{
	static const uint32_t values[] = {0, 1, 7, 0x7fffffff, 0xffffffff, 0x80000000};
	uint32_t sizeofcmds = macho_le32(file + 20);
	unsigned runs = 0;

	for (size_t off = 32; off + 4 <= 32 + (size_t)sizeofcmds; off += 4) {
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]) + 2; v++) {
			uint8_t *c = copy(file, size, 0);
			uint32_t value = v < 6 ? values[v] : (uint32_t)size + (v == 6 ? 0 : 8);

			put32(c + off, value);
			(void)everything(c, size);
			runs++;
			free(c);
		}
	}
	printf("%s: %u load-command field damages survived\n", name, runs);
}

/* --- targeted damage: load commands --- */

static enum dyld_error parse(const uint8_t *file, size_t size)
{
	struct dyld_image img;

	return dyld_image_parse(file, size, &img);
}

static void check_commands(void)
{
	size_t size, off;
	uint8_t *lib = fixture_read("libfix.dylib", &size, false), *c;
	uint8_t *chained_file;
	size_t csize;

	/* LC_ID_DYLIB's name outside its command. */
	off = find_command(lib, size, LC_ID_DYLIB, 0);
	CHECK(off != 0);
	c = copy(lib, size, 0);
	put32(c + off + 8, 200);
	CHECK(parse(c, size) == DYLD_E_CMD_STRING);
	put32(c + off + 8, 8);
	CHECK(parse(c, size) == DYLD_E_CMD_STRING);
	free(c);

	/* The symbol table past the end, or with a count that overflows. */
	off = find_command(lib, size, LC_SYMTAB, 0);
	c = copy(lib, size, 0);
	put32(c + off + 12, 0x10000000);
	CHECK(parse(c, size) == DYLD_E_LINKEDIT_RANGE);
	put32(c + off + 12, 1);
	put32(c + off + 16, (uint32_t)size);
	put32(c + off + 20, 1);
	CHECK(parse(c, size) == DYLD_E_LINKEDIT_RANGE);
	free(c);

	/* Dynamic symbol groups outside the table; relocations; the indirect table outside. */
	off = find_command(lib, size, LC_DYSYMTAB, 0);
	CHECK(off != 0);
	c = copy(lib, size, 0);
	put32(c + off + 20, 0xffffff);
	CHECK(parse(c, size) == DYLD_E_SYMBOL_INDEX);
	memcpy(c, lib, size);
	put32(c + off + 24, 0xfffffff0);
	put32(c + off + 28, 0x20);
	CHECK(parse(c, size) == DYLD_E_SYMBOL_INDEX);
	memcpy(c, lib, size);
	put32(c + off + 68, 1);
	CHECK(parse(c, size) == DYLD_E_RELOCATIONS);
	memcpy(c, lib, size);
	put32(c + off + 56, (uint32_t)size);
	put32(c + off + 60, 1);
	CHECK(parse(c, size) == DYLD_E_LINKEDIT_RANGE);
	memcpy(c, lib, size);
	/* A symbol whose name starts past the string table. */
	{
		struct dyld_image img;
		struct dyld_symbol sym;

		fixture_parse(c, size, &img);
		CHECK(img.nsymbols > 0);
		put32(c + img.symbols.off, img.strings.size);
		CHECK(dyld_symtab_nearest(&img, UINT64_MAX, &sym) == DYLD_E_STRING);
	}
	free(c);

	/* Opcodes and chained fixups both: LC_FUNCTION_STARTS turned into chained fixups. */
	{
		struct synth s;
		uint8_t *prog = fixture_read("prog_opcodes.macho", &size, false);
		uint32_t len;

		synth_build(&s, 2, 1);
		len = (uint32_t)(s.size - SYNTH_LINKEDIT);
		off = find_command(prog, size, LC_FUNCTION_STARTS, 0);
		CHECK(off != 0);
		c = copy(prog, size, len);
		memcpy(c + size, s.file + SYNTH_LINKEDIT, len);
		put32(c + off, LC_DYLD_CHAINED_FIXUPS);
		put32(c + off + 8, (uint32_t)size);
		put32(c + off + 12, len);
		CHECK(parse(c, size + len) == DYLD_E_TWO_FORMATS);
		free(c);
		free(prog);
		free(s.file);
	}

	/* The exports trie outside the file; a second trie. */
	chained_file = fixture_read("prog_chained.macho", &csize, false);
	off = find_command(chained_file, csize, LC_DYLD_EXPORTS_TRIE, 0);
	CHECK(off != 0);
	c = copy(chained_file, csize, 0);
	put32(c + off + 8, (uint32_t)csize - 4);
	CHECK(parse(c, csize) == DYLD_E_LINKEDIT_RANGE);
	memcpy(c, chained_file, csize);
	off = find_command(chained_file, csize, LC_FUNCTION_STARTS, 0);
	CHECK(off != 0);
	put32(c + off, LC_DYLD_EXPORTS_TRIE);
	CHECK(parse(c, csize) == DYLD_E_CMD_DUPLICATE);
	free(c);

	/* An initializer section whose size is not a whole number of pointers. */
	{
		struct dyld_image img;
		uint8_t *prog = fixture_read("prog_opcodes.macho", &size, false);

		fixture_parse(prog, size, &img);
		c = copy(prog, size, 0);
		for (size_t o = 32; o + 80 < 32 + (size_t)macho_le32(prog + 20); o += 4) {
			if (memcmp(c + o, "__mod_init_func", 16) == 0)
				put32(c + o + 40, 12); /* section_64.size */
		}
		CHECK(parse(c, size) == DYLD_E_SECTION_SIZE);
		free(c);
		free(prog);
	}
	free(chained_file);
	free(lib);
	printf("load commands: refused as expected\n");
}

/* --- targeted damage: opcode streams --- */

struct stream_case {
	const char *what;
	int table; /* 0 rebase, 1 bind, 2 weak bind, 3 lazy bind */
	const char *bytes;
	size_t len;
	enum dyld_error want;
};

/*
 * prog_opcodes' segments: 0 __PAGEZERO, 1 __TEXT, 2 __DATA_CONST, 3 __DATA,
 * 4 __LINKEDIT; one dylib.
 */
static const struct stream_case stream_cases[] = {
    {"rebase done", 0, "\x11\x23\x18\x51\x00", 5, DYLD_OK},
    {"rebase without DONE", 0, "\x11\x23\x18\x51", 4, DYLD_E_OPCODE_END},
    {"rebase cut in a ULEB", 0, "\x11\x23\x98", 3, DYLD_E_ULEB},
    {"rebase ULEB overflow", 0, "\x11\x23\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x51\x00", 14,
     DYLD_E_ULEB},
    {"rebase segment 9", 0, "\x11\x29\x00\x51\x00", 5, DYLD_E_SEGMENT_INDEX},
    {"rebase segment 15", 0, "\x11\x2f\x00\x51\x00", 5, DYLD_E_SEGMENT_INDEX},
    {"rebase in __TEXT", 0, "\x11\x21\x00\x51\x00", 5, DYLD_E_NOT_WRITABLE},
    {"rebase in __PAGEZERO", 0, "\x11\x20\x00\x51\x00", 5, DYLD_E_NOT_WRITABLE},
    {"rebase past __DATA", 0, "\x11\x23\x80\x80\x01\x51\x00", 7, DYLD_E_FIXUP_RANGE},
    {"rebase wrapping offset", 0,
     "\x11\x23\x00\x30\xf8\xff\xff\xff\xff\xff\xff\xff\xff\x01\x51\x00", 16, DYLD_E_FIXUP_RANGE},
    {"rebase before SET_SEGMENT", 0, "\x11\x51\x00", 3, DYLD_E_SEGMENT_INDEX},
    {"rebase of type 2", 0, "\x12\x23\x00\x51\x00", 5, DYLD_E_FIXUP_TYPE},
    {"rebase without a type", 0, "\x23\x00\x51\x00", 4, DYLD_E_FIXUP_TYPE},
    {"rebase unknown opcode", 0, "\x11\x23\x00\x90\x00", 5, DYLD_E_OPCODE},
    {"rebase many times", 0, "\x11\x23\x00\x60\xff\xff\x03\x00", 8, DYLD_E_FIXUP_RANGE},
    {"bind done", 1, "\x11\x40_x\0\x51\x73\x08\x90\x00", 10, DYLD_OK},
    {"bind ordinal 2", 1, "\x12\x40_x\0\x51\x73\x08\x90\x00", 10, DYLD_E_ORDINAL},
    {"bind ordinal ULEB 300", 1, "\x20\xac\x02\x40_x\0\x51\x73\x08\x90\x00", 12, DYLD_E_ORDINAL},
    {"bind special -4", 1, "\x3c\x40_x\0\x51\x73\x08\x90\x00", 10, DYLD_E_ORDINAL},
    {"bind special flat", 1, "\x3e\x40_x\0\x51\x73\x08\x90\x00", 10, DYLD_OK},
    {"bind without symbol", 1, "\x11\x51\x73\x08\x90\x00", 6, DYLD_E_NO_SYMBOL},
    {"bind unterminated name", 1, "\x11\x40_xyz", 6, DYLD_E_STRING},
    {"bind SLEB cut", 1, "\x11\x40_x\0\x60\x80", 7, DYLD_E_SLEB},
    {"bind threaded", 1, "\x11\x40_x\0\xd0\x00", 7, DYLD_E_OPCODE},
    {"bind in __LINKEDIT", 1, "\x11\x40_x\0\x51\x74\x00\x90\x00", 10, DYLD_E_NOT_WRITABLE},
    {"bind of type 3", 1, "\x11\x40_x\0\x53\x73\x08\x90\x00", 10, DYLD_E_FIXUP_TYPE},
    {"bind times past __DATA", 1, "\x11\x40_x\0\x51\x73\x00\xc0\xff\xff\x03\x00\x00", 14,
     DYLD_E_FIXUP_RANGE},
    {"weak bind ignores ordinals", 2, "\x40_x\0\x51\x73\x08\x90\x00", 9, DYLD_OK},
    {"lazy records", 3, "\x73\x08\x11\x40_x\0\x90\x00\x73\x10\x11\x40_y\0\x90\x00", 18, DYLD_OK},
    {"lazy record cut", 3, "\x73\x08\x11\x40_x\0\x90\x00\x73\x10\x11", 12, DYLD_E_OPCODE_END},
};

static enum dyld_error run_table(const struct dyld_image *img, int table)
{
	switch (table) {
	case 0: return dyld_opcodes_rebases(img, any_fixup, NULL);
	case 1: return dyld_opcodes_binds(img, DYLD_FIXUP_BIND, any_fixup, NULL);
	case 2: return dyld_opcodes_binds(img, DYLD_FIXUP_WEAK_BIND, any_fixup, NULL);
	default: return dyld_opcodes_binds(img, DYLD_FIXUP_LAZY_BIND, any_fixup, NULL);
	}
}

/* Appends bytes to a copy of file and points the table's LC_DYLD_INFO range at them. */
static uint8_t *with_stream(const uint8_t *file, size_t size, int table, const void *bytes,
                            size_t len)
{
	size_t info = find_command(file, size, LC_DYLD_INFO_ONLY, 0);
	uint8_t *c = copy(file, size, len);

	CHECK(info != 0);
	memcpy(c + size, bytes, len);
	put32(c + info + 8 + 8 * table, (uint32_t)size);
	put32(c + info + 12 + 8 * table, (uint32_t)len);
	return c;
}

static void check_streams(void)
{
	size_t size;
	uint8_t *prog = fixture_read("prog_opcodes.macho", &size, false);

	for (size_t i = 0; i < sizeof(stream_cases) / sizeof(stream_cases[0]); i++) {
		const struct stream_case *sc = &stream_cases[i];
		uint8_t *c = with_stream(prog, size, sc->table, sc->bytes, sc->len);
		struct dyld_image img;
		enum dyld_error err;

		fixture_parse(c, size + sc->len, &img);
		err = run_table(&img, sc->table);
		if (err != sc->want) {
			fprintf(stderr, "%s: got %s, want %s\n", sc->what, dyld_strerror(err),
			        dyld_strerror(sc->want));
			abort();
		}
		free(c);
	}

	/* One slot rebased over and over: more fixups than the image has pointers. */
	{
		size_t reps = 5000, len = reps * 3 + 2;
		uint8_t *s = malloc(len), *c;
		struct dyld_image img;

		CHECK(s != NULL);
		s[0] = 0x11;
		for (size_t r = 0; r < reps; r++)
			memcpy(s + 1 + 3 * r, "\x23\x08\x51", 3);
		s[len - 1] = 0x00;
		c = with_stream(prog, size, 0, s, len);
		fixture_parse(c, size + len, &img);
		CHECK(dyld_opcodes_rebases(&img, any_fixup, NULL) == DYLD_E_TOO_MANY_FIXUPS);
		free(c);
		free(s);
	}

	/* Every cut of the real streams: refused with a stream error, or whole. */
	{
		struct dyld_image img;
		size_t info = find_command(prog, size, LC_DYLD_INFO_ONLY, 0);

		for (int table = 0; table < 4; table++) {
			uint32_t full = macho_le32(prog + info + 12 + 8 * table);

			for (uint32_t cut = 0; cut < full; cut++) {
				uint8_t *c = copy(prog, size, 0);
				enum dyld_error err;

				put32(c + info + 12 + 8 * table, cut);
				fixture_parse(c, size, &img);
				err = run_table(&img, table);
				CHECK(err == DYLD_OK || err == DYLD_E_OPCODE_END ||
				      err == DYLD_E_ULEB || err == DYLD_E_SLEB ||
				      err == DYLD_E_STRING);
				free(c);
			}
		}
	}
	free(prog);
	printf("opcode streams: %zu crafted streams and every cut refused as expected\n",
	       sizeof(stream_cases) / sizeof(stream_cases[0]));
}

/* --- targeted damage: chained fixups (on the hand-built image) --- */

static enum dyld_error walk_synth(const struct synth *s)
{
	struct dyld_image img;
	enum dyld_error err = dyld_image_parse(s->file, s->size, &img);

	return err != DYLD_OK ? err : dyld_chained_walk(&img, any_fixup, NULL);
}

static uint8_t *table(struct synth *s, uint32_t off)
{
	return s->file + SYNTH_LINKEDIT + off;
}

static void expect_chain(const char *what, struct synth *s, enum dyld_error want)
{
	enum dyld_error err = walk_synth(s);

	if (err != want) {
		fprintf(stderr, "%s: got %s, want %s\n", what, dyld_strerror(err),
		        dyld_strerror(want));
		abort();
	}
	free(s->file);
}

static void check_chains(void)
{
	struct synth s;
	uint32_t imports, symbols;

#define CASE(what, damage, want)                                                                   \
	do {                                                                                       \
		synth_build(&s, 6, 1);                                                             \
		imports = macho_le32(table(&s, 8));                                                \
		symbols = macho_le32(table(&s, 12));                                               \
		(void)imports;                                                                     \
		(void)symbols;                                                                     \
		damage;                                                                            \
		expect_chain(what, &s, want);                                                      \
	} while (0)

	CASE("intact", (void)0, DYLD_OK);
	CASE("compressed names", put32(table(&s, 24), 1), DYLD_E_CHAIN_SYMBOLS);
	CASE("symbols past the table", put32(table(&s, 12), 0x1000), DYLD_E_CHAIN_IMPORTS);
	CASE("pointer format 1 (arm64e)", put16(table(&s, SYNTH_SEG_STARTS + 6), 1),
	     DYLD_E_CHAIN_FORMAT);
	CASE("pointer format 3 (32-bit)", put16(table(&s, SYNTH_SEG_STARTS + 6), 3),
	     DYLD_E_CHAIN_FORMAT);
	CASE("page size 8 KiB", put16(table(&s, SYNTH_SEG_STARTS + 4), 0x2000),
	     DYLD_E_CHAIN_PAGE_SIZE);
	CASE("segment offset", put32(table(&s, SYNTH_SEG_STARTS + 8), 0x8000),
	     DYLD_E_CHAIN_SEGMENT);
	CASE("starts size too small", put32(table(&s, SYNTH_SEG_STARTS), 24), DYLD_E_CHAIN_STARTS);
	CASE("starts size past the table", put32(table(&s, SYNTH_SEG_STARTS), 0x10000),
	     DYLD_E_CHAIN_STARTS);
	CASE("starts for __TEXT",
	     put32(table(&s, SYNTH_STARTS + 4 + 4), SYNTH_SEG_STARTS - SYNTH_STARTS),
	     DYLD_E_CHAIN_SEGMENT);
	CASE("starts for __PAGEZERO",
	     put32(table(&s, SYNTH_STARTS + 4), SYNTH_SEG_STARTS - SYNTH_STARTS),
	     DYLD_E_CHAIN_SEGMENT);
	CASE("page start outside the page", put16(table(&s, SYNTH_PAGE_START + 2), 0x4000),
	     DYLD_E_CHAIN_PAGE_START);
	CASE("page start unaligned", put16(table(&s, SYNTH_PAGE_START + 2), 0x12),
	     DYLD_E_CHAIN_PAGE_START);
	CASE("page start at the page's last bytes", put16(table(&s, SYNTH_PAGE_START + 2), 0x3ffc),
	     DYLD_E_CHAIN_OFF_PAGE);
	CASE("multi-start list unterminated", put16(table(&s, SYNTH_PAGE_START + 6), 0x100),
	     DYLD_E_CHAIN_PAGE_START);
	CASE("multi-start list index past page_start[]",
	     put16(table(&s, SYNTH_PAGE_START), 0x8000 | 9), DYLD_E_CHAIN_PAGE_START);
	CASE("two starts on one chain", put16(table(&s, SYNTH_PAGE_START + 6), 0x8000 | 0x8),
	     DYLD_E_CHAIN_LOOP);
	CASE("two starts at one place", put16(table(&s, SYNTH_PAGE_START + 6), 0x8000 | 0x0),
	     DYLD_E_CHAIN_LOOP);
	CASE("chain runs off its page",
	     synth_set(&s, SYNTH_PAGE + 0x10, synth_get(&s, SYNTH_PAGE + 0x10) | 0xfffull << 51),
	     DYLD_E_CHAIN_OFF_PAGE);
	CASE("chain runs off the segment's file data",
	     put32(s.file + 32 + 72 * 2 + 48, SYNTH_PAGE + 0x10), DYLD_E_CHAIN_OFF_SEGMENT);
	CASE("chains in a read-only segment", put32(s.file + 32 + 72 * 2 + 60, 1),
	     DYLD_E_NOT_WRITABLE);
	CASE("bind of import 2 of 2", synth_set(&s, 0x100, 1ull << 63 | 2), DYLD_E_CHAIN_IMPORT);
	CASE("bind of import 0xffffff", synth_set(&s, 0x100, 1ull << 63 | 0xffffff),
	     DYLD_E_CHAIN_IMPORT);
	CASE("import ordinal 2 of 1 dylib", put32(table(&s, imports), 2), DYLD_E_ORDINAL);
	CASE("import ordinal 0xf0", put32(table(&s, imports), 0xf0), DYLD_E_ORDINAL);
	CASE("import ordinal -4", put32(table(&s, imports), 0xfc), DYLD_E_ORDINAL);
	CASE("import name past the table",
	     put32(table(&s, imports + 4), 0xfe | 1u << 8 | 900u << 9), DYLD_E_STRING);
	CASE("import name without NUL", table(&s, symbols)[14] = 'x', DYLD_E_STRING);
	synth_build(&s, 6, 3);
	imports = macho_le32(table(&s, 8));
	put32(table(&s, imports + 16), 0xfff0);
	expect_chain("16-bit import ordinal 0xfff0", &s, DYLD_E_ORDINAL);
#undef CASE
	printf("chained fixups: refused as expected\n");
}

/* --- targeted damage: exports tries --- */

static void check_tries(void)
{
	struct dyld_export e;
	/* root -> "_a" (regular) ; child offsets patched per case */
	uint8_t t[] = {0x00, 0x01, '_', 0, 0x05, 0x02, 0x00, 0x10, 0x00};
	uint8_t loop[] = {0x00, 0x01, '_', 0, 0x00};
	uint8_t deep[] = {0x00, 0x01, 0, 0x00};
	uint8_t leftover[] = {0x00, 0x01, '_', 0, 0x05, 0x03, 0x00, 0x10, 0x00, 0x00};

	CHECK(dyld_trie_find(t, sizeof(t), "_", &e) == DYLD_OK && e.address == 0x10);
	CHECK(dyld_trie_walk(t, sizeof(t), any_export, NULL) == DYLD_OK);
	/* Child offset out of the trie. */
	t[4] = sizeof(t);
	CHECK(dyld_trie_find(t, sizeof(t), "_", &e) == DYLD_E_TRIE_RANGE);
	CHECK(dyld_trie_walk(t, sizeof(t), any_export, NULL) == DYLD_E_TRIE_RANGE);
	t[4] = 0x05;
	/* Terminal size past the trie. */
	t[5] = 0x7f;
	CHECK(dyld_trie_find(t, sizeof(t), "_", &e) == DYLD_E_TRIE_RANGE);
	/* Terminal with a byte left over, with kind 3, with re-export and resolver, unknown flag.
	 */
	CHECK(dyld_trie_find(leftover, sizeof(leftover), "_", &e) == DYLD_E_TRIE_EXPORT);
	t[5] = 0x02;
	t[6] = 0x03;
	CHECK(dyld_trie_find(t, sizeof(t), "_", &e) == DYLD_E_TRIE_EXPORT);
	t[6] = 0x18;
	CHECK(dyld_trie_find(t, sizeof(t), "_", &e) == DYLD_E_TRIE_EXPORT);
	t[6] = 0x40;
	CHECK(dyld_trie_find(t, sizeof(t), "_", &e) == DYLD_E_TRIE_EXPORT);
	t[6] = 0x00;
	/* An unterminated edge label. */
	CHECK(dyld_trie_find(t, 3, "_", &e) == DYLD_E_TRIE_RANGE);
	/* A child that is the root: a cycle, found by lookups and walks. */
	CHECK(dyld_trie_find(loop, sizeof(loop), "____", &e) == DYLD_E_TRIE_LOOP);
	CHECK(dyld_trie_walk(loop, sizeof(loop), any_export, NULL) == DYLD_E_TRIE_LOOP);
	/* An empty label back to the root. */
	CHECK(dyld_trie_find(deep, sizeof(deep), "x", &e) == DYLD_E_TRIE_LOOP);
	CHECK(dyld_trie_walk(deep, sizeof(deep), any_export, NULL) == DYLD_E_TRIE_LOOP);
	/* A node without its child count. */
	CHECK(dyld_trie_find(t, 1, "_", &e) == DYLD_E_TRIE_RANGE);

	/* Every cut and seeded damage of libfix's real trie. */
	{
		size_t size;
		uint8_t *lib = fixture_read("libfix.dylib", &size, false);
		struct dyld_image img;
		unsigned long long seed = 42;

		fixture_parse(lib, size, &img);
		for (uint32_t cut = 0; cut < img.exports.size; cut++) {
			uint8_t *c = copy(lib + img.exports.off, cut, 0);

			(void)dyld_trie_walk(c, cut, any_export, NULL);
			(void)dyld_trie_find(c, cut, "_lib_value", &e);
			free(c);
		}
		for (unsigned r = 0; r < 3000; r++) {
			uint8_t *c = copy(lib + img.exports.off, img.exports.size, 0);

			c[test_rand(&seed) % img.exports.size] = (uint8_t)test_rand(&seed);
			(void)dyld_trie_walk(c, img.exports.size, any_export, NULL);
			(void)dyld_trie_find(c, img.exports.size, "_lib_array", &e);
			free(c);
		}
		free(lib);
	}
	printf("exports tries: refused as expected\n");
}

int main(void)
{
	check_commands();
	check_streams();
	check_chains();
	check_tries();
	for (size_t i = 0; i < fixture_count; i++) {
		size_t size;
		uint8_t *file = fixture_read(fixture_names[i], &size, false);
		struct dyld_image img;

		fixture_parse(file, size, &img);
		check_truncations(fixture_names[i], file, size);
		check_command_fields(fixture_names[i], file, size);
		check_random(fixture_names[i], file, size, 0, 32 + macho_le32(file + 20), 1000);
		check_random(fixture_names[i], file, size,
		             img.macho.segments[img.macho.nsegments - 1].fileoff, size, 2000);
		free(file);
	}
	{
		struct synth s;

		/* The chains' links and the chained fixups table. */
		synth_build(&s, 6, 2);
		check_random("hand-built", s.file, s.size, SYNTH_DATA_OFF, SYNTH_DATA_OFF + 0x110,
		             3000);
		check_random("hand-built", s.file, s.size, SYNTH_LINKEDIT, s.size, 5000);
		free(s.file);
	}
	printf("PASS\n");
	return 0;
}
