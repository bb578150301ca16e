/*
 * What ld64.lld cannot make, made by hand: chained fixups in pointer format 6
 * (Apple's) and format 2 with multi-start pages, high8 and every import
 * format, walked and applied; exports tries with re-exports, stubs and
 * resolvers, absolute and thread-local symbols; LEB128 at its limits.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyld/apply.h"
#include "dyld/chained.h"
#include "dyld/link.h"
#include "dyld/stream.h"
#include "dyld/trie.h"
#include "fixture.h"
#include "host/check.h"
#include "synth.h"

struct seen {
	struct dyld_fixup fx[8];
	unsigned n;
};

static enum dyld_error record(void *ctx, const struct dyld_fixup *fx)
{
	struct seen *s = ctx;

	CHECK(s->n < 8);
	s->fx[s->n++] = *fx;
	return DYLD_OK;
}

static enum dyld_error resolve(void *ctx, const struct dyld_fixup *fx, uint64_t *address)
{
	(void)ctx;
	if (strcmp(fx->symbol, "_first") == 0) {
		*address = 0x500000000ull;
		return DYLD_OK;
	}
	return DYLD_E_NOT_FOUND;
}

static void check_chains(unsigned pointer_format, unsigned import_format)
{
	struct synth s;
	struct dyld_image img;
	struct seen seen = {.n = 0};
	int64_t addend = import_format == 1 ? 0 : SYNTH_ADDEND;
	const uint64_t slide = 0x20000;
	uint8_t *mem;

	synth_build(&s, pointer_format, import_format);
	fixture_parse(s.file, s.size, &img);
	CHECK(dyld_chained_walk(&img, record, &seen) == DYLD_OK);
	CHECK(seen.n == 4);

	/* Page 0, first chain: a rebase with high8, then a bind with an inline addend. */
	CHECK(seen.fx[0].kind == DYLD_FIXUP_REBASE && seen.fx[0].segment == 2);
	CHECK(seen.fx[0].address == SYNTH_DATA && seen.fx[0].target == SYNTH_BASE + 0x1000);
	CHECK(seen.fx[0].high8 == 0x12);
	CHECK(seen.fx[1].kind == DYLD_FIXUP_BIND && seen.fx[1].address == SYNTH_DATA + 8);
	CHECK(strcmp(seen.fx[1].symbol, "_first") == 0 && seen.fx[1].ordinal == 1);
	CHECK(seen.fx[1].addend == 5 && !seen.fx[1].weak_import);
	/* Page 0, second chain: the weak flat-lookup import with the table's addend. */
	CHECK(seen.fx[2].kind == DYLD_FIXUP_BIND && seen.fx[2].address == SYNTH_DATA + 0x100);
	CHECK(strcmp(seen.fx[2].symbol, "_second") == 0);
	CHECK(seen.fx[2].ordinal == DYLD_ORDINAL_FLAT_LOOKUP && seen.fx[2].weak_import);
	CHECK(seen.fx[2].addend == addend);
	/* Page 1. */
	CHECK(seen.fx[3].kind == DYLD_FIXUP_REBASE);
	CHECK(seen.fx[3].address == SYNTH_DATA + SYNTH_PAGE + 0x10);
	CHECK(seen.fx[3].target == SYNTH_DATA + 8 && seen.fx[3].high8 == 0);

	mem = fixture_map(&img);
	CHECK(dyld_apply(&img, mem, slide, DYLD_BIND_NOW, resolve, NULL) == DYLD_OK);
	CHECK(macho_le64(mem + 0x4000) == ((SYNTH_BASE + 0x1000 + slide) | 0x12ull << 56));
	CHECK(macho_le64(mem + 0x4008) == 0x500000000ull + 5);
	CHECK(macho_le64(mem + 0x4100) == 0); /* weak and missing */
	CHECK(macho_le64(mem + 0x4000 + SYNTH_PAGE + 0x10) == SYNTH_DATA + 8 + slide);
	free(mem);
	free(s.file);
	printf("format %u, imports %u: walked and applied\n", pointer_format, import_format);
}

/* --- exports tries --- */

