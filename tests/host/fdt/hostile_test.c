/*
 * Hostile input for the device tree reader (mach/libkern/fdt.c) and
 * platform_from_fdt: damaged headers, hand-built malformed structure
 * blocks, blobs cut at every length, and seeded random corruption. Each
 * blob sits in a buffer of exactly its size, so under AddressSanitizer any
 * read past it fails the test; a walk that never ends trips a step limit
 * (or the test timeout). Whatever fdt_open accepts must then answer every
 * query with a value or an error, and its walks must end with
 * -FDT_ERR_NOTFOUND as fdt.h promises.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kern/platform.h"
#include "libkern/fdt.h"
#include "blob.h"

#define DIR "tests/host/fdt/"

#define BEGIN_NODE 1
#define END_NODE   2
#define PROP       3
#define NOP        4
#define END        9

/* Header fields by byte offset. */
#define H_TOTALSIZE    4
#define H_OFF_STRUCT   8
#define H_OFF_STRINGS  12
#define H_OFF_RSVMAP   16
#define H_VERSION      20
#define H_LAST_COMP    24
#define H_SIZE_STRINGS 32
#define H_SIZE_STRUCT  36

/* More nodes than any blob here holds: reaching it means a walk went round. */
#define MAX_STEPS 100000

#define FUZZ_SEED 0x5eed0fd7ULL

static uint32_t get32(const uint8_t *p)
{
	return fdt_be32(p);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint8_t *copy(const uint8_t *blob, size_t size)
{
	uint8_t *c = malloc(size ? size : 1);

	CHECK(c != NULL);
	memcpy(c, blob, size);
	return c;
}

static struct platform plat;

/* Asks everything of an accepted blob; only safety and termination are checked. */
static void exercise(const struct fdt *f)
{
	static const char *const props[] = {
	    "compatible",         "reg",         "status",   "#address-cells",
	    "#size-cells",        "interrupts",  "ranges",   "phandle",
	    "device_type",        "stdout-path", "bootargs", "interrupt-parent",
	    "linux,initrd-start", "serial0",     "",
	};
	static const char *const paths[] = {
	    "/",       "/chosen", "/memory",   "/soc/serial@1000", "/cpus/cpu-map/cluster0/core0",
	    "serial0", "serial1", "serial1/x", "/aliases",         "/pl011@9000000",
	};
	char buf[64];
	const void *data;
	const char *s;
	uint64_t base, size;
	uint32_t len, v, i;
	int node, steps = 0, depth = 0, n, r;

	for (node = fdt_next_node(f, -1, &depth); node >= 0;
	     node = fdt_next_node(f, node, &depth)) {
		CHECK(++steps < MAX_STEPS);
		CHECK(depth >= 0 && depth < FDT_MAX_DEPTH);
		CHECK(fdt_node_name(f, node) != NULL);
		r = fdt_get_path(f, node, buf, sizeof(buf));
		CHECK(r >= 0 || r == -FDT_ERR_NOSPACE);
		r = fdt_parent(f, node);
		CHECK(r >= 0 || (r == -FDT_ERR_NOTFOUND && node == f->root));
		r = fdt_first_child(f, node);
		CHECK(r >= 0 || r == -FDT_ERR_NOTFOUND);
		r = fdt_next_sibling(f, node);
		CHECK(r >= 0 || r == -FDT_ERR_NOTFOUND);
		for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
			if (fdt_getprop(f, node, props[i], &data, &len) == 0)
				fdt_stringlist_contains(data, len, "arm,pl011");
			fdt_getprop_u32(f, node, props[i], &v);
			fdt_getprop_string(f, node, props[i], &s);
		}
		fdt_node_is_compatible(f, node, "virtio,mmio");
		fdt_node_enabled(f, node);
		fdt_address_cells(f, node);
		fdt_size_cells(f, node);
		n = fdt_reg_count(f, node);
		for (i = 0; (int)i < n && i < 4; i++) {
			CHECK_EQ(fdt_reg(f, node, i, &base, &size), 0);
			fdt_reg_phys(f, node, i, &base, &size);
		}
	}
	CHECK_EQ(node, -FDT_ERR_NOTFOUND);

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		fdt_path(f, paths[i]);
	fdt_path_len(f, "serial1:115200", 7);
	for (v = 0; v < 8; v++)
		fdt_find_phandle(f, v);
	for (i = 0; i < f->nrsv; i++)
		CHECK_EQ(fdt_rsv(f, i, &base, &size), 0);
	steps = 0;
	for (node = fdt_next_compatible(f, -1, "virtio,mmio"); node >= 0;
	     node = fdt_next_compatible(f, node, "virtio,mmio"))
		CHECK(++steps < MAX_STEPS);
}

