/*
 * Hostile images for the Mach-O parser (mach/kern/macho.c): real programs cut
 * at every length, with chosen fields damaged (each expecting its own error),
 * with every header and load-command field set to awkward values, and with
 * seeded random corruption; then hand-built images for what ld64.lld never
 * writes (LC_UNIXTHREAD, many segments, stack sizes, long paths, addresses at
 * the top of the address space). Each image sits in a buffer of exactly its
 * size, so under AddressSanitizer a read past it fails the test. Whatever the
 * parser accepts must keep every promise macho.h makes: check_plan.
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

#define FUZZ_SEED   0x6d6163686f2d6fULL
#define FUZZ_ROUNDS 20000

#define PAGE_MASK ((uint64_t)MACHO_PAGE_SIZE - 1)

/* Mach-O numbers the damage is made of. */
#define MH_MAGIC_64            0xfeedfacfu
#define CPU_TYPE_ARM64         0x0100000cu
#define LC_SEGMENT             0x1u
#define LC_UNIXTHREAD          0x5u
#define LC_DYSYMTAB            0xbu
#define LC_LOAD_DYLIB          0xcu
#define LC_LOAD_DYLINKER       0xeu
#define LC_LOAD_WEAK_DYLIB     0x80000018u
#define LC_SEGMENT_64          0x19u
#define LC_UUID                0x1bu
#define LC_RPATH               0x8000001cu
#define LC_REEXPORT_DYLIB      0x8000001fu
#define LC_LAZY_LOAD_DYLIB     0x20u
#define LC_DYLD_INFO_ONLY      0x80000022u
#define LC_LOAD_UPWARD_DYLIB   0x80000023u
#define LC_MAIN                0x80000028u
#define LC_DYLD_EXPORTS_TRIE   0x80000033u
#define LC_DYLD_CHAINED_FIXUPS 0x80000034u
#define ARM_THREAD_STATE64     6u
#define ARM_EXCEPTION_STATE64  7u
#define BRK_0                  0xd4200000u

#define R MACHO_PROT_READ
#define W MACHO_PROT_WRITE
#define X MACHO_PROT_EXECUTE

struct image {
	const char *name;
	uint8_t *data;
	size_t size;
};

static volatile uint8_t sink;

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put(uint8_t *p, unsigned width, uint64_t v)
{
	for (unsigned i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put32(uint8_t *p, uint32_t v)
{
	put(p, 4, v);
}

static void put64(uint8_t *p, uint64_t v)
{
	put(p, 8, v);
}

static uint64_t mapped_end(const struct macho_segment *seg)
{
	return seg->vmaddr + ((seg->vmsize + PAGE_MASK) & ~PAGE_MASK);
}

/* Fails unless img keeps every promise of macho.h about image[0..size). */
static void check_plan(const uint8_t *image, size_t size, const struct macho_image *img)
{
	bool entry_found = false;

	CHECK(img->nsegments >= 1 && img->nsegments <= MACHO_MAX_SEGMENTS);
	CHECK(img->has_main != img->has_unixthread);
	CHECK(memchr(img->dylinker, '\0', sizeof(img->dylinker)) != NULL);
	CHECK(macho_find_segment(img, "__TEXT") != NULL);
	CHECK((img->pagezero_size & PAGE_MASK) == 0);
	CHECK(img->entry % 4 == 0);
	CHECK(img->error_cmd == MACHO_NO_CMD);
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct macho_segment *seg = &img->segments[i];
		struct macho_load_step step;

		CHECK(memchr(seg->name, '\0', sizeof(seg->name)) != NULL);
		CHECK(strcmp(seg->name, "__PAGEZERO") != 0);
		CHECK((seg->vmaddr & PAGE_MASK) == 0);
		CHECK(seg->filesize <= seg->vmsize);
		CHECK(seg->fileoff <= size && seg->filesize <= size - seg->fileoff);
		CHECK(seg->maxprot <= (R | W | X) && (seg->initprot & ~seg->maxprot) == 0);
		CHECK((seg->initprot & (W | X)) != (W | X));
		CHECK(seg->vmsize <= UINT64_MAX - PAGE_MASK);

		macho_plan_segment(image, seg, &step);
		CHECK(step.map_start == seg->vmaddr && step.map_size >= seg->vmsize);
		CHECK(step.map_size <= UINT64_MAX - step.map_start);
		CHECK(step.copy_size + step.zero_size == step.map_size);
		CHECK(step.zero_start == step.map_start + step.copy_size);
		/* The bytes the kernel would copy: ASan objects if they are not the image's. */
		if (step.copy_size > 0)
			sink ^= step.src[0] ^ step.src[step.copy_size - 1];
		if (seg->vmsize > 0)
			CHECK(seg->vmaddr >= img->vm_start && mapped_end(seg) <= img->vm_end);

		CHECK(seg->vmaddr >= img->pagezero_size || seg->vmsize == 0);
		for (unsigned j = 0; j < i; j++) {
			const struct macho_segment *other = &img->segments[j];

			CHECK(strcmp(seg->name, other->name) != 0);
			CHECK(seg->vmaddr >= mapped_end(other) || other->vmaddr >= mapped_end(seg));
		}
		if ((seg->initprot & X) && img->entry >= seg->vmaddr &&
		    img->entry - seg->vmaddr < seg->filesize &&
		    seg->filesize - (img->entry - seg->vmaddr) >= 4)
			entry_found = true;
	}
	CHECK(entry_found);
}

/* Parses buf (exactly size bytes, malloc'd), checks the outcome and frees buf. */
static enum macho_error parse_buf(uint8_t *buf, size_t size, struct macho_image *out)
{
	enum macho_error err = macho_parse(buf, size, out);
	const char *msg = macho_strerror(err);

	CHECK(msg != NULL && msg[0] != '\0');
	if (err == MACHO_OK)
		check_plan(buf, size, out);
	free(buf);
	return err;
}

static uint8_t *dup_image(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);

	CHECK(buf != NULL);
	memcpy(buf, data, size);
	return buf;
}

