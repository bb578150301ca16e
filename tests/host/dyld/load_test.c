/*
 * The file loader (dyld/load.h) through fake file and memory callbacks:
 * the lld fixtures read (also in short pieces) and laid out at a slide with
 * each segment's bytes in place and the rest zero; then the malformed
 * corpus, each refused with its specific error by the same steps the
 * runtime takes (read, parse, map, apply): bad sizes, failing and lying
 * reads, the wrong file type, failed allocations, truncations, overlapping
 * segments, absurd spans and counts, bad load commands and bad fixup
 * chains. Every refusal leaves nothing allocated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyld/apply.h"
#include "dyld/load.h"
#include "fixture.h"
#include "host/check.h"

#define LC_SEGMENT_64          0x19u
#define LC_DYLD_CHAINED_FIXUPS 0x80000034u
#define PAGE                   4096u

/* A file in memory and an allocator that counts. */
struct fake {
	const uint8_t *data;
	size_t size;
	size_t piece;   /* pread gives at most this many bytes; 0: all asked */
	int read_error; /* pread fails */
	int read_more;  /* pread claims more bytes than asked */
	int fail_alloc; /* the fail_alloc-th allocation fails (1-based); 0: none */
	int allocs;
	long live; /* allocations not yet freed */
};

static long fake_pread(void *ctx, void *buf, uint64_t len, uint64_t off)
{
	struct fake *f = ctx;

	if (f->read_error)
		return -1;
	if (off >= f->size)
		return 0;
	if (len > f->size - off)
		len = f->size - off;
	if (f->piece && len > f->piece)
		len = f->piece;
	memcpy(buf, f->data + off, len);
	return f->read_more ? (long)len + 1 : (long)len;
}

