/*
 * A reader for flattened device trees (DTB, Devicetree Specification v0.4,
 * chapter 5): the blob the boot loader or QEMU hands the kernel in x0.
 *
 * fdt_open() validates the header, the block layout, the memory reservation
 * block and the whole structure block once. Every other function still
 * bounds-checks each access, so a corrupt or hostile blob yields an error,
 * never a read outside [blob, blob + totalsize) or an endless loop.
 *
 * A node is named by its offset in the structure block, a non-negative int.
 * Functions returning int give an offset, a count or 0 on success and a
 * negative FDT_ERR_* on failure. Because fdt_open checked the whole tree, the
 * walks (fdt_next_node, fdt_first_child, fdt_next_sibling, fdt_parent) given
 * offsets they returned fail only with -FDT_ERR_NOTFOUND, at the end.
 * Returned pointers point into the blob: the caller keeps it mapped and
 * unchanged while a struct fdt refers to it.
 *
 * Nothing here allocates, sleeps or locks, and nothing writes the blob: any
 * number of readers may share one struct fdt.
 */
#ifndef LIBKERN_FDT_H
#define LIBKERN_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Nodes nested deeper than this (the root is depth 1) fail fdt_open. */
#define FDT_MAX_DEPTH 32

enum fdt_error {
	FDT_ERR_NOTFOUND = 1,  /* no such node, property or entry */
	FDT_ERR_BADMAGIC,      /* not a DTB */
	FDT_ERR_BADVERSION,    /* a format version this reader does not understand */
	FDT_ERR_TRUNCATED,     /* the blob or one of its blocks runs past its bounds */
	FDT_ERR_BADLAYOUT,     /* a block is misaligned or overlaps the header */
	FDT_ERR_BADSTRUCT,     /* bad token, name or property in the structure block */
	FDT_ERR_TOODEEP,       /* nodes nested deeper than FDT_MAX_DEPTH */
	FDT_ERR_BADVALUE,      /* a property's length or contents do not fit its meaning */
	FDT_ERR_NOTRANSLATION, /* an address no parent bus maps to the CPU */
	FDT_ERR_NOSPACE,       /* the caller's buffer is too small */
};

/* A validated blob. Filled by fdt_open; read-only afterwards. */
struct fdt {
	const uint8_t *blob;   /* the blob, at its header */
	uint32_t totalsize;    /* bytes of blob covered by the header */
	uint32_t struct_off;   /* structure block: offset from blob */
	uint32_t struct_size;  /* and length */
	uint32_t strings_off;  /* strings block: offset from blob */
	uint32_t strings_size; /* and length */
	uint32_t rsv_off;      /* memory reservation block: offset from blob */
	uint32_t nrsv;         /* reservation entries before the terminator */
	uint32_t boot_cpuid;   /* physical id of the boot CPU */
	int root;              /* offset of the root node */
	bool checked;          /* the structure block passed check_struct (fdt.c) */
};

/*
 * Validates the blob at 'blob', reading at most 'max' bytes, and fills *f.
 * Returns 0 or a negative FDT_ERR_*; on failure *f is unusable.
 */
int fdt_open(struct fdt *f, const void *blob, size_t max);

/* A short English description of a (negative or positive) FDT_ERR_* value. */
const char *fdt_strerror(int err);

/* Entry 'index' (< f->nrsv) of the memory reservation block. */
int fdt_rsv(const struct fdt *f, uint32_t index, uint64_t *base, uint64_t *size);

/*
 * The node after 'node' in document order; node -1 gives the root. If depth
 * is not NULL it is adjusted by the change in depth: +1 into a child, 0 to a
 * sibling, less than 0 back up. -FDT_ERR_NOTFOUND after the last node.
 */
int fdt_next_node(const struct fdt *f, int node, int *depth);

/* First child of 'node', or the next sibling of 'node'; -FDT_ERR_NOTFOUND if none. */
int fdt_first_child(const struct fdt *f, int node);
int fdt_next_sibling(const struct fdt *f, int node);