#define EXPECT(buf, size, want) expect_at(__LINE__, buf, size, want)

static struct macho_image expect_at(int line, uint8_t *buf, size_t size, enum macho_error want)
{
	struct macho_image img;
	enum macho_error got = parse_buf(buf, size, &img);

	if (got != want) {
		fprintf(stderr, "line %d: got \"%s\" (%d), want \"%s\" (%d)\n", line,
		        macho_strerror(got), got, macho_strerror(want), want);
		abort();
	}
	return img;
}

/* A copy of im with the width-byte field at off set to value, parsed. */
#define FIELD(im, off, width, value, want) field_at(__LINE__, im, off, width, value, want)

static struct macho_image field_at(int line, const struct image *im, size_t off, unsigned width,
                                   uint64_t value, enum macho_error want)
{
	uint8_t *buf = dup_image(im->data, im->size);

	put(buf + off, width, value);
	return expect_at(line, buf, im->size, want);
}

static uint32_t ncmds_of(const uint8_t *data)
{
	return get32(data + 16);
}

static uint32_t sizeofcmds_of(const uint8_t *data)
{
	return get32(data + 20);
}

/*
 * The offset of the nth command of type cmd in a valid image, or 0; *index
 * is its index.
 */
static size_t find_cmd_opt(const struct image *im, uint32_t cmd, unsigned nth, uint32_t *index)
{
	size_t off = 32;

	for (uint32_t i = 0; i < ncmds_of(im->data); i++) {
		if (get32(im->data + off) == cmd && nth-- == 0) {
			if (index != NULL)
				*index = i;
			return off;
		}
		off += get32(im->data + off + 4);
	}
	return 0;
}

static size_t find_cmd_nth(const struct image *im, uint32_t cmd, unsigned nth, uint32_t *index)
{
	size_t off = find_cmd_opt(im, cmd, nth, index);

	if (off == 0) {
		fprintf(stderr, "%s has no load command %#x\n", im->name, cmd);
		abort();
	}
	return off;
}

static size_t find_cmd(const struct image *im, uint32_t cmd)
{
	return find_cmd_nth(im, cmd, 0, NULL);
}

/* The chained fixups' range in the file, or an empty one. */
static void chained_range(const struct image *im, size_t *start, size_t *end)
{
	size_t cmd = find_cmd_opt(im, LC_DYLD_CHAINED_FIXUPS, 0, NULL);

	*start = cmd ? get32(im->data + cmd + 8) : 0;
	*end = cmd ? *start + get32(im->data + cmd + 12) : 0;
}

static size_t find_segment(const struct image *im, const char *name, uint32_t *index)
{
	for (unsigned nth = 0;; nth++) {
		size_t off = find_cmd_nth(im, LC_SEGMENT_64, nth, index);

		if (strncmp((const char *)im->data + off + 8, name, 16) == 0)
			return off;
	}
}

static void load(struct image *im, const char *name)
{
	char path[256];

	im->name = name;
	snprintf(path, sizeof(path), DIR "%s", name);
	im->data = testfile_read(path, &im->size, false);
}

/* The real programs parse, so damage to them is what the tests below measure. */
static void test_valid(const struct image *im)
{
	struct macho_image img = EXPECT(dup_image(im->data, im->size), im->size, MACHO_OK);

	CHECK(strcmp(img.dylinker, "/usr/lib/dyld") == 0);
	CHECK(img.pagezero_size == 0x100000000ULL);
}

/* Every shorter image fails: __LINKEDIT's file range runs to the last byte. */
static void test_truncated(const struct image *im)
{
	struct macho_image img;

	for (size_t len = 0; len < im->size; len++) {
		enum macho_error err = parse_buf(dup_image(im->data, len), len, &img);

		CHECK(err != MACHO_OK);
		if (len < 32)
			CHECK(err == MACHO_E_TRUNCATED);
	}
}

static void test_header(const struct image *im)
{
	uint32_t sizeofcmds = sizeofcmds_of(im->data);
	uint32_t ncmds = ncmds_of(im->data);
	uint8_t *buf;

	FIELD(im, 0, 4, 0xfeedface, MACHO_E_MAGIC);
	FIELD(im, 0, 4, 0xcffaedfe, MACHO_E_MAGIC);
	FIELD(im, 0, 4, 0xcafebabe, MACHO_E_MAGIC);
	FIELD(im, 4, 4, 0x01000007, MACHO_E_CPU);
	FIELD(im, 4, 4, 12, MACHO_E_CPU);
	FIELD(im, 8, 4, 2, MACHO_E_CPU);
	FIELD(im, 8, 4, 0x80000002, MACHO_E_CPU);
	FIELD(im, 8, 4, 0x80000000, MACHO_OK);
	FIELD(im, 8, 4, 1, MACHO_OK);
	FIELD(im, 12, 4, 6, MACHO_E_FILETYPE);
	FIELD(im, 12, 4, 1, MACHO_E_FILETYPE);

	FIELD(im, 16, 4, 0, MACHO_E_CMDS_SLACK);
	FIELD(im, 16, 4, ncmds - 1, MACHO_E_CMDS_SLACK);
	FIELD(im, 16, 4, ncmds + 1, MACHO_E_CMD_SIZE);
	FIELD(im, 16, 4, sizeofcmds / 8 + 1, MACHO_E_NCMDS);
	FIELD(im, 16, 4, UINT32_MAX, MACHO_E_NCMDS);
	FIELD(im, 20, 4, sizeofcmds + 8, MACHO_E_CMDS_SLACK);
	FIELD(im, 20, 4, sizeofcmds - 8, MACHO_E_CMD_SIZE);
	FIELD(im, 20, 4, (uint32_t)im->size - 32, MACHO_E_CMDS_SLACK);
	FIELD(im, 20, 4, (uint32_t)im->size - 31, MACHO_E_CMDS_SIZE);
	FIELD(im, 20, 4, UINT32_MAX, MACHO_E_CMDS_SIZE);

	/* The header alone, with no commands, claims too much. */
	buf = dup_image(im->data, 32);
	EXPECT(buf, 32, MACHO_E_CMDS_SIZE);
}