static void *fake_allocate(void *ctx, uint64_t size)
{
	struct fake *f = ctx;
	uint64_t rounded = (size + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	void *p;

	if (++f->allocs == f->fail_alloc)
		return NULL;
	p = aligned_alloc(PAGE, rounded);
	CHECK(p != NULL);
	memset(p, 0, rounded);
	f->live++;
	return p;
}

static void fake_deallocate(void *ctx, void *mem, uint64_t size)
{
	struct fake *f = ctx;

	(void)size;
	free(mem);
	f->live--;
}

static struct dyld_load_ops ops_for(struct fake *f)
{
	return (struct dyld_load_ops){f, fake_pread, fake_allocate, fake_deallocate};
}

static enum dyld_error bind_anything(void *ctx, const struct dyld_fixup *fx, uint64_t *address)
{
	(void)ctx;
	(void)fx;
	*address = 0x1000;
	return DYLD_OK;
}

/* Read, map and apply, as the runtime does; whatever happens, nothing stays allocated. */
static enum dyld_error pipeline(struct fake *f, uint64_t claimed, uint32_t filetype)
{
	struct dyld_load_ops ops = ops_for(f);
	struct dyld_image img;
	struct dyld_mapping map;
	enum dyld_error err = dyld_load_read(&ops, claimed, filetype, &img, &map);

	if (err == DYLD_OK)
		err = dyld_load_map(&ops, &img, &map);
	if (err == DYLD_OK)
		err = dyld_apply(&img, map.mem, map.slide, DYLD_BIND_NOW, bind_anything, NULL);
	if (err != DYLD_OK || map.file != NULL)
		dyld_load_release(&ops, &map);
	CHECK(f->live == 0);
	CHECK(map.file == NULL && map.mem == NULL);
	return err;
}

static void check_layout(const char *name, uint32_t filetype, size_t piece)
{
	size_t size;
	uint8_t *file = fixture_read(name, &size, false);
	struct fake f = {.data = file, .size = size, .piece = piece};
	struct dyld_load_ops ops = ops_for(&f);
	struct dyld_image img;
	struct dyld_mapping map;

	CHECK(dyld_load_read(&ops, size, filetype, &img, &map) == DYLD_OK);
	CHECK(map.file_size == size && memcmp(map.file, file, size) == 0);
	CHECK(img.file == map.file);
	CHECK(dyld_load_map(&ops, &img, &map) == DYLD_OK);
	CHECK(map.mem_size == img.macho.vm_end - img.macho.vm_start);
	CHECK(map.slide == (uint64_t)(uintptr_t)map.mem - img.macho.vm_start);
	for (unsigned i = 0; i < img.macho.nsegments; i++) {
		const struct macho_segment *s = &img.macho.segments[i];
		const uint8_t *at = map.mem + (s->vmaddr - img.macho.vm_start);

		CHECK(memcmp(at, file + s->fileoff, s->filesize) == 0);
		for (uint64_t b = s->filesize; b < s->vmsize; b++)
			CHECK(at[b] == 0);
	}
	CHECK(dyld_apply(&img, map.mem, map.slide, DYLD_BIND_NOW, bind_anything, NULL) == DYLD_OK);
	CHECK(f.live == 2);
	printf("%s: laid out at slide 0x%llx (pieces of %zu)\n", name,
	       (unsigned long long)map.slide, piece);
	dyld_load_release(&ops, &map);
	CHECK(f.live == 0);
	free(file);
}

/* The offset of the nth (from 0) load command of type type. */
static size_t find_command(const uint8_t *file, uint32_t type, unsigned nth)
{
	uint32_t ncmds = macho_le32(file + 16);
	size_t at = 32;

	for (uint32_t i = 0; i < ncmds; i++) {
		if (macho_le32(file + at) == type && nth-- == 0)
			return at;
		at += macho_le32(file + at + 4);
	}
	fprintf(stderr, "no command 0x%x\n", type);
	abort();
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

typedef void (*damage_fn)(uint8_t *file, size_t size);

static unsigned count_segments(const uint8_t *file)
{
	uint32_t ncmds = macho_le32(file + 16);
	unsigned n = 0;
	size_t at = 32;

	for (uint32_t i = 0; i < ncmds; i++) {
		if (macho_le32(file + at) == LC_SEGMENT_64)
			n++;
		at += macho_le32(file + at + 4);
	}
	return n;
}

/* __TEXT (a dylib's first segment) grows into the next one. */
static void overlap_segments(uint8_t *file, size_t size)
{
	(void)size;
	size_t text = find_command(file, LC_SEGMENT_64, 0),
	       next = find_command(file, LC_SEGMENT_64, 1);
	put64(file + text + 32, macho_le64(file + next + 24) - macho_le64(file + text + 24) + PAGE);
}

/* __LINKEDIT, the last segment, grows to 2 GiB: no overlap, just too much. */
static void absurd_span(uint8_t *file, size_t size)
{
	(void)size;
	put64(file + find_command(file, LC_SEGMENT_64, count_segments(file) - 1) + 32, 2ull << 30);
}

static void cmdsize_zero(uint8_t *file, size_t size)
{
	(void)size;
	put32(file + 32 + 4, 0);
}

static void ncmds_absurd(uint8_t *file, size_t size)
{
	(void)size;
	put32(file + 16, 0xffffffu);
}

static void nsects_absurd(uint8_t *file, size_t size)
{
	(void)size;
	put32(file + find_command(file, LC_SEGMENT_64, 0) + 64, 0x10000u);
}

/* __LINKEDIT claims a terabyte of file. */
static void filesize_absurd(uint8_t *file, size_t size)
{
	(void)size;
	size_t last = find_command(file, LC_SEGMENT_64, count_segments(file) - 1);

	put64(file + last + 32, 1ull << 40);
	put64(file + last + 48, 1ull << 40);
}

/* The first segment's starts of the chained fixups: header, starts in image, segment. */
static uint8_t *chain_starts(uint8_t *file)
{
	size_t cmd = find_command(file, LC_DYLD_CHAINED_FIXUPS, 0);
	uint8_t *data = file + macho_le32(file + cmd + 8);
	uint8_t *image = data + macho_le32(data + 4);
	uint32_t nsegs = macho_le32(image);

	for (uint32_t i = 0; i < nsegs; i++) {
		uint32_t off = macho_le32(image + 4 + 4 * i);

		if (off != 0)
			return image + off;
	}
	abort();
}

static void chain_format(uint8_t *file, size_t size)
{
	(void)size;
	put16(chain_starts(file) + 6, 3);
}

static void chain_page_size(uint8_t *file, size_t size)
{
	(void)size;
	put16(chain_starts(file) + 4, 0x1234);
}

static void chain_page_start(uint8_t *file, size_t size)
{
	(void)size;
	uint8_t *seg = chain_starts(file);
	uint16_t page_size = (uint16_t)(seg[4] | seg[5] << 8);

	put16(seg + 22, page_size); /* page_start[0]: one past the page */
}

/* The first chain's first link points past its page. */
static void chain_off_page(uint8_t *file, size_t size)
{
	(void)size;
	uint8_t *seg = chain_starts(file);
	uint16_t start = (uint16_t)(seg[22] | seg[23] << 8);
	size_t data = find_command(file, LC_SEGMENT_64, 0);
	uint64_t segment_offset = macho_le64(seg + 8);
	uint8_t *link = NULL;

	/* The segment whose vmaddr - base is segment_offset holds the chain. */
	for (unsigned i = 0; i < count_segments(file); i++) {
		size_t at = find_command(file, LC_SEGMENT_64, i);

		if (macho_le64(file + at + 24) - macho_le64(file + data + 24) == segment_offset) {
			link = file + macho_le64(file + at + 40) + start;
			break;
		}
	}
	CHECK(link != NULL);
	/* DYLD_CHAINED_PTR_64: next is bits 51..62, in 4-byte strides; the most runs off. */
	uint64_t v = macho_le64(link);
	v |= (uint64_t)0xfff << 51;
	put64(link, v);
}

struct damage {
	const char *what;
	const char *fixture;
	damage_fn fn;
	enum dyld_error want;
	enum macho_error want_macho; /* with DYLD_E_MACHO */
};

static const struct damage corpus[] = {
    {"overlapping segments", "libfix.dylib", overlap_segments, DYLD_E_MACHO,
     MACHO_E_SEGMENT_OVERLAP},
    {"absurd span", "libfix.dylib", absurd_span, DYLD_E_SPAN, MACHO_OK},
    {"cmdsize 0", "libfix.dylib", cmdsize_zero, DYLD_E_MACHO, MACHO_E_CMD_SIZE},
    {"absurd ncmds", "libfix.dylib", ncmds_absurd, DYLD_E_MACHO, MACHO_E_NCMDS},
    {"absurd nsects", "libfix.dylib", nsects_absurd, DYLD_E_MACHO, MACHO_E_SECTIONS},
    {"absurd filesize", "libfix.dylib", filesize_absurd, DYLD_E_MACHO, MACHO_E_SEGMENT_FILE},
    {"chain format", "libfix_chained.dylib", chain_format, DYLD_E_CHAIN_FORMAT, MACHO_OK},
    {"chain page size", "libfix_chained.dylib", chain_page_size, DYLD_E_CHAIN_PAGE_SIZE, MACHO_OK},
    {"chain page start", "libfix_chained.dylib", chain_page_start, DYLD_E_CHAIN_PAGE_START,
     MACHO_OK},
    {"chain off its page", "libfix_chained.dylib", chain_off_page, DYLD_E_CHAIN_OFF_PAGE, MACHO_OK},
};

static void check_corpus(void)
{
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		const struct damage *d = &corpus[i];
		size_t size;
		uint8_t *file = fixture_read(d->fixture, &size, false);
		struct fake f;
		struct dyld_load_ops ops;
		struct dyld_image img;
		struct dyld_mapping map;
		enum dyld_error err;

		d->fn(file, size);
		f = (struct fake){.data = file, .size = size};
		err = pipeline(&f, size, MACHO_FILETYPE_DYLIB);
		if (err != d->want) {
			fprintf(stderr, "%s: got %s, want %s\n", d->what, dyld_strerror(err),
			        dyld_strerror(d->want));
			abort();
		}
		if (err == DYLD_E_MACHO) {
			f = (struct fake){.data = file, .size = size};
			ops = ops_for(&f);
			CHECK(dyld_load_read(&ops, size, MACHO_FILETYPE_DYLIB, &img, &map) == err);
			if (img.macho_error != d->want_macho) {
				fprintf(stderr, "%s: got %s, want %s\n", d->what,
				        macho_strerror(img.macho_error),
				        macho_strerror(d->want_macho));
				abort();
			}
			CHECK(f.live == 0);
		}
		printf("%s refused: %s\n", d->what, dyld_strerror(err));
		free(file);
	}
}

static void check_reads_and_sizes(void)
{
	size_t size;
	uint8_t *file = fixture_read("libfix.dylib", &size, false);
	struct fake f = {.data = file, .size = size};

	CHECK(pipeline(&f, 0, MACHO_FILETYPE_DYLIB) == DYLD_E_FILE_SIZE);
	CHECK(pipeline(&f, DYLD_LOAD_FILE_MAX + 1, MACHO_FILETYPE_DYLIB) == DYLD_E_FILE_SIZE);
	CHECK(f.allocs == 0);
	/* fstat said more than the file holds. */
	CHECK(pipeline(&f, size + 1, MACHO_FILETYPE_DYLIB) == DYLD_E_READ);
	f = (struct fake){.data = file, .size = size, .read_error = 1};
	CHECK(pipeline(&f, size, MACHO_FILETYPE_DYLIB) == DYLD_E_READ);
	f = (struct fake){.data = file, .size = size, .read_more = 1};
	CHECK(pipeline(&f, size, MACHO_FILETYPE_DYLIB) == DYLD_E_READ);
	f = (struct fake){.data = file, .size = size};
	CHECK(pipeline(&f, size, MACHO_FILETYPE_EXECUTE) == DYLD_E_FILETYPE);
	for (int n = 1; n <= 2; n++) {
		f = (struct fake){.data = file, .size = size, .fail_alloc = n};
		CHECK(pipeline(&f, size, MACHO_FILETYPE_DYLIB) == DYLD_E_NO_MEMORY);
	}
	free(file);
	file = fixture_read("prog_opcodes.macho", &size, false);
	f = (struct fake){.data = file, .size = size};
	CHECK(pipeline(&f, size, MACHO_FILETYPE_DYLIB) == DYLD_E_FILETYPE);
	printf("sizes, reads, file types and allocations refused\n");
	free(file);
}

/* Every truncation is refused, with nothing left allocated. */
static void check_truncations(const char *name)
{
	size_t size;
	uint8_t *file = fixture_read(name, &size, false);
	unsigned n = 0;

	for (size_t len = 1; len < size; len += len < 4096 ? 7 : 331) {
		uint8_t *cut = malloc(len);
		struct fake f = {.data = cut, .size = len};

		memcpy(cut, file, len);
		CHECK(pipeline(&f, len, MACHO_FILETYPE_DYLIB) != DYLD_OK);
		free(cut);
		n++;
	}
	printf("%s: %u truncations refused\n", name, n);
	free(file);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	check_layout("libfix.dylib", MACHO_FILETYPE_DYLIB, 0);
	check_layout("libfix_chained.dylib", MACHO_FILETYPE_DYLIB, 1000);
	check_layout("libre.dylib", MACHO_FILETYPE_DYLIB, 1);
	check_layout("prog_opcodes.macho", MACHO_FILETYPE_EXECUTE, 4096);
	check_reads_and_sizes();
	check_corpus();
	check_truncations("libfix.dylib");
	check_truncations("libfix_chained.dylib");
	printf("load_test: all checks passed\n");
	return 0;
}