/* Opens a damaged blob; if the reader accepts it, it must survive every query. */
static int try_blob(const uint8_t *blob, size_t size)
{
	struct fdt f;
	int err = fdt_open(&f, blob, size);

	if (err == 0)
		exercise(&f);
	if (platform_from_fdt(&plat, blob, size) != PLATFORM_OK)
		CHECK(platform_error(&plat)[0] != '\0');
	return err;
}

/* Opens a copy of blob with the 32-bit header field at 'field' set to v. */
static int with_field(const uint8_t *blob, size_t size, unsigned field, uint32_t v)
{
	uint8_t *c = copy(blob, size);
	int err;

	put32(c + field, v);
	err = try_blob(c, size);
	free(c);
	return err;
}

static void test_header(const uint8_t *blob, size_t size)
{
	uint32_t total = (uint32_t)size;
	uint32_t off_struct = get32(blob + H_OFF_STRUCT);
	uint32_t off_strings = get32(blob + H_OFF_STRINGS);
	struct fdt f;

	CHECK_EQ(try_blob(blob, size), 0);
	CHECK_EQ(fdt_open(&f, NULL, size), -FDT_ERR_TRUNCATED);
	CHECK_EQ(fdt_open(&f, blob, 3), -FDT_ERR_TRUNCATED);
	CHECK_EQ(fdt_open(&f, blob, 35), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, 0, 0xd00dfeee), -FDT_ERR_BADMAGIC);
	CHECK_EQ(with_field(blob, size, 0, 0xedfe0dd0), -FDT_ERR_BADMAGIC);

	CHECK_EQ(with_field(blob, size, H_VERSION, 15), -FDT_ERR_BADVERSION);
	CHECK_EQ(with_field(blob, size, H_LAST_COMP, 18), -FDT_ERR_BADVERSION);
	CHECK_EQ(with_field(blob, size, H_VERSION, 0xffffffff), 0);

	CHECK_EQ(with_field(blob, size, H_TOTALSIZE, total + 1), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, H_TOTALSIZE, 0xffffffff), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, H_TOTALSIZE, 39), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, H_TOTALSIZE, 0), -FDT_ERR_TRUNCATED);

	CHECK_EQ(with_field(blob, size, H_OFF_STRUCT, off_struct + 2), -FDT_ERR_BADLAYOUT);
	CHECK_EQ(with_field(blob, size, H_OFF_STRUCT, 0), -FDT_ERR_BADLAYOUT);
	CHECK_EQ(with_field(blob, size, H_OFF_STRUCT, (total + 3) & ~3u), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, H_OFF_STRUCT, 0xfffffffc), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, H_SIZE_STRUCT, 0xffffffff), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, H_SIZE_STRUCT, total - off_struct + 1), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, H_OFF_STRINGS, 0xffffffff), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, H_OFF_STRINGS, 8), -FDT_ERR_BADLAYOUT);
	CHECK_EQ(with_field(blob, size, H_SIZE_STRINGS, 0xffffffff), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, H_SIZE_STRINGS, total - off_strings + 1),
	         -FDT_ERR_TRUNCATED);

	/* The reservation block must be aligned and end inside the blob. */
	CHECK_EQ(with_field(blob, size, H_OFF_RSVMAP, get32(blob + H_OFF_RSVMAP) + 4),
	         -FDT_ERR_BADLAYOUT);
	CHECK_EQ(with_field(blob, size, H_OFF_RSVMAP, (total & ~7u) - 8), -FDT_ERR_TRUNCATED);
	CHECK_EQ(with_field(blob, size, H_OFF_RSVMAP, 0xfffffff8), -FDT_ERR_TRUNCATED);
}

/* A reservation block of nonzero entries running to the end of the blob. */
static void test_unterminated_rsvmap(const uint8_t *blob, size_t size)
{
	size_t big = size + 64;
	uint8_t *c = malloc(big);
	struct fdt f;

	CHECK(c != NULL);
	memcpy(c, blob, size);
	memset(c + size, 0xa5, big - size);
	put32(c + H_TOTALSIZE, (uint32_t)big);
	put32(c + H_OFF_RSVMAP, (uint32_t)(size + 7) & ~7u);
	CHECK_EQ(fdt_open(&f, c, big), -FDT_ERR_TRUNCATED);
	free(c);
}

/*
 * Cut the blob at every length: as a plain prefix (the header then claims
 * more than there is), with totalsize shrunk to match, and with the
 * structure or strings block alone cut short inside an intact blob.
 */