static void test_command_sizes(const struct image *im)
{
	size_t first = 32;
	struct macho_image img;

	img = FIELD(im, first + 4, 4, 0, MACHO_E_CMD_SIZE);
	CHECK(img.error_cmd == 0);
	FIELD(im, first + 4, 4, 4, MACHO_E_CMD_SIZE);
	FIELD(im, first + 4, 4, 76, MACHO_E_CMD_SIZE);
	FIELD(im, first + 4, 4, 0x7ffffff8, MACHO_E_CMD_SIZE);
	FIELD(im, first + 4, 4, UINT32_MAX, MACHO_E_CMD_SIZE);
	/* LC_UUID is 24 bytes: too small for these. */
	FIELD(im, find_cmd(im, LC_UUID), 4, LC_SEGMENT_64, MACHO_E_CMD_SHORT);
	FIELD(im, find_cmd(im, LC_UUID), 4, LC_DYSYMTAB, MACHO_E_CMD_SHORT);
	FIELD(im, find_cmd(im, LC_UUID), 4, LC_DYLD_INFO_ONLY, MACHO_E_CMD_SHORT);
	/* A second LC_MAIN, after the first. */
	FIELD(im, find_cmd(im, LC_UUID), 4, LC_MAIN, MACHO_E_CMD_DUPLICATE);
}

static void test_segments(const struct image *im)
{
	uint32_t data_index, linkedit_index;
	size_t zero = find_segment(im, "__PAGEZERO", NULL);
	size_t text = find_segment(im, "__TEXT", NULL);
	size_t data = find_segment(im, "__DATA", &data_index);
	size_t linkedit = find_segment(im, "__LINKEDIT", &linkedit_index);
	uint64_t text_addr = get64(im->data + text + 24);
	uint32_t nsects = get32(im->data + text + 64);
	struct macho_image img;
	uint8_t *buf;

	/* __PAGEZERO must be a no-access, file-less range at 0 that others avoid. */
	buf = dup_image(im->data, im->size);
	put32(buf + zero + 56, R);
	put32(buf + zero + 60, R);
	EXPECT(buf, im->size, MACHO_E_PAGEZERO);
	FIELD(im, zero + 48, 8, 4096, MACHO_E_PAGEZERO);
	FIELD(im, zero + 24, 8, 0x1000, MACHO_E_PAGEZERO);
	FIELD(im, zero + 32, 8, text_addr + 0x1000, MACHO_E_SEGMENT_OVERLAP);
	FIELD(im, zero + 32, 8, 0, MACHO_OK);
	buf = dup_image(im->data, im->size);
	memcpy(buf + data + 8, "__PAGEZERO", 10);
	EXPECT(buf, im->size, MACHO_E_SEGMENT_DUPLICATE);

	/* Addresses: alignment, wrapping, overlap. */
	FIELD(im, text + 24, 8, text_addr + 0x10, MACHO_E_SEGMENT_ALIGN);
	img = FIELD(im, linkedit + 24, 8, text_addr + 0x3000, MACHO_E_SEGMENT_OVERLAP);
	CHECK(img.error_cmd == linkedit_index);
	FIELD(im, linkedit + 24, 8, get64(im->data + data + 24) + 0x8000, MACHO_E_SEGMENT_OVERLAP);
	/* Sections move with their segment, or they are outside it. */
	FIELD(im, data + 24, 8, text_addr, MACHO_E_SECTION_RANGE);
	FIELD(im, text + 24, 8, 0xfffffffffffff000ULL, MACHO_E_SEGMENT_WRAPS);
	FIELD(im, text + 32, 8, UINT64_MAX, MACHO_E_SEGMENT_WRAPS);
	FIELD(im, text + 32, 8, UINT64_MAX - 0xffe, MACHO_E_SEGMENT_WRAPS);

	/* File ranges. */
	FIELD(im, text + 32, 8, get64(im->data + text + 48) - 1, MACHO_E_SEGMENT_FILESIZE);
	FIELD(im, text + 40, 8, im->size, MACHO_E_SEGMENT_FILE);
	FIELD(im, text + 40, 8, UINT64_MAX - 10, MACHO_E_SEGMENT_FILE);
	buf = dup_image(im->data, im->size);
	put64(buf + data + 32, 1ULL << 40);
	put64(buf + data + 48, im->size + 1);
	EXPECT(buf, im->size, MACHO_E_SEGMENT_FILE);

	/* Protections. */
	buf = dup_image(im->data, im->size);
	put32(buf + data + 56, R | W | X);
	put32(buf + data + 60, R | W | X);
	img = EXPECT(buf, im->size, MACHO_E_SEGMENT_WX);
	CHECK(img.error_cmd == data_index);
	FIELD(im, text + 60, 4, 8 | R, MACHO_E_SEGMENT_PROT);
	FIELD(im, text + 56, 4, R, MACHO_E_SEGMENT_PROT);
	FIELD(im, text + 56, 4, 0x80000007, MACHO_E_SEGMENT_PROT);

	/* Sections. */
	FIELD(im, text + 64, 4, nsects + 1, MACHO_E_SECTIONS);
	FIELD(im, text + 64, 4, 0x80000000, MACHO_E_SECTIONS);
	FIELD(im, text + 72 + 32, 8, text_addr - 16, MACHO_E_SECTION_RANGE);
	FIELD(im, text + 72 + 40, 8, UINT64_MAX, MACHO_E_SECTION_RANGE);
	FIELD(im, text + 72 + 40, 8, 0x4001, MACHO_E_SECTION_RANGE);

	/* Names and kinds. */
	FIELD(im, text + 8, 8, 0x58585845545f5fULL, MACHO_E_NO_TEXT);         /* __TEXXX */
	FIELD(im, data + 8, 8, 0x545845545f5fULL, MACHO_E_SEGMENT_DUPLICATE); /* __TEXT */
	FIELD(im, data, 4, LC_SEGMENT, MACHO_E_SEGMENT_32);
}

