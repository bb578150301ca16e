/*
 * Flattened device tree reader. See fdt.h for the contract.
 *
 * All structure-block access goes through read_token(), which checks that
 * the token, its name and its value lie inside the block before anything
 * looks at them. Every walk moves forward by at least one token, so walks end.
 */
#include <string.h>

#include "libkern/fdt.h"

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u

/* Header fields, as byte offsets into the blob. */
#define HDR_MAGIC             0
#define HDR_TOTALSIZE         4
#define HDR_OFF_DT_STRUCT     8
#define HDR_OFF_DT_STRINGS    12
#define HDR_OFF_MEM_RSVMAP    16
#define HDR_VERSION           20
#define HDR_LAST_COMP_VERSION 24
#define HDR_BOOT_CPUID_PHYS   28
#define HDR_SIZE_DT_STRINGS   32
#define HDR_SIZE_DT_STRUCT    36
#define HDR_SIZE_V16          36
#define HDR_SIZE_V17          40

/* Keeps every offset and offset + length computation inside an int. */
#define FDT_MAX_TOTALSIZE 0x7ffffff0u

#define RSV_ENTRY_SIZE 16

/* One decoded structure-block token. */
struct token {
	uint32_t tag;
	int next;            /* offset of the token after this one */
	const char *name;    /* BEGIN_NODE: node name; PROP: property name */
	const uint8_t *data; /* PROP: value */
	uint32_t len;        /* PROP: value length */
};

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t fdt_be64(const void *p)
{
	const uint8_t *b = p;

	return (uint64_t)fdt_be32(b) << 32 | fdt_be32(b + 4);
}

int fdt_read_cells(const void *p, uint32_t ncells, uint64_t *value)
{
	switch (ncells) {
	case 0:
		*value = 0;
		return 0;
	case 1:
		*value = fdt_be32(p);
		return 0;
	case 2:
		*value = fdt_be64(p);
		return 0;
	default:
		return -FDT_ERR_BADVALUE;
	}
}

/* strnlen, which C11 lacks: the length of s, or max if no NUL ends it within max bytes. */
static size_t len_within(const char *s, size_t max)
{
	const char *nul = memchr(s, '\0', max);

	return nul != NULL ? (size_t)(nul - s) : max;
}

static uint32_t align4(uint32_t x)
{
	return (x + 3) & ~3u;
}

/* Decodes the token at 'off', checking that all of it lies inside the block. */
static int read_token(const struct fdt *f, int off, struct token *t)
{
	const uint8_t *s = f->blob + f->struct_off;
	const char *strings = (const char *)f->blob + f->strings_off;
	uint32_t at, room, nameoff;
	size_t n;

	if (off < 0 || (off & 3) != 0 || (uint32_t)off > f->struct_size ||
	    f->struct_size - (uint32_t)off < 4)
		return -FDT_ERR_BADSTRUCT;
	at = (uint32_t)off;
	t->tag = fdt_be32(s + at);
	t->name = NULL;
	t->data = NULL;
	t->len = 0;
	room = f->struct_size - at - 4;
	switch (t->tag) {
	case FDT_BEGIN_NODE:
		t->name = (const char *)s + at + 4;
		n = len_within(t->name, room);
		if (n == room)
			return -FDT_ERR_BADSTRUCT;
		t->next = (int)align4(at + 4 + (uint32_t)n + 1);
		return 0;
	case FDT_PROP:
		if (room < 8)
			return -FDT_ERR_BADSTRUCT;
		t->len = fdt_be32(s + at + 4);
		nameoff = fdt_be32(s + at + 8);
		if (t->len > room - 8 || nameoff >= f->strings_size)
			return -FDT_ERR_BADSTRUCT;
		t->name = strings + nameoff;
		/* Every name was found NUL-terminated once (check_struct): not again each walk. */
		if (!f->checked &&
		    len_within(t->name, f->strings_size - nameoff) == f->strings_size - nameoff)
			return -FDT_ERR_BADSTRUCT;
		t->data = s + at + 12;
		t->next = (int)align4(at + 12 + t->len);
		return 0;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		t->next = (int)at + 4;
		return 0;
	default:
		return -FDT_ERR_BADSTRUCT;
	}
}

