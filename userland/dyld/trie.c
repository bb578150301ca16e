/*
 * A node is: terminal size (ULEB), the terminal's fields if it is not 0,
 * then a child count byte and per child a NUL-terminated edge label and the
 * child's offset from the trie's start (ULEB). The terminal's fields are
 * flags (ULEB) then, by flag, ordinal and name (re-export), stub and
 * resolver offsets, or the address.
 */
#include "trie.h"

#include <stdbool.h>
#include <string.h>

#include "stream.h"

#define KNOWN_FLAGS                                                                                \
	(DYLD_EXPORT_KIND_MASK | DYLD_EXPORT_WEAK_DEFINITION | DYLD_EXPORT_REEXPORT |              \
	 DYLD_EXPORT_STUB_AND_RESOLVER)

/* The trie, and what a lookup or walk has spent. */
struct trie {
	const uint8_t *data;
	size_t size;
	uint64_t path[DYLD_TRIE_DEPTH_MAX]; /* node offsets from the root down */
	unsigned depth;
	size_t visits;
};

/* Terminal fields, which must fill exactly the terminal's size. */
static enum dyld_error read_terminal(struct dyld_stream *s, struct dyld_export *exp)
{
	enum dyld_error err;
	uint64_t ordinal;

	memset(exp, 0, sizeof(*exp));
	err = dyld_stream_uleb(s, &exp->flags);
	if (err != DYLD_OK)
		return err;
	if ((exp->flags & ~(uint64_t)KNOWN_FLAGS) != 0 ||
	    (exp->flags & DYLD_EXPORT_KIND_MASK) == DYLD_EXPORT_KIND_MASK ||
	    ((exp->flags & DYLD_EXPORT_REEXPORT) && (exp->flags & DYLD_EXPORT_STUB_AND_RESOLVER)))
		return DYLD_E_TRIE_EXPORT;
	if (exp->flags & DYLD_EXPORT_REEXPORT) {
		err = dyld_stream_uleb(s, &ordinal);
		if (err == DYLD_OK)
			err = dyld_stream_string(s, &exp->reexport_name);
		exp->reexport_ordinal = ordinal > INT32_MAX ? INT32_MAX : (int64_t)ordinal;
	} else {
		err = dyld_stream_uleb(s, &exp->address);
		if (err == DYLD_OK && (exp->flags & DYLD_EXPORT_STUB_AND_RESOLVER))
			err = dyld_stream_uleb(s, &exp->resolver);
	}
	if (err != DYLD_OK)
		return err;
	return s->pos == s->end ? DYLD_OK : DYLD_E_TRIE_EXPORT;
}

/*
 * Enters the node at off: checks it is inside the trie and not already on
 * the path, and returns a stream over it (terminal size first).
 */
static enum dyld_error enter(struct trie *t, uint64_t off, struct dyld_stream *s)
{
	if (off >= t->size)
		return DYLD_E_TRIE_RANGE;
	for (unsigned i = 0; i < t->depth; i++) {
		if (t->path[i] == off)
			return DYLD_E_TRIE_LOOP;
	}
	if (t->depth == DYLD_TRIE_DEPTH_MAX || ++t->visits > t->size)
		return DYLD_E_TRIE_LOOP;
	t->path[t->depth++] = off;
	s->start = t->data;
	s->pos = t->data + off;
	s->end = t->data + t->size;
	return DYLD_OK;
}

/* Reads the node's terminal, if any, leaving s at its child count. */
static enum dyld_error read_node(struct dyld_stream *s, bool *terminal, struct dyld_export *exp)
{
	struct dyld_stream term;
	uint64_t tsize;
	enum dyld_error err;

	err = dyld_stream_uleb(s, &tsize);
	if (err != DYLD_OK)
		return DYLD_E_TRIE_RANGE;
	if (tsize >= (uint64_t)(s->end - s->pos))
		return DYLD_E_TRIE_RANGE; /* the child count byte must follow */
	*terminal = tsize != 0;
	if (*terminal) {
		term.start = s->start;
		term.pos = s->pos;
		term.end = s->pos + tsize;
		if (read_terminal(&term, exp) != DYLD_OK)
			return DYLD_E_TRIE_EXPORT;
	}
	s->pos += tsize;
	return DYLD_OK;
}