static void test_entry(const struct image *im)
{
	size_t main_cmd = find_cmd(im, LC_MAIN);
	uint64_t entryoff = get64(im->data + main_cmd + 8);
	uint32_t main_index;
	struct macho_image img;

	find_cmd_nth(im, LC_MAIN, 0, &main_index);
	FIELD(im, main_cmd + 8, 8, entryoff + 2, MACHO_E_ENTRY_ALIGN);
	img = FIELD(im, main_cmd + 8, 8, 0x4000, MACHO_E_ENTRY); /* __DATA: not executable */
	CHECK(img.error_cmd == main_index);
	FIELD(im, main_cmd + 8, 8, 0x10000000, MACHO_E_ENTRY);
	FIELD(im, main_cmd + 8, 8, UINT64_MAX & ~3ULL, MACHO_E_ENTRY);
	FIELD(im, main_cmd + 8, 8, 0x3ffc, MACHO_OK); /* __TEXT's last word */
	FIELD(im, main_cmd + 8, 8, 0x3ffe, MACHO_E_ENTRY_ALIGN);
	img = FIELD(im, main_cmd + 16, 8, 0x100000, MACHO_OK);
	CHECK(img.stack_size == 0x100000);
	/* Without its LC_REQ_DYLD bit LC_MAIN is an unknown command, so ignored. */
	FIELD(im, main_cmd, 4, LC_MAIN & 0xff, MACHO_E_NO_ENTRY);
	FIELD(im, main_cmd, 4, 0x80000099, MACHO_E_CMD_UNKNOWN);
}

/* LC_LOAD_DYLINKER, and dylib commands made out of it. */
static void test_paths(const struct image *im)
{
	size_t cmd = find_cmd(im, LC_LOAD_DYLINKER);
	uint32_t cmdsize = get32(im->data + cmd + 4);
	static const uint32_t dylib_cmds[] = {
	    LC_LOAD_DYLIB,      LC_LOAD_WEAK_DYLIB,   LC_REEXPORT_DYLIB,
	    LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB,
	};
	struct macho_image img;
	uint8_t *buf;

	FIELD(im, cmd + 8, 4, 11, MACHO_E_STRING);
	FIELD(im, cmd + 8, 4, cmdsize, MACHO_E_STRING);
	FIELD(im, cmd + 8, 4, UINT32_MAX, MACHO_E_STRING);
	buf = dup_image(im->data, im->size);
	memset(buf + cmd + 12, 'a', cmdsize - 12);
	EXPECT(buf, im->size, MACHO_E_STRING);
	FIELD(im, find_cmd(im, LC_UUID), 4, LC_LOAD_DYLINKER, MACHO_E_CMD_DUPLICATE);

	for (size_t i = 0; i < sizeof(dylib_cmds) / sizeof(dylib_cmds[0]); i++) {
		buf = dup_image(im->data, im->size);
		put32(buf + cmd, dylib_cmds[i]);
		put32(buf + cmd + 8, 24);
		memcpy(buf + cmd + 24, "/a/b", 5);
		img = EXPECT(buf, im->size, MACHO_OK);
		CHECK(img.needs_dylinker && !macho_self_contained(&img));
		CHECK(img.dylinker[0] == '\0');

		buf = dup_image(im->data, im->size);
		put32(buf + cmd, dylib_cmds[i]);
		EXPECT(buf, im->size, MACHO_E_STRING); /* name offset 12 is inside dylib_command */
	}
}

