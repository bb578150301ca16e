/*
 * A bounded reader over a linkedit table (opcode streams, the exports trie):
 * ULEB128/SLEB128 numbers and NUL-terminated strings, each checked to end
 * inside [start, end). Pure; a failed read leaves the position where it was.
 */
#ifndef DYLD_STREAM_H
#define DYLD_STREAM_H

#include <stdint.h>

#include "error.h"

struct dyld_stream {
	const uint8_t *start; /* first byte of the table */
	const uint8_t *pos;   /* next byte to read, in [start, end] */
	const uint8_t *end;   /* one past the last byte */
};

/* A ULEB128 number; DYLD_E_ULEB if it runs off the end or exceeds 64 bits. */
enum dyld_error dyld_stream_uleb(struct dyld_stream *s, uint64_t *value);

/* An SLEB128 number; DYLD_E_SLEB if it runs off the end or exceeds 64 bits. */
enum dyld_error dyld_stream_sleb(struct dyld_stream *s, int64_t *value);

/* A string inside the table, NUL included; DYLD_E_STRING if it has no NUL. */
enum dyld_error dyld_stream_string(struct dyld_stream *s, const char **str);

#endif