static void test_truncation(const uint8_t *blob, size_t size)
{
	uint32_t struct_size = get32(blob + H_SIZE_STRUCT);
	uint32_t strings_size = get32(blob + H_SIZE_STRINGS);
	uint32_t k;
	size_t len;

	for (len = 0; len < size; len++) {
		uint8_t *c = copy(blob, len);

		CHECK(try_blob(c, len) < 0);
		if (len >= 8) {
			put32(c + H_TOTALSIZE, (uint32_t)len);
			try_blob(c, len);
		}
		free(c);
	}
	/* The structure block ends with FDT_END, the strings block with a used name. */
	for (k = 0; k < struct_size; k++)
		CHECK(with_field(blob, size, H_SIZE_STRUCT, k) < 0);
	for (k = 0; k < strings_size; k++)
		CHECK(with_field(blob, size, H_SIZE_STRINGS, k) < 0);
}

/* Overwrites a few bytes, or a whole aligned word with a value the reader cares about. */
static void mutate(uint8_t *c, size_t size, unsigned long long *rng)
{
	static const uint32_t words[] = {0,    1,          2,          3,          4,
	                                 9,    0xffffffff, 0x7fffffff, 0x80000000, 0xfffffffc,
	                                 0x10, 0x28,       0x38,       0xd00dfeed};
	unsigned flips = 1 + (unsigned)(test_rand(rng) % 4), i;

	for (i = 0; i < flips; i++) {
		unsigned long long r = test_rand(rng);
		size_t at = (size_t)(r >> 8) % size;

		if ((r & 3) == 0 && size >= 4) {
			at &= ~(size_t)3;
			if (at + 4 > size)
				at = size - 4;
			put32(c + at, words[(r >> 2) % (sizeof(words) / sizeof(words[0]))]);
		} else if ((r & 3) == 1) {
			c[at] = (uint8_t)(r >> 40);
		} else {
			c[at] ^= (uint8_t)(1u << ((r >> 2) & 7));
		}
	}
}

static void test_fuzz(const uint8_t *blob, size_t size, unsigned rounds)
{
	unsigned long long rng = FUZZ_SEED;
	unsigned i, accepted = 0;

	for (i = 0; i < rounds; i++) {
		uint8_t *c = copy(blob, size);

		mutate(c, size, &rng);
		if (try_blob(c, size) == 0)
			accepted++;
		free(c);
	}
	/* Flips in property values leave the blob valid: both paths were taken. */
	CHECK(accepted > 0 && accepted < rounds);
	printf("fuzz: %u of %u damaged blobs still valid\n", accepted, rounds);
}

/* A hand-built blob: header, empty reservation block, structure and strings blocks. */
struct fab {
	uint8_t st[65536]; /* structure block */
	uint32_t stlen;
	char str[256]; /* strings block */
	uint32_t strlen;
};

static void fab_word(struct fab *b, uint32_t v)
{
	CHECK(b->stlen + 4 <= sizeof(b->st));
	put32(b->st + b->stlen, v);
	b->stlen += 4;
}

/* Appends raw bytes, padded with zeros to a token boundary. */
static void fab_bytes(struct fab *b, const void *p, uint32_t n)
{
	uint32_t padded = (n + 3) & ~3u;

	CHECK(b->stlen + padded <= sizeof(b->st));
	memset(b->st + b->stlen, 0, padded);
	memcpy(b->st + b->stlen, p, n);
	b->stlen += padded;
}

static void fab_begin(struct fab *b, const char *name)
{
	fab_word(b, BEGIN_NODE);
	fab_bytes(b, name, (uint32_t)strlen(name) + 1);
}

static void fab_prop(struct fab *b, const char *name, const void *value, uint32_t len)
{
	uint32_t nameoff = b->strlen;

	CHECK(b->strlen + strlen(name) + 1 <= sizeof(b->str));
	memcpy(b->str + b->strlen, name, strlen(name) + 1);
	b->strlen += (uint32_t)strlen(name) + 1;
	fab_word(b, PROP);
	fab_word(b, len);
	fab_word(b, nameoff);
	fab_bytes(b, value, len);
}

static uint8_t *fab_blob(const struct fab *b, size_t *size)
{
	const uint32_t rsv = 40, off_struct = rsv + 16, off_strings = off_struct + b->stlen;
	uint8_t *blob;

	*size = off_strings + b->strlen;
	blob = calloc(1, *size);
	CHECK(blob != NULL);
	put32(blob, 0xd00dfeed);
	put32(blob + H_TOTALSIZE, (uint32_t)*size);
	put32(blob + H_OFF_STRUCT, off_struct);
	put32(blob + H_OFF_STRINGS, off_strings);
	put32(blob + H_OFF_RSVMAP, rsv);
	put32(blob + H_VERSION, 17);
	put32(blob + H_LAST_COMP, 16);
	put32(blob + H_SIZE_STRINGS, b->strlen);
	put32(blob + H_SIZE_STRUCT, b->stlen);
	memcpy(blob + off_struct, b->st, b->stlen);
	memcpy(blob + off_strings, b->str, b->strlen);
	return blob;
}