/* Bind opcodes, undefined symbols and external relocations are imports. */
static void test_dyld_info(const struct image *im)
{
	size_t info = find_cmd(im, LC_DYLD_INFO_ONLY);
	size_t dysymtab = find_cmd(im, LC_DYSYMTAB);
	uint32_t rebase_off = get32(im->data + info + 8);
	struct macho_image img;

	img = FIELD(im, info, 4, LC_DYLD_INFO_ONLY, MACHO_OK);
	CHECK(!img.needs_dylinker && macho_self_contained(&img));
	for (size_t field = 20; field <= 36; field += 8) {
		uint8_t *buf = dup_image(im->data, im->size);

		put32(buf + info + field - 4, rebase_off);
		put32(buf + info + field, 8);
		img = EXPECT(buf, im->size, MACHO_OK);
		CHECK(img.needs_dylinker);
	}
	img = FIELD(im, dysymtab + 28, 4, 1, MACHO_OK);
	CHECK(img.needs_dylinker);
	img = FIELD(im, dysymtab + 68, 4, 1, MACHO_OK);
	CHECK(img.needs_dylinker);
	FIELD(im, info + 8, 4, (uint32_t)im->size, MACHO_E_LINKEDIT_RANGE);
	FIELD(im, info + 40, 4, 0xfffffff0, MACHO_E_LINKEDIT_RANGE);
	FIELD(im, info + 44, 4, (uint32_t)im->size, MACHO_E_LINKEDIT_RANGE);
	FIELD(im, find_cmd(im, LC_UUID), 4, LC_RPATH, MACHO_OK);
	FIELD(im, find_cmd(im, LC_UUID), 4, LC_DYLD_EXPORTS_TRIE, MACHO_OK);
	FIELD(im, find_cmd(im, LC_UUID), 4, 0x77, MACHO_OK);
	FIELD(im, find_cmd(im, LC_UUID), 4, 0x80000077, MACHO_E_CMD_UNKNOWN);
	FIELD(im, find_cmd(im, LC_UUID), 4, LC_UNIXTHREAD, MACHO_E_THREAD_STATE);
}

/* big_chained: one rebase chain, no imports. */
static void test_chained(const struct image *im)
{
	size_t cmd = find_cmd(im, LC_DYLD_CHAINED_FIXUPS);
	uint32_t off = get32(im->data + cmd + 8);
	uint32_t size = get32(im->data + cmd + 12);
	uint32_t starts = off + get32(im->data + off + 4);
	uint32_t nsegs = get32(im->data + starts);
	uint32_t seg_starts = 0;
	struct macho_image img;

	img = FIELD(im, cmd, 4, LC_DYLD_CHAINED_FIXUPS, MACHO_OK);
	CHECK(img.chained_pointers && !img.needs_dylinker && !macho_self_contained(&img));
	for (uint32_t i = 0; i < nsegs && seg_starts == 0; i++) {
		if (get32(im->data + starts + 4 + 4 * i) != 0)
			seg_starts = starts + get32(im->data + starts + 4 + 4 * i);
	}
	CHECK(seg_starts != 0);
	CHECK(get16(im->data + seg_starts + 20) == 1); /* page_count */

	/* No chain starts: plain data, and the kernel could start it. */
	img = FIELD(im, seg_starts + 22, 2, 0xffff, MACHO_OK);
	CHECK(!img.chained_pointers && macho_self_contained(&img));
	img = FIELD(im, starts + 4 + 8, 4, 0, MACHO_OK);
	CHECK(!img.chained_pointers);

	/* Imports, in range or not. */
	img = FIELD(im, off + 16, 4, 1, MACHO_E_CHAINED_FIXUPS); /* imports_offset == size */
	{
		uint8_t *buf = dup_image(im->data, im->size);

		put32(buf + off + 8, 32);
		put32(buf + off + 16, 2);
		img = EXPECT(buf, im->size, MACHO_OK);
		CHECK(img.needs_dylinker);
	}
	{
		uint8_t *buf = dup_image(im->data, im->size);

		put32(buf + off + 8, 32);
		put32(buf + off + 16, 2);
		put32(buf + off + 20, 9);
		EXPECT(buf, im->size, MACHO_E_CHAINED_FIXUPS);
	}
	FIELD(im, off + 16, 4, UINT32_MAX, MACHO_E_CHAINED_FIXUPS);

	FIELD(im, off, 4, 1, MACHO_E_CHAINED_FIXUPS);
	FIELD(im, off + 4, 4, size, MACHO_E_CHAINED_FIXUPS);
	FIELD(im, off + 4, 4, UINT32_MAX, MACHO_E_CHAINED_FIXUPS);
	FIELD(im, starts, 4, nsegs + 1, MACHO_E_CHAINED_FIXUPS);
	FIELD(im, starts, 4, UINT32_MAX, MACHO_E_CHAINED_FIXUPS);
	FIELD(im, starts + 4 + 8, 4, 0xffffff00, MACHO_E_CHAINED_FIXUPS);
	FIELD(im, seg_starts + 20, 2, 0xffff, MACHO_E_CHAINED_FIXUPS);
	FIELD(im, cmd + 12, 4, 27, MACHO_E_CHAINED_FIXUPS);
	FIELD(im, cmd + 8, 4, (uint32_t)im->size, MACHO_E_LINKEDIT_RANGE);
	FIELD(im, cmd + 12, 4, UINT32_MAX, MACHO_E_LINKEDIT_RANGE);
	FIELD(im, find_cmd(im, LC_DYLD_EXPORTS_TRIE), 4, LC_DYLD_CHAINED_FIXUPS,
	      MACHO_E_CMD_DUPLICATE);
}

/*
 * Every 32-bit field of the header and load commands (and of the chained
 * fixups, if any) set to awkward values, and every 64-bit field too: each
 * outcome is checked by parse_buf.
 */
static void sweep_fields(const struct image *im, size_t start, size_t end)
{
	for (size_t off = start; off + 4 <= end; off += 4) {
		uint32_t old = get32(im->data + off);
		const uint32_t values[] = {
		    0,
		    1,
		    7,
		    8,
		    0x1000,
		    0x7fffffff,
		    0x80000000,
		    UINT32_MAX,
		    old + 4,
		    old - 4,
		    old + 0x1000,
		    old ^ 0x80000000,
		    (uint32_t)im->size,
		    (uint32_t)im->size + 1,
		};

		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			uint8_t *buf = dup_image(im->data, im->size);
			struct macho_image img;

			put32(buf + off, values[v]);
			parse_buf(buf, im->size, &img);
		}
	}
	for (size_t off = start; off + 8 <= end; off += 8) {
		uint64_t old = get64(im->data + off);
		const uint64_t values[] = {
		    0, UINT64_MAX, 1ULL << 63, im->size, old + 0x1000, old - 0x1000, old + 0x4000,
		};

		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			uint8_t *buf = dup_image(im->data, im->size);
			struct macho_image img;

			put64(buf + off, values[v]);
			parse_buf(buf, im->size, &img);
		}
	}
}