/* A node: terminal bytes and up to four children by index. */
struct tnode {
	const char *term; /* terminal bytes (flags first), NULL if none */
	size_t tlen;
	unsigned n;
	const char *label[5];
	unsigned child[5];
};

/* Serializes nodes in order; all offsets stay below 128 (one-byte ULEBs). */
static size_t trie_build(const struct tnode *nodes, unsigned count, uint8_t *out)
{
	size_t off[16], pos = 0;

	CHECK(count <= 16);
	for (int pass = 0; pass < 2; pass++) {
		pos = 0;
		for (unsigned i = 0; i < count; i++) {
			const struct tnode *n = &nodes[i];

			off[i] = pos;
			out[pos++] = (uint8_t)n->tlen;
			if (n->tlen != 0)
				memcpy(out + pos, n->term, n->tlen);
			pos += n->tlen;
			out[pos++] = (uint8_t)n->n;
			for (unsigned c = 0; c < n->n; c++) {
				size_t len = strlen(n->label[c]) + 1;

				memcpy(out + pos, n->label[c], len);
				pos += len;
				out[pos++] = pass == 0 ? 0 : (uint8_t)off[n->child[c]];
			}
		}
	}
	CHECK(pos < 128);
	return pos;
}

static const struct tnode sample[] = {
    /* 0 */ {NULL, 0, 1, {"_"}, {1}},
    /* 1 */ {NULL, 0, 5, {"a", "re", "stub", "kabs", "tlv"}, {2, 3, 5, 6, 7}},
    /* 2 */ {"\x00\x10", 2, 0, {0}, {0}},
    /* 3 */ {"\x08\x01_other", 9, 1, {"_same"}, {4}},
    /* 4 */ {"\x08\x02", 3, 0, {0}, {0}},
    /* 5 */ {"\x10\x20\x30", 3, 0, {0}, {0}},
    /* 6 */ {"\x02\xb4\x24", 3, 0, {0}, {0}},
    /* 7 */ {"\x05\x40", 2, 0, {0}, {0}},
};

static void check_trie(void)
{
	uint8_t t[128];
	size_t size = trie_build(sample, 8, t);
	struct dyld_export e;

	CHECK(dyld_trie_find(t, size, "_a", &e) == DYLD_OK);
	CHECK(e.flags == DYLD_EXPORT_KIND_REGULAR && e.address == 0x10);
	CHECK(dyld_trie_find(t, size, "_re", &e) == DYLD_OK);
	CHECK(e.flags == DYLD_EXPORT_REEXPORT && e.reexport_ordinal == 1);
	CHECK(strcmp(e.reexport_name, "_other") == 0);
	CHECK(dyld_trie_find(t, size, "_re_same", &e) == DYLD_OK);
	CHECK(e.reexport_ordinal == 2 && strcmp(e.reexport_name, "") == 0);
	CHECK(dyld_trie_find(t, size, "_stub", &e) == DYLD_OK);
	CHECK(e.flags == DYLD_EXPORT_STUB_AND_RESOLVER && e.address == 0x20 && e.resolver == 0x30);
	CHECK(dyld_trie_find(t, size, "_kabs", &e) == DYLD_OK);
	CHECK(e.flags == DYLD_EXPORT_KIND_ABSOLUTE && e.address == 0x1234);
	CHECK(dyld_trie_find(t, size, "_tlv", &e) == DYLD_OK);
	CHECK(e.flags == (DYLD_EXPORT_KIND_THREAD_LOCAL | DYLD_EXPORT_WEAK_DEFINITION));
	CHECK(dyld_trie_find(t, size, "_", &e) == DYLD_E_NOT_FOUND);
	CHECK(dyld_trie_find(t, size, "_r", &e) == DYLD_E_NOT_FOUND);
	CHECK(dyld_trie_find(t, size, "_re_", &e) == DYLD_E_NOT_FOUND);
	CHECK(dyld_trie_find(t, size, "_kab", &e) == DYLD_E_NOT_FOUND);
	CHECK(dyld_trie_find(t, 0, "_a", &e) == DYLD_E_NOT_FOUND);

	/* The image-level lookup checks re-export ordinals against the dylibs. */
	{
		struct synth s;
		struct dyld_image img;

		synth_build(&s, 6, 1);
		fixture_parse(s.file, s.size, &img);
		CHECK(img.ndylibs == 1);
		memcpy(s.file + SYNTH_LINKEDIT + 0x100, t, size);
		img.exports.off = SYNTH_LINKEDIT + 0x100;
		img.exports.size = (uint32_t)size;
		CHECK(dyld_trie_lookup(&img, "_re", &e) == DYLD_OK);
		CHECK(dyld_trie_lookup(&img, "_re_same", &e) == DYLD_E_ORDINAL);
		free(s.file);
	}
	printf("hand-made trie: lookups\n");
}