static int fab_open(const struct fab *b)
{
	size_t size;
	uint8_t *blob = fab_blob(b, &size);
	int err = try_blob(blob, size);

	free(blob);
	return err;
}

static struct fab fab;

static void fab_reset(void)
{
	memset(&fab, 0, sizeof(fab));
}

static void test_fabricated(void)
{
	static const char compat[] = "virtio,mmio";
	static const uint8_t reg[] = {0, 0x10, 0, 0, 0, 0, 0x02, 0};
	struct fdt f;
	const void *data;
	uint64_t base, sz;
	uint32_t len;
	size_t size;
	uint8_t *blob;
	int i, child;

	/* The smallest tree. */
	fab_reset();
	fab_begin(&fab, "");
	fab_word(&fab, END_NODE);
	fab_word(&fab, END);
	CHECK_EQ(fab_open(&fab), 0);

	/* NOPs anywhere between tokens change nothing. */
	fab_reset();
	fab_word(&fab, NOP);
	fab_begin(&fab, "");
	fab_word(&fab, NOP);
	fab_prop(&fab, "#address-cells", "\0\0\0\1", 4);
	fab_word(&fab, NOP);
	fab_prop(&fab, "#size-cells", "\0\0\0\1", 4);
	fab_word(&fab, NOP);
	fab_begin(&fab, "dev@100000");
	fab_word(&fab, NOP);
	fab_prop(&fab, "compatible", compat, sizeof(compat));
	fab_word(&fab, NOP);
	fab_prop(&fab, "reg", reg, sizeof(reg));
	fab_word(&fab, NOP);
	fab_word(&fab, END_NODE);
	fab_word(&fab, NOP);
	fab_begin(&fab, "other");
	fab_word(&fab, END_NODE);
	fab_word(&fab, NOP);
	fab_word(&fab, END_NODE);
	fab_word(&fab, NOP);
	fab_word(&fab, END);
	blob = fab_blob(&fab, &size);
	CHECK_EQ(fdt_open(&f, blob, size), 0);
	child = fdt_path(&f, "/dev");
	CHECK(child >= 0);
	CHECK_EQ(fdt_first_child(&f, f.root), child);
	CHECK_EQ(fdt_next_sibling(&f, child), fdt_path(&f, "/other"));
	CHECK_EQ(fdt_next_compatible(&f, -1, "virtio,mmio"), child);
	CHECK_EQ(fdt_getprop(&f, child, "reg", &data, &len), 0);
	CHECK_EQ(len, 8);
	CHECK_EQ(fdt_reg(&f, child, 0, &base, &sz), 0);
	CHECK_EQ(base, 0x100000);
	CHECK_EQ(sz, 0x200);
	free(blob);

	/* No FDT_END. */
	fab_reset();
	fab_begin(&fab, "");
	fab_word(&fab, END_NODE);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);

	/* A node never closed, and one closed twice. */
	fab_reset();
	fab_begin(&fab, "");
	fab_begin(&fab, "a");
	fab_word(&fab, END_NODE);
	fab_word(&fab, END);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);
	fab_reset();
	fab_begin(&fab, "");
	fab_word(&fab, END_NODE);
	fab_word(&fab, END_NODE);
	fab_word(&fab, END);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);

	/* Two roots; a named root; a child without a name. */
	fab_reset();
	fab_begin(&fab, "");
	fab_word(&fab, END_NODE);
	fab_begin(&fab, "");
	fab_word(&fab, END_NODE);
	fab_word(&fab, END);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);
	fab_reset();
	fab_begin(&fab, "root");
	fab_word(&fab, END_NODE);
	fab_word(&fab, END);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);
	fab_reset();
	fab_begin(&fab, "");
	fab_begin(&fab, "");
	fab_word(&fab, END_NODE);
	fab_word(&fab, END_NODE);
	fab_word(&fab, END);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);

	/* A property outside any node, and one after a child node. */
	fab_reset();
	fab_prop(&fab, "x", "", 1);
	fab_begin(&fab, "");
	fab_word(&fab, END_NODE);
	fab_word(&fab, END);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);
	fab_reset();
	fab_begin(&fab, "");
	fab_begin(&fab, "a");
	fab_word(&fab, END_NODE);
	fab_prop(&fab, "x", "", 1);
	fab_word(&fab, END_NODE);
	fab_word(&fab, END);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);

	/* An unknown token. */
	fab_reset();
	fab_begin(&fab, "");
	fab_word(&fab, 7);
	fab_word(&fab, END_NODE);
	fab_word(&fab, END);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);

	/* A node name that runs to the end of the structure block. */
	fab_reset();
	fab_begin(&fab, "");
	fab_word(&fab, BEGIN_NODE);
	fab_bytes(&fab, "abcdefgh", 8);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);

	/* Property lengths past the block, by one byte and by nearly 4 GiB. */
	fab_reset();
	fab_begin(&fab, "");
	fab_prop(&fab, "x", "abcd", 4);
	fab_word(&fab, END_NODE);
	fab_word(&fab, END);
	put32(fab.st + 12, fab.stlen - 20 + 1);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);
	put32(fab.st + 12, 0xfffffff8);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);
	/* A name offset at, then past, the end of the strings block. */
	put32(fab.st + 12, 4);
	put32(fab.st + 16, fab.strlen);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);
	put32(fab.st + 16, 0xffffffff);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);
	/* A property name whose NUL lies outside the strings block. */
	put32(fab.st + 16, 0);
	CHECK_EQ(fab_open(&fab), 0);
	fab.strlen--;
	CHECK_EQ(fab_open(&fab), -FDT_ERR_BADSTRUCT);

	/* Nesting: FDT_MAX_DEPTH levels are fine, one more is not, nor thousands. */
	for (i = FDT_MAX_DEPTH - 1; i <= FDT_MAX_DEPTH + 1; i++) {
		int j;

		fab_reset();
		fab_begin(&fab, "");
		for (j = 1; j < i; j++)
			fab_begin(&fab, "n");
		for (j = 0; j < i; j++)
			fab_word(&fab, END_NODE);
		fab_word(&fab, END);
		CHECK_EQ(fab_open(&fab), i <= FDT_MAX_DEPTH ? 0 : -FDT_ERR_TOODEEP);
	}
	fab_reset();
	fab_begin(&fab, "");
	while (fab.stlen + 8 <= sizeof(fab.st) - 4)
		fab_begin(&fab, "n");
	fab_word(&fab, END);
	CHECK_EQ(fab_open(&fab), -FDT_ERR_TOODEEP);
}