static void sweep(const struct image *im)
{
	size_t start, end;

	sweep_fields(im, 0, 32 + sizeofcmds_of(im->data));
	chained_range(im, &start, &end);
	sweep_fields(im, start, end);
}

/*
 * Seeded random damage where the parser looks: the header and commands, the
 * chained fixups, and now and then anywhere.
 */
static void fuzz(const struct image *images, size_t nimages)
{
	unsigned long long state = FUZZ_SEED;
	unsigned accepted = 0;

	for (unsigned round = 0; round < FUZZ_ROUNDS; round++) {
		const struct image *im = &images[round % nimages];
		size_t header_end = 32 + sizeofcmds_of(im->data);
		uint8_t *buf = dup_image(im->data, im->size);
		unsigned flips = 1 + test_rand(&state) % 4;
		struct macho_image img;
		size_t chained, chained_end;

		chained_range(im, &chained, &chained_end);
		for (unsigned f = 0; f < flips; f++) {
			unsigned long long r = test_rand(&state);
			size_t off = (r >> 8) % header_end;

			if ((r & 7) == 0)
				off = (r >> 8) % im->size;
			else if ((r & 7) == 1 && chained_end > chained)
				off = chained + (r >> 8) % (chained_end - chained);

			if (r & 0x10)
				buf[off] ^= (uint8_t)(1u << ((r >> 5) & 7));
			else
				buf[off] = (uint8_t)(r >> 40);
		}
		if (parse_buf(buf, im->size, &img) == MACHO_OK)
			accepted++;
	}
	printf("fuzz: %u of %u damaged images still parse\n", accepted, FUZZ_ROUNDS);
}

/* Hand-built images: commands from 32, code at CODE, SIZE bytes in all. */
#define SYN_SIZE 0x3000u
#define SYN_CODE 0x800u
#define SYN_TEXT 0x100000000ULL

struct builder {
	uint8_t *buf;
	size_t end;
	uint32_t ncmds;
};

static void b_init(struct builder *b)
{
	b->buf = calloc(1, SYN_SIZE);
	CHECK(b->buf != NULL);
	put32(b->buf, MH_MAGIC_64);
	put32(b->buf + 4, CPU_TYPE_ARM64);
	put32(b->buf + 12, 2);
	put32(b->buf + SYN_CODE, BRK_0);
	b->end = 32;
	b->ncmds = 0;
}

static uint8_t *b_cmd(struct builder *b, uint32_t cmd, uint32_t cmdsize)
{
	uint8_t *p = b->buf + b->end;

	CHECK(b->end + cmdsize <= SYN_CODE);
	put32(p, cmd);
	put32(p + 4, cmdsize);
	b->end += cmdsize;
	b->ncmds++;
	return p;
}

static void b_segment(struct builder *b, const char *name, uint64_t vmaddr, uint64_t vmsize,
                      uint64_t fileoff, uint64_t filesize, uint32_t prot)
{
	uint8_t *p = b_cmd(b, LC_SEGMENT_64, 72);

	strncpy((char *)p + 8, name, 16);
	put64(p + 24, vmaddr);
	put64(p + 32, vmsize);
	put64(p + 40, fileoff);
	put64(p + 48, filesize);
	put32(p + 56, prot);
	put32(p + 60, prot);
}

static void b_text(struct builder *b)
{
	b_segment(b, "__TEXT", SYN_TEXT, 0x1000, 0, 0x1000, R | X);
}

static void b_main(struct builder *b, uint64_t entryoff, uint64_t stacksize)
{
	uint8_t *p = b_cmd(b, LC_MAIN, 24);

	put64(p + 8, entryoff);
	put64(p + 16, stacksize);
}

/* An LC_UNIXTHREAD whose one state is ARM_THREAD_STATE64 with the given pc. */
static void b_thread(struct builder *b, uint64_t pc)
{
	uint8_t *p = b_cmd(b, LC_UNIXTHREAD, 16 + 272);

	put32(p + 8, ARM_THREAD_STATE64);
	put32(p + 12, 68);
	put64(p + 16 + 256, pc);
}

static void b_dylinker(struct builder *b, size_t len)
{
	uint32_t cmdsize = (uint32_t)((12 + len + 1 + 7) & ~7u);
	uint8_t *p = b_cmd(b, LC_LOAD_DYLINKER, cmdsize);

	put32(p + 8, 12);
	memset(p + 12, 'd', len);
}

#define B_EXPECT(b, want) expect_at(__LINE__, b_finish(b), SYN_SIZE, want)

static uint8_t *b_finish(struct builder *b)
{
	put32(b->buf + 16, b->ncmds);
	put32(b->buf + 20, (uint32_t)(b->end - 32));
	return b->buf;
}