/*
 * Walks the whole structure block once so later walks can trust its shape:
 * one root named "", balanced nodes no deeper than FDT_MAX_DEPTH, properties
 * only inside a node and before its children, then FDT_END.
 */
static int check_struct(struct fdt *f)
{
	struct token t;
	int off = 0, depth = 0, err;
	bool seen_root = false, seen_child = false;

	for (;;) {
		err = read_token(f, off, &t);
		if (err < 0)
			return err;
		switch (t.tag) {
		case FDT_BEGIN_NODE:
			if (depth == 0) {
				if (seen_root || t.name[0] != '\0')
					return -FDT_ERR_BADSTRUCT;
				seen_root = true;
				f->root = off;
			} else if (t.name[0] == '\0') {
				return -FDT_ERR_BADSTRUCT;
			}
			if (++depth > FDT_MAX_DEPTH)
				return -FDT_ERR_TOODEEP;
			seen_child = false;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return -FDT_ERR_BADSTRUCT;
			depth--;
			seen_child = true;
			break;
		case FDT_PROP:
			if (depth == 0 || seen_child)
				return -FDT_ERR_BADSTRUCT;
			break;
		case FDT_END:
			return seen_root && depth == 0 ? 0 : -FDT_ERR_BADSTRUCT;
		}
		off = t.next;
	}
}