/* Offsets that are not nodes: each query must refuse them. */
static void test_bad_offsets(const uint8_t *blob, size_t size)
{
	static const int offsets[] = {-2, -1000, 1, 2, 3, 0x7ffffffc, 0x7fffffff};
	const void *data;
	const char *s;
	uint64_t base, sz;
	uint32_t len, v, i;
	struct fdt f;
	char buf[32];

	CHECK_EQ(fdt_open(&f, blob, size), 0);
	for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		int o = offsets[i];

		CHECK(fdt_node_name(&f, o) == NULL);
		CHECK(fdt_first_child(&f, o) < 0);
		CHECK(fdt_next_sibling(&f, o) < 0);
		CHECK(fdt_parent(&f, o) < 0);
		CHECK(fdt_get_path(&f, o, buf, sizeof(buf)) < 0);
		CHECK(fdt_getprop(&f, o, "reg", &data, &len) < 0);
		CHECK(fdt_getprop_u32(&f, o, "reg", &v) < 0);
		CHECK(fdt_getprop_string(&f, o, "reg", &s) < 0);
		CHECK(fdt_reg_count(&f, o) < 0);
		CHECK(fdt_reg_phys(&f, o, 0, &base, &sz) < 0);
		CHECK(!fdt_node_enabled(&f, o));
		if (o != -1)
			CHECK(fdt_next_node(&f, o, NULL) < 0);
	}
	/* A property token's offset is a valid token but not a node. */
	CHECK(fdt_node_name(&f, f.root + 8) == NULL);
}

int main(void)
{
	size_t board_size, virt_size;
	uint8_t *board = load_blob(DIR "board.dtb", &board_size);
	uint8_t *virt = load_blob(DIR "virt_compact.dtb", &virt_size);

	test_header(board, board_size);
	test_header(virt, virt_size);
	test_unterminated_rsvmap(board, board_size);
	test_fabricated();
	test_bad_offsets(board, board_size);
	test_truncation(board, board_size);
	test_truncation(virt, virt_size);
	test_fuzz(board, board_size, 20000);
	test_fuzz(virt, virt_size, 5000);
	free(board);
	free(virt);
	printf("hostile_test: ok\n");
	return 0;
}