/* Reads one child edge: its label and the child's offset. */
static enum dyld_error read_edge(struct dyld_stream *s, const char **label, uint64_t *child)
{
	if (dyld_stream_string(s, label) != DYLD_OK || dyld_stream_uleb(s, child) != DYLD_OK)
		return DYLD_E_TRIE_RANGE;
	return DYLD_OK;
}

enum dyld_error dyld_trie_find(const uint8_t *trie, size_t size, const char *name,
                               struct dyld_export *out)
{
	struct trie t = {.data = trie, .size = size, .depth = 0, .visits = 0};
	struct dyld_stream s;
	uint64_t off = 0;
	enum dyld_error err;

	if (size == 0)
		return DYLD_E_NOT_FOUND;
	for (;;) {
		bool terminal, matched = false;
		uint8_t nchildren;

		err = enter(&t, off, &s);
		if (err == DYLD_OK)
			err = read_node(&s, &terminal, out);
		if (err != DYLD_OK)
			return err;
		if (*name == '\0')
			return terminal ? DYLD_OK : DYLD_E_NOT_FOUND;
		nchildren = *s.pos++;
		for (unsigned i = 0; i < nchildren && !matched; i++) {
			const char *label;
			size_t len;

			err = read_edge(&s, &label, &off);
			if (err != DYLD_OK)
				return err;
			len = strlen(label);
			if (strncmp(name, label, len) == 0) {
				name += len;
				matched = true;
			}
		}
		if (!matched)
			return DYLD_E_NOT_FOUND;
	}
}

enum dyld_error dyld_trie_lookup(const struct dyld_image *img, const char *name,
                                 struct dyld_export *out)
{
	enum dyld_error err;

	err = dyld_trie_find(img->file + img->exports.off, img->exports.size, name, out);
	if (err != DYLD_OK)
		return err;
	if ((out->flags & DYLD_EXPORT_REEXPORT) &&
	    (out->reexport_ordinal < 1 || out->reexport_ordinal > (int64_t)img->ndylibs))
		return DYLD_E_ORDINAL;
	return DYLD_OK;
}

struct walker {
	struct trie t;
	char name[DYLD_TRIE_NAME_MAX];
	dyld_export_fn fn;
	void *ctx;
};

/* Visits the node at off, whose name so far is name[0..len). */
static enum dyld_error walk_node(struct walker *w, uint64_t off, size_t len)
{
	struct dyld_stream s;
	struct dyld_export exp;
	bool terminal;
	uint8_t nchildren;
	enum dyld_error err;

	err = enter(&w->t, off, &s);
	if (err == DYLD_OK)
		err = read_node(&s, &terminal, &exp);
	if (err != DYLD_OK)
		return err;
	w->name[len] = '\0';
	if (terminal) {
		err = w->fn(w->ctx, w->name, &exp);
		if (err != DYLD_OK)
			return err;
	}
	nchildren = *s.pos++;
	for (unsigned i = 0; i < nchildren; i++) {
		const char *label;
		uint64_t child;
		size_t llen;

		err = read_edge(&s, &label, &child);
		if (err != DYLD_OK)
			return err;
		llen = strlen(label);
		if (llen >= sizeof(w->name) - len)
			return DYLD_E_TRIE_EXPORT;
		memcpy(w->name + len, label, llen);
		err = walk_node(w, child, len + llen);
		if (err != DYLD_OK)
			return err;
	}
	w->t.depth--;
	return DYLD_OK;
}

enum dyld_error dyld_trie_walk(const uint8_t *trie, size_t size, dyld_export_fn fn, void *ctx)
{
	struct walker w;

	if (size == 0)
		return DYLD_OK;
	w.t.data = trie;
	w.t.size = size;
	w.t.depth = 0;
	w.t.visits = 0;
	w.fn = fn;
	w.ctx = ctx;
	return walk_node(&w, 0, 0);
}