/* Parent of 'node'; -FDT_ERR_NOTFOUND for the root. Costs a walk from the root. */
int fdt_parent(const struct fdt *f, int node);

/* The node's name with its unit address ("memory@40000000"; "" for the root), or NULL. */
const char *fdt_node_name(const struct fdt *f, int node);

/*
 * Writes the node's full path ("/soc/serial@1000") to buf as a C string.
 * Returns its length, or -FDT_ERR_NOSPACE if it needs more than size bytes.
 */
int fdt_get_path(const struct fdt *f, int node, char *buf, size_t size);

/*
 * The node at 'path': absolute ("/cpus/cpu@0"), or starting with an alias
 * from /aliases ("serial0", "serial0/child"). A component without a unit
 * address matches the first child with that name and any unit address
 * ("/memory" finds "/memory@40000000"). fdt_path_len takes the length of
 * 'path' instead of a NUL, so a caller can drop a ":options" suffix.
 */
int fdt_path(const struct fdt *f, const char *path);
int fdt_path_len(const struct fdt *f, const char *path, size_t len);

/*
 * The first node after 'after' in document order whose "compatible" string
 * list contains 'compat', whatever its status; after -1 starts with the root.
 */
int fdt_next_compatible(const struct fdt *f, int after, const char *compat);

/* The node whose "phandle" (or older "linux,phandle") is 'phandle'. */
int fdt_find_phandle(const struct fdt *f, uint32_t phandle);

/* The value of node's property 'name': *data points into the blob, *len is its size. */
int fdt_getprop(const struct fdt *f, int node, const char *name, const void **data, uint32_t *len);

/* A property holding exactly one 32-bit cell; -FDT_ERR_BADVALUE for any other length. */
int fdt_getprop_u32(const struct fdt *f, int node, const char *name, uint32_t *value);

/*
 * A property holding a NUL-terminated string (the first, for a string list).
 * Returns its length; -FDT_ERR_BADVALUE if no NUL ends it within the property.
 */
int fdt_getprop_string(const struct fdt *f, int node, const char *name, const char **s);

/* Whether the string list (NUL-separated strings, len bytes) holds 's'. */
bool fdt_stringlist_contains(const void *list, uint32_t len, const char *s);

/* 1 if node's "compatible" holds 'compat', 0 if not (or it has none), or an error. */
int fdt_node_is_compatible(const struct fdt *f, int node, const char *compat);

/* Whether the node's "status" is absent, "okay" or "ok": the device may be used. */
bool fdt_node_enabled(const struct fdt *f, int node);

/* Big-endian loads from any alignment. */
uint32_t fdt_be32(const void *p);
uint64_t fdt_be64(const void *p);

/* Reads a number of 0, 1 or 2 cells; -FDT_ERR_BADVALUE for wider numbers. */
int fdt_read_cells(const void *p, uint32_t ncells, uint64_t *value);

/*
 * "#address-cells" and "#size-cells" of 'node', which give the layout of its
 * children's "reg": 2 and 1 when absent, -FDT_ERR_BADVALUE above 4.
 */
int fdt_address_cells(const struct fdt *f, int node);
int fdt_size_cells(const struct fdt *f, int node);

/*
 * The number of (address, size) entries in node's "reg", and entry 'index' in
 * the address space of node's parent bus. Only addresses and sizes of at most
 * 2 cells are decoded; wider ones (PCI) give -FDT_ERR_BADVALUE.
 */
int fdt_reg_count(const struct fdt *f, int node);
int fdt_reg(const struct fdt *f, int node, uint32_t index, uint64_t *base, uint64_t *size);

/*
 * Entry 'index' of node's "reg" translated to a CPU physical address through
 * the "ranges" of every bus between node and the root. A bus without
 * "ranges", or whose ranges do not cover the whole entry, gives
 * -FDT_ERR_NOTRANSLATION.
 */
int fdt_reg_phys(const struct fdt *f, int node, uint32_t index, uint64_t *base, uint64_t *size);

#endif /* LIBKERN_FDT_H */