/* --- LEB128 --- */

static enum dyld_error uleb(const char *bytes, size_t n, uint64_t *v)
{
	struct dyld_stream s = {(const uint8_t *)bytes, (const uint8_t *)bytes,
	                        (const uint8_t *)bytes + n};

	return dyld_stream_uleb(&s, v);
}

static enum dyld_error sleb(const char *bytes, size_t n, int64_t *v)
{
	struct dyld_stream s = {(const uint8_t *)bytes, (const uint8_t *)bytes,
	                        (const uint8_t *)bytes + n};

	return dyld_stream_sleb(&s, v);
}

static void check_leb(void)
{
	uint64_t u;
	int64_t i;

	CHECK(uleb("\xe5\x8e\x26", 3, &u) == DYLD_OK && u == 624485);
	CHECK(uleb("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10, &u) == DYLD_OK &&
	      u == UINT64_MAX);
	CHECK(uleb("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10, &u) == DYLD_E_ULEB);
	CHECK(uleb("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 11, &u) == DYLD_E_ULEB);
	CHECK(uleb("\x80\x80", 2, &u) == DYLD_E_ULEB);
	CHECK(uleb("", 0, &u) == DYLD_E_ULEB);
	CHECK(sleb("\x7f", 1, &i) == DYLD_OK && i == -1);
	CHECK(sleb("\xc0\xbb\x78", 3, &i) == DYLD_OK && i == -123456);
	CHECK(sleb("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f", 10, &i) == DYLD_OK &&
	      i == INT64_MIN);
	CHECK(sleb("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00", 10, &i) == DYLD_OK &&
	      i == INT64_MAX);
	CHECK(sleb("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x3f", 10, &i) == DYLD_E_SLEB);
	CHECK(sleb("\xff", 1, &i) == DYLD_E_SLEB);
	printf("LEB128 limits\n");
}

/* --- initializer order over a hand-made graph --- */

/*
 * main -> a, b; a -> c; b -> c and b -> a; c -> a (a cycle a-c) and c -> main
 * upward. Expected: c's cycle is cut at a, so c, a, b, main; then d, which
 * nothing reaches.
 */
static void check_init_order(void)
{
	struct dyld_image img[5];
	struct dyld_loaded l[5], *images[5], *order[5];
	struct dyld_namespace ns = {images, 5};
	enum { MAIN, A, B, C, D };

	memset(img, 0, sizeof(img));
	memset(l, 0, sizeof(l));
	for (int i = 0; i < 5; i++) {
		l[i].img = &img[i];
		images[i] = &l[i];
	}
	img[MAIN].ndylibs = 2;
	l[MAIN].deps[0] = &l[A];
	l[MAIN].deps[1] = &l[B];
	img[A].ndylibs = 1;
	l[A].deps[0] = &l[C];
	img[B].ndylibs = 2;
	l[B].deps[0] = &l[C];
	l[B].deps[1] = &l[A];
	img[C].ndylibs = 2;
	l[C].deps[0] = &l[A];
	l[C].deps[1] = &l[MAIN];
	img[C].dylibs[1].kind = DYLD_DYLIB_UPWARD;
	CHECK(dyld_link_init_order(&ns, order) == DYLD_OK);
	CHECK(order[0] == &l[C] && order[1] == &l[A] && order[2] == &l[B]);
	CHECK(order[3] == &l[MAIN] && order[4] == &l[D]);
	printf("initializer order\n");
}

int main(void)
{
	for (unsigned imports = 1; imports <= 3; imports++) {
		check_chains(6, imports);
		check_chains(2, imports);
	}
	check_trie();
	check_leb();
	check_init_order();
	printf("PASS\n");
	return 0;
}