static void test_built_entries(void)
{
	struct builder b;
	struct macho_image img;
	uint8_t *p;

	b_init(&b);
	b_text(&b);
	b_main(&b, SYN_CODE, 0x20000);
	img = B_EXPECT(&b, MACHO_OK);
	CHECK(img.has_main && img.entry == SYN_TEXT + SYN_CODE && img.stack_size == 0x20000);
	CHECK(img.nsegments == 1 && img.pagezero_size == 0 && img.dylinker[0] == '\0');
	CHECK(img.vm_start == SYN_TEXT && img.vm_end == SYN_TEXT + 0x1000);
	CHECK(macho_self_contained(&img));

	b_init(&b);
	b_text(&b);
	b_thread(&b, SYN_TEXT + SYN_CODE);
	img = B_EXPECT(&b, MACHO_OK);
	CHECK(img.has_unixthread && !img.has_main && img.entry == SYN_TEXT + SYN_CODE);

	/* Another flavor first, as XNU allows. */
	b_init(&b);
	b_text(&b);
	p = b_cmd(&b, LC_UNIXTHREAD, 8 + 8 + 16 + 8 + 272);
	put32(p + 8, ARM_EXCEPTION_STATE64);
	put32(p + 12, 4);
	put32(p + 32, ARM_THREAD_STATE64);
	put32(p + 36, 68);
	put64(p + 40 + 256, SYN_TEXT + SYN_CODE);
	img = B_EXPECT(&b, MACHO_OK);
	CHECK(img.entry == SYN_TEXT + SYN_CODE);

	/* Malformed thread states. */
	b_init(&b);
	b_text(&b);
	p = b_cmd(&b, LC_UNIXTHREAD, 16 + 272);
	put32(p + 8, ARM_THREAD_STATE64);
	put32(p + 12, 67);
	B_EXPECT(&b, MACHO_E_THREAD_STATE);

	b_init(&b);
	b_text(&b);
	p = b_cmd(&b, LC_UNIXTHREAD, 16 + 272);
	put32(p + 8, ARM_EXCEPTION_STATE64);
	put32(p + 12, 68);
	B_EXPECT(&b, MACHO_E_THREAD_STATE);

	b_init(&b);
	b_text(&b);
	p = b_cmd(&b, LC_UNIXTHREAD, 16 + 272);
	put32(p + 8, ARM_THREAD_STATE64);
	put32(p + 12, 0x40000000);
	B_EXPECT(&b, MACHO_E_THREAD_STATE);

	b_init(&b);
	b_text(&b);
	p = b_cmd(&b, LC_UNIXTHREAD, 2 * (8 + 272) + 8);
	put32(p + 8, ARM_THREAD_STATE64);
	put32(p + 12, 68);
	put32(p + 8 + 280, ARM_THREAD_STATE64);
	put32(p + 12 + 280, 68);
	B_EXPECT(&b, MACHO_E_THREAD_STATE);

	b_init(&b);
	b_text(&b);
	b_cmd(&b, LC_UNIXTHREAD, 8);
	B_EXPECT(&b, MACHO_E_THREAD_STATE);

	/* One entry point, exactly. */
	b_init(&b);
	b_text(&b);
	b_thread(&b, SYN_TEXT + SYN_CODE);
	b_main(&b, SYN_CODE, 0);
	B_EXPECT(&b, MACHO_E_TWO_ENTRIES);

	b_init(&b);
	b_text(&b);
	b_thread(&b, SYN_TEXT + SYN_CODE);
	b_thread(&b, SYN_TEXT + SYN_CODE);
	img = B_EXPECT(&b, MACHO_E_CMD_DUPLICATE);
	CHECK(img.error_cmd == 2);

	b_init(&b);
	b_text(&b);
	img = B_EXPECT(&b, MACHO_E_NO_ENTRY);
	CHECK(img.error_cmd == MACHO_NO_CMD);

	/* The entry must be in an executable segment's file bytes. */
	b_init(&b);
	b_text(&b);
	b_thread(&b, SYN_TEXT + 0x1000);
	B_EXPECT(&b, MACHO_E_ENTRY);

	b_init(&b);
	b_segment(&b, "__TEXT", SYN_TEXT, 0x2000, 0, 0x1000, R | X);
	b_thread(&b, SYN_TEXT + 0x1800);
	B_EXPECT(&b, MACHO_E_ENTRY);

	b_init(&b);
	b_text(&b);
	b_segment(&b, "__DATA", SYN_TEXT + 0x1000, 0x1000, 0x1000, 0x1000, R | W);
	b_thread(&b, SYN_TEXT + 0x1000);
	B_EXPECT(&b, MACHO_E_ENTRY);

	b_init(&b);
	b_text(&b);
	b_segment(&b, "__CODE", SYN_TEXT + 0x1000, 0x1000, 0x1000, 0x1000, R | X);
	b_main(&b, 0x1000, 0);
	img = B_EXPECT(&b, MACHO_OK);
	CHECK(img.entry == SYN_TEXT + 0x1000);

	b_init(&b);
	b_segment(&b, "__CODE", SYN_TEXT, 0x1000, 0, 0x1000, R | X);
	b_main(&b, SYN_CODE, 0);
	img = B_EXPECT(&b, MACHO_E_NO_TEXT);
	CHECK(img.error_cmd == MACHO_NO_CMD);
}