int fdt_open(struct fdt *f, const void *blob, size_t max)
{
	const uint8_t *b = blob;
	uint32_t version, hdrsize, total, i;

	memset(f, 0, sizeof(*f));
	if (b == NULL || max < 4)
		return -FDT_ERR_TRUNCATED;
	if (fdt_be32(b + HDR_MAGIC) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	if (max < HDR_SIZE_V16)
		return -FDT_ERR_TRUNCATED;
	version = fdt_be32(b + HDR_VERSION);
	if (version < 16 || fdt_be32(b + HDR_LAST_COMP_VERSION) > 17)
		return -FDT_ERR_BADVERSION;
	hdrsize = version >= 17 ? HDR_SIZE_V17 : HDR_SIZE_V16;
	total = fdt_be32(b + HDR_TOTALSIZE);
	if (total < hdrsize || total > max || total > FDT_MAX_TOTALSIZE)
		return -FDT_ERR_TRUNCATED;

	f->blob = b;
	f->totalsize = total;
	f->struct_off = fdt_be32(b + HDR_OFF_DT_STRUCT);
	f->strings_off = fdt_be32(b + HDR_OFF_DT_STRINGS);
	f->strings_size = fdt_be32(b + HDR_SIZE_DT_STRINGS);
	f->rsv_off = fdt_be32(b + HDR_OFF_MEM_RSVMAP);
	f->boot_cpuid = fdt_be32(b + HDR_BOOT_CPUID_PHYS);
	if (f->struct_off < hdrsize || f->strings_off < hdrsize || f->rsv_off < hdrsize ||
	    (f->struct_off & 3) != 0 || (f->rsv_off & 7) != 0)
		return -FDT_ERR_BADLAYOUT;
	if (f->struct_off > total || f->strings_off > total || f->rsv_off > total)
		return -FDT_ERR_TRUNCATED;
	/* Version 16 has no size_dt_struct; FDT_END bounds the block instead. */
	if (version >= 17)
		f->struct_size = fdt_be32(b + HDR_SIZE_DT_STRUCT);
	else
		f->struct_size = total - f->struct_off;
	if (f->struct_size > total - f->struct_off || f->strings_size > total - f->strings_off)
		return -FDT_ERR_TRUNCATED;

	/* The reservation block ends with an all-zero entry, which must be in bounds. */
	for (i = 0;; i++) {
		uint64_t at = f->rsv_off + (uint64_t)i * RSV_ENTRY_SIZE;

		if (at + RSV_ENTRY_SIZE > total)
			return -FDT_ERR_TRUNCATED;
		if (fdt_be64(b + at) == 0 && fdt_be64(b + at + 8) == 0)
			break;
	}
	f->nrsv = i;
	f->checked = false;
	int err = check_struct(f);
	f->checked = err == 0;
	return err;
}

const char *fdt_strerror(int err)
{
	switch (err < 0 ? -(unsigned)err : (unsigned)err) {
	case 0:
		return "no error";
	case FDT_ERR_NOTFOUND:
		return "not found";
	case FDT_ERR_BADMAGIC:
		return "bad magic number";
	case FDT_ERR_BADVERSION:
		return "unsupported format version";
	case FDT_ERR_TRUNCATED:
		return "blob or block truncated";
	case FDT_ERR_BADLAYOUT:
		return "misaligned block";
	case FDT_ERR_BADSTRUCT:
		return "malformed structure block";
	case FDT_ERR_TOODEEP:
		return "nodes nested too deeply";
	case FDT_ERR_BADVALUE:
		return "property has a bad length or value";
	case FDT_ERR_NOTRANSLATION:
		return "address not mapped to the CPU by the parent buses' ranges";
	case FDT_ERR_NOSPACE:
		return "buffer too small";
	default:
		return "unknown error";
	}
}

int fdt_rsv(const struct fdt *f, uint32_t index, uint64_t *base, uint64_t *size)
{
	const uint8_t *e;

	if (index >= f->nrsv)
		return -FDT_ERR_NOTFOUND;
	e = f->blob + f->rsv_off + (size_t)index * RSV_ENTRY_SIZE;
	*base = fdt_be64(e);
	*size = fdt_be64(e + 8);
	return 0;
}

/* Decodes 'node', which must be a BEGIN_NODE token. */
static int read_node(const struct fdt *f, int node, struct token *t)
{
	int err = read_token(f, node, t);

	if (err < 0)
		return err;
	return t->tag == FDT_BEGIN_NODE ? 0 : -FDT_ERR_BADSTRUCT;
}

int fdt_next_node(const struct fdt *f, int node, int *depth)
{
	struct token t;
	int off, err, d = 0;

	if (node == -1)
		return f->root;
	err = read_node(f, node, &t);
	if (err < 0)
		return err;
	for (off = t.next; err == 0; off = t.next) {
		err = read_token(f, off, &t);
		if (err < 0)
			break;
		if (t.tag == FDT_BEGIN_NODE) {
			if (depth != NULL)
				*depth += d + 1;
			return off;
		}
		if (t.tag == FDT_END_NODE)
			d--;
		else if (t.tag == FDT_END)
			err = -FDT_ERR_NOTFOUND;
	}
	return err;
}

int fdt_first_child(const struct fdt *f, int node)
{
	struct token t;
	int off, err;

	err = read_node(f, node, &t);
	if (err < 0)
		return err;
	for (off = t.next; err == 0; off = t.next) {
		err = read_token(f, off, &t);
		if (err < 0)
			break;
		if (t.tag == FDT_BEGIN_NODE)
			return off;
		if (t.tag == FDT_END_NODE)
			err = -FDT_ERR_NOTFOUND;
		else if (t.tag == FDT_END)
			err = -FDT_ERR_BADSTRUCT;
	}
	return err;
}

int fdt_next_sibling(const struct fdt *f, int node)
{
	struct token t;
	int off, depth = 1, err;

	/* Skip node's subtree, then any NOPs. */
	err = read_node(f, node, &t);
	if (err < 0)
		return err;
	for (off = t.next; depth > 0; off = t.next) {
		err = read_token(f, off, &t);
		if (err < 0)
			return err;
		if (t.tag == FDT_BEGIN_NODE && ++depth > FDT_MAX_DEPTH)
			return -FDT_ERR_TOODEEP;
		if (t.tag == FDT_END_NODE)
			depth--;
		if (t.tag == FDT_END)
			return -FDT_ERR_BADSTRUCT;
	}
	for (;; off = t.next) {
		err = read_token(f, off, &t);
		if (err < 0)
			return err;
		if (t.tag == FDT_BEGIN_NODE)
			return off;
		if (t.tag != FDT_NOP)
			return -FDT_ERR_NOTFOUND;
	}
}

/*
 * Fills stack[0..d] with the nodes from the root down to 'node' and returns
 * d, node's depth below the root.
 */
static int path_to(const struct fdt *f, int node, int stack[FDT_MAX_DEPTH])
{
	int cur = f->root, d = 0;

	stack[0] = cur;
	while (cur != node) {
		cur = fdt_next_node(f, cur, &d);
		if (cur < 0)
			return cur;
		if (d < 0)
			return -FDT_ERR_NOTFOUND;
		if (d >= FDT_MAX_DEPTH)
			return -FDT_ERR_TOODEEP;
		stack[d] = cur;
	}
	return d;
}

int fdt_parent(const struct fdt *f, int node)
{
	int stack[FDT_MAX_DEPTH];
	int d = path_to(f, node, stack);

	if (d < 0)
		return d;
	return d == 0 ? -FDT_ERR_NOTFOUND : stack[d - 1];
}

const char *fdt_node_name(const struct fdt *f, int node)
{
	struct token t;

	return read_node(f, node, &t) == 0 ? t.name : NULL;
}

int fdt_get_path(const struct fdt *f, int node, char *buf, size_t size)
{
	int stack[FDT_MAX_DEPTH];
	int d = path_to(f, node, stack), i;
	size_t len = 0, n;
	const char *name;

	if (d < 0)
		return d;
	if (size < 2)
		return -FDT_ERR_NOSPACE;
	buf[len++] = '/';
	for (i = 1; i <= d; i++) {
		name = fdt_node_name(f, stack[i]);
		if (name == NULL)
			return -FDT_ERR_BADSTRUCT;
		n = strlen(name);
		if (len + n + (i > 1) >= size)
			return -FDT_ERR_NOSPACE;
		if (i > 1)
			buf[len++] = '/';
		memcpy(buf + len, name, n);
		len += n;
	}
	buf[len] = '\0';
	return (int)len;
}

/*
 * Whether node name 'name' matches path component c[0..clen): exactly, or
 * by name alone when the component has no unit address.
 */
static bool name_matches(const char *name, const char *c, size_t clen)
{
	if (strncmp(name, c, clen) != 0)
		return false;
	if (name[clen] == '\0')
		return true;
	return name[clen] == '@' && memchr(c, '@', clen) == NULL;
}

/* Follows the components of p[0..len) from 'node' down. */
static int walk_path(const struct fdt *f, int node, const char *p, size_t len)
{
	const char *end = p + len;
	const char *c, *name;

	while (p < end) {
		if (*p == '/') {
			p++;
			continue;
		}
		for (c = p; c < end && *c != '/'; c++)
			if (*c == '\0')
				return -FDT_ERR_NOTFOUND;
		for (node = fdt_first_child(f, node); node >= 0; node = fdt_next_sibling(f, node)) {
			name = fdt_node_name(f, node);
			if (name == NULL)
				return -FDT_ERR_BADSTRUCT;
			if (name_matches(name, p, (size_t)(c - p)))
				break;
		}
		if (node < 0)
			return node;
		p = c;
	}
	return node;
}

static int getprop_n(const struct fdt *f, int node, const char *name, size_t namelen,
                     struct token *t)
{
	int off, err;

	err = read_node(f, node, t);
	if (err < 0)
		return err;
	for (off = t->next; err == 0; off = t->next) {
		err = read_token(f, off, t);
		if (err < 0)
			break;
		if (t->tag == FDT_PROP) {
			if (strlen(t->name) == namelen && memcmp(t->name, name, namelen) == 0)
				return 0;
		} else if (t->tag != FDT_NOP) {
			err = -FDT_ERR_NOTFOUND;
		}
	}
	return err;
}

int fdt_path_len(const struct fdt *f, const char *path, size_t len)
{
	const char *slash;
	struct token t;
	size_t n;
	int node, err;

	if (len == 0)
		return -FDT_ERR_NOTFOUND;
	if (path[0] == '/')
		return walk_path(f, f->root, path, len);

	/* An alias names an absolute path; the rest of 'path' continues from there. */
	slash = memchr(path, '/', len);
	n = slash != NULL ? (size_t)(slash - path) : len;
	node = walk_path(f, f->root, "/aliases", 8);
	if (node < 0)
		return node;
	err = getprop_n(f, node, path, n, &t);
	if (err < 0)
		return err;
	if (t.len == 0 || t.data[0] != '/' || t.data[t.len - 1] != '\0')
		return -FDT_ERR_BADVALUE;
	node = walk_path(f, f->root, (const char *)t.data, t.len - 1);
	if (node < 0)
		return node;
	return walk_path(f, node, path + n, len - n);
}

int fdt_path(const struct fdt *f, const char *path)
{
	return fdt_path_len(f, path, strlen(path));
}

int fdt_getprop(const struct fdt *f, int node, const char *name, const void **data, uint32_t *len)
{
	struct token t;
	int err = getprop_n(f, node, name, strlen(name), &t);

	if (err < 0)
		return err;
	*data = t.data;
	*len = t.len;
	return 0;
}

int fdt_getprop_u32(const struct fdt *f, int node, const char *name, uint32_t *value)
{
	const void *data;
	uint32_t len;
	int err = fdt_getprop(f, node, name, &data, &len);

	if (err < 0)
		return err;
	if (len != 4)
		return -FDT_ERR_BADVALUE;
	*value = fdt_be32(data);
	return 0;
}

int fdt_getprop_string(const struct fdt *f, int node, const char *name, const char **s)
{
	const void *data;
	uint32_t len;
	size_t n;
	int err = fdt_getprop(f, node, name, &data, &len);

	if (err < 0)
		return err;
	n = len_within(data, len);
	if (n == len)
		return -FDT_ERR_BADVALUE;
	*s = data;
	return (int)n;
}

bool fdt_stringlist_contains(const void *list, uint32_t len, const char *s)
{
	const char *p = list;
	size_t want = strlen(s), n;

	while (len > 0) {
		n = len_within(p, len);
		if (n == len)
			return false;
		if (n == want && memcmp(p, s, n) == 0)
			return true;
		p += n + 1;
		len -= (uint32_t)n + 1;
	}
	return false;
}

int fdt_node_is_compatible(const struct fdt *f, int node, const char *compat)
{
	const void *data;
	uint32_t len;
	int err = fdt_getprop(f, node, "compatible", &data, &len);

	if (err == -FDT_ERR_NOTFOUND)
		return 0;
	if (err < 0)
		return err;
	return fdt_stringlist_contains(data, len, compat);
}

int fdt_next_compatible(const struct fdt *f, int after, const char *compat)
{
	int node = after, match;

	for (;;) {
		node = fdt_next_node(f, node, NULL);
		if (node < 0)
			return node;
		match = fdt_node_is_compatible(f, node, compat);
		if (match != 0)
			return match < 0 ? match : node;
	}
}

bool fdt_node_enabled(const struct fdt *f, int node)
{
	const char *status;
	int err = fdt_getprop_string(f, node, "status", &status);

	if (err == -FDT_ERR_NOTFOUND)
		return true;
	return err >= 0 && (strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0);
}

int fdt_find_phandle(const struct fdt *f, uint32_t phandle)
{
	uint32_t v;
	int node;

	/* 0 and ~0 are never valid phandles. */
	if (phandle == 0 || phandle == 0xffffffffu)
		return -FDT_ERR_NOTFOUND;
	for (node = f->root; node >= 0; node = fdt_next_node(f, node, NULL)) {
		if (fdt_getprop_u32(f, node, "phandle", &v) == 0 && v == phandle)
			return node;
		if (fdt_getprop_u32(f, node, "linux,phandle", &v) == 0 && v == phandle)
			return node;
	}
	return node;
}

static int cells(const struct fdt *f, int node, const char *name, int dflt)
{
	uint32_t v;
	int err = fdt_getprop_u32(f, node, name, &v);

	if (err == -FDT_ERR_NOTFOUND)
		return dflt;
	if (err < 0)
		return err;
	return v <= 4 ? (int)v : -FDT_ERR_BADVALUE;
}

int fdt_address_cells(const struct fdt *f, int node)
{
	return cells(f, node, "#address-cells", 2);
}

int fdt_size_cells(const struct fdt *f, int node)
{
	return cells(f, node, "#size-cells", 1);
}

/* Node's "reg" and the widths of its fields, from the parent bus. */
struct reg {
	const uint8_t *data;
	uint32_t count; /* entries */
	uint32_t ac;    /* address cells */
	uint32_t sc;    /* size cells */
};

static int reg_layout(const struct fdt *f, int node, struct reg *r)
{
	const void *data;
	uint32_t len, entry;
	int parent, ac, sc, err;

	parent = fdt_parent(f, node);
	if (parent < 0)
		return parent;
	ac = fdt_address_cells(f, parent);
	if (ac < 0)
		return ac;
	sc = fdt_size_cells(f, parent);
	if (sc < 0)
		return sc;
	if (ac < 1 || ac > 2 || sc > 2)
		return -FDT_ERR_BADVALUE;
	err = fdt_getprop(f, node, "reg", &data, &len);
	if (err < 0)
		return err;
	entry = 4 * (uint32_t)(ac + sc);
	if (len % entry != 0)
		return -FDT_ERR_BADVALUE;
	r->data = data;
	r->count = len / entry;
	r->ac = (uint32_t)ac;
	r->sc = (uint32_t)sc;
	return 0;
}

int fdt_reg_count(const struct fdt *f, int node)
{
	struct reg r;
	int err = reg_layout(f, node, &r);

	return err < 0 ? err : (int)r.count;
}

int fdt_reg(const struct fdt *f, int node, uint32_t index, uint64_t *base, uint64_t *size)
{
	struct reg r;
	const uint8_t *e;
	int err = reg_layout(f, node, &r);

	if (err < 0)
		return err;
	if (index >= r.count)
		return -FDT_ERR_NOTFOUND;
	e = r.data + (size_t)index * 4 * (r.ac + r.sc);
	fdt_read_cells(e, r.ac, base);
	fdt_read_cells(e + 4 * r.ac, r.sc, size);
	return 0;
}

/*
 * Maps [*addr, *addr + size) from bus's child address space to its parent's
 * through bus's "ranges"; an empty "ranges" is the identity.
 */
static int translate(const struct fdt *f, int bus, int parent, uint64_t *addr, uint64_t size)
{
	const uint8_t *data;
	const void *v;
	uint32_t len, entry, i;
	uint64_t child, pbase, rsize, off;
	int cac, pac, sc, err;

	err = fdt_getprop(f, bus, "ranges", &v, &len);
	if (err == -FDT_ERR_NOTFOUND)
		return -FDT_ERR_NOTRANSLATION;
	if (err < 0)
		return err;
	if (len == 0)
		return 0;
	cac = fdt_address_cells(f, bus);
	pac = fdt_address_cells(f, parent);
	sc = fdt_size_cells(f, bus);
	if (cac < 1 || cac > 2 || pac < 1 || pac > 2 || sc < 1 || sc > 2)
		return -FDT_ERR_BADVALUE;
	entry = 4 * (uint32_t)(cac + pac + sc);
	if (len % entry != 0)
		return -FDT_ERR_BADVALUE;
	data = v;
	for (i = 0; i < len / entry; i++, data += entry) {
		fdt_read_cells(data, (uint32_t)cac, &child);
		fdt_read_cells(data + 4 * cac, (uint32_t)pac, &pbase);
		fdt_read_cells(data + 4 * (cac + pac), (uint32_t)sc, &rsize);
		if (*addr < child)
			continue;
		off = *addr - child;
		if (off >= rsize || size > rsize - off || pbase + off < pbase)
			continue;
		*addr = pbase + off;
		return 0;
	}
	return -FDT_ERR_NOTRANSLATION;
}

int fdt_reg_phys(const struct fdt *f, int node, uint32_t index, uint64_t *base, uint64_t *size)
{
	int stack[FDT_MAX_DEPTH];
	int d, i, err;

	err = fdt_reg(f, node, index, base, size);
	if (err < 0)
		return err;
	d = path_to(f, node, stack);
	if (d < 0)
		return d;
	/* stack[d - 1] is node's bus; the root's children are already CPU addresses. */
	for (i = d - 1; i >= 1; i--) {
		err = translate(f, stack[i], stack[i - 1], base, *size);
		if (err < 0)
			return err;
	}
	return 0;
}