static void test_built_segments(void)
{
	struct builder b;
	struct macho_image img;

	/* The table holds MACHO_MAX_SEGMENTS, __PAGEZERO apart. */
	for (unsigned extra = MACHO_MAX_SEGMENTS - 1; extra <= MACHO_MAX_SEGMENTS; extra++) {
		b_init(&b);
		b_segment(&b, "__PAGEZERO", 0, SYN_TEXT, 0, 0, 0);
		b_text(&b);
		for (unsigned i = 0; i < extra; i++) {
			char name[17];

			snprintf(name, sizeof(name), "__SEG%u", i);
			b_segment(&b, name, SYN_TEXT + 0x1000 * (i + 1), 0x1000, 0, 0, R);
		}
		b_main(&b, SYN_CODE, 0);
		img = B_EXPECT(&b, extra < MACHO_MAX_SEGMENTS ? MACHO_OK : MACHO_E_SEGMENT_MANY);
		if (extra < MACHO_MAX_SEGMENTS) {
			CHECK(img.nsegments == MACHO_MAX_SEGMENTS);
			CHECK(img.pagezero_size == SYN_TEXT);
			CHECK(img.vm_end == SYN_TEXT + 0x1000 * (extra + 1));
		} else {
			CHECK(img.error_cmd == MACHO_MAX_SEGMENTS + 1);
		}
	}

	/* __PAGEZERO after a segment it covers, and twice. */
	b_init(&b);
	b_text(&b);
	b_segment(&b, "__PAGEZERO", 0, SYN_TEXT + 0x1000, 0, 0, 0);
	b_main(&b, SYN_CODE, 0);
	B_EXPECT(&b, MACHO_E_SEGMENT_OVERLAP);

	b_init(&b);
	b_segment(&b, "__PAGEZERO", 0, 0x1000, 0, 0, 0);
	b_segment(&b, "__PAGEZERO", 0, 0x1000, 0, 0, 0);
	B_EXPECT(&b, MACHO_E_SEGMENT_DUPLICATE);

	/* Segments that share a page once their sizes are rounded up. */
	b_init(&b);
	b_segment(&b, "__TEXT", SYN_TEXT, 0x1800, 0, 0x1000, R | X);
	b_segment(&b, "__DATA", SYN_TEXT + 0x1000, 0x1000, 0, 0, R | W);
	b_main(&b, SYN_CODE, 0);
	B_EXPECT(&b, MACHO_E_SEGMENT_OVERLAP);

	/* Empty segments occupy nothing. */
	b_init(&b);
	b_text(&b);
	b_segment(&b, "__EMPTY", SYN_TEXT, 0, 0, 0, R);
	b_segment(&b, "__HIGH", 0x7ffff000000ULL, 0, 0, 0, R);
	b_main(&b, SYN_CODE, 0);
	img = B_EXPECT(&b, MACHO_OK);
	CHECK(img.nsegments == 3 && img.vm_start == SYN_TEXT && img.vm_end == SYN_TEXT + 0x1000);

	/* The top of the address space. */
	b_init(&b);
	b_text(&b);
	b_segment(&b, "__TOP", 0xffffffffffffe000ULL, 0x1000, 0, 0, R);
	b_main(&b, SYN_CODE, 0);
	img = B_EXPECT(&b, MACHO_OK);
	CHECK(img.vm_end == 0xfffffffffffff000ULL);

	b_init(&b);
	b_text(&b);
	b_segment(&b, "__TOP", 0xfffffffffffff000ULL, 0x1000, 0, 0, R);
	B_EXPECT(&b, MACHO_E_SEGMENT_WRAPS);

	b_init(&b);
	b_text(&b);
	b_segment(&b, "__TOP", 0xfffffffffffff000ULL, 0x800, 0, 0, R);
	B_EXPECT(&b, MACHO_E_SEGMENT_WRAPS);

	/* The whole file, and one byte more. */
	b_init(&b);
	b_segment(&b, "__TEXT", SYN_TEXT, 0x4000, 0, SYN_SIZE, R | X);
	b_main(&b, SYN_CODE, 0);
	B_EXPECT(&b, MACHO_OK);

	b_init(&b);
	b_segment(&b, "__TEXT", SYN_TEXT, 0x4000, 0, SYN_SIZE + 1, R | X);
	B_EXPECT(&b, MACHO_E_SEGMENT_FILE);
}

static void test_built_dylinker(void)
{
	struct builder b;
	struct macho_image img;

	b_init(&b);
	b_text(&b);
	b_dylinker(&b, MACHO_DYLINKER_MAX - 1);
	b_main(&b, SYN_CODE, 0);
	img = B_EXPECT(&b, MACHO_OK);
	CHECK(strlen(img.dylinker) == MACHO_DYLINKER_MAX - 1);
	CHECK(!img.needs_dylinker);

	b_init(&b);
	b_text(&b);
	b_dylinker(&b, MACHO_DYLINKER_MAX);
	b_main(&b, SYN_CODE, 0);
	B_EXPECT(&b, MACHO_E_DYLINKER_LONG);
}

static void test_strerror(void)
{
	for (int a = MACHO_OK; a <= MACHO_E_DYLIB_ENTRY; a++) {
		const char *msg = macho_strerror((enum macho_error)a);

		CHECK(msg != NULL && msg[0] != '\0');
		for (int b = MACHO_OK; b < a; b++)
			CHECK(strcmp(msg, macho_strerror((enum macho_error)b)) != 0);
	}
	CHECK(strcmp(macho_strerror((enum macho_error)(MACHO_E_DYLIB_ENTRY + 1)),
	             "unknown Mach-O error") == 0);
}

int main(void)
{
	struct image images[4];

	load(&images[0], "big");
	load(&images[1], "big_chained");
	load(&images[2], "imports_dylib");
	load(&images[3], "imports_chained");

	for (size_t i = 0; i < 4; i++)
		test_valid(&images[i]);
	test_truncated(&images[0]);
	test_truncated(&images[3]);
	test_header(&images[0]);
	test_command_sizes(&images[0]);
	test_segments(&images[0]);
	test_entry(&images[0]);
	test_paths(&images[0]);
	test_dyld_info(&images[0]);
	test_chained(&images[1]);
	for (size_t i = 0; i < 4; i++)
		sweep(&images[i]);
	fuzz(images, 4);

	test_built_entries();
	test_built_segments();
	test_built_dylinker();
	test_strerror();

	for (size_t i = 0; i < 4; i++)
		free(images[i].data);
	printf("PASS\n");
	return 0;
}
