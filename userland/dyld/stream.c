/* LEB128 as the Mach-O linkedit tables use it: 7 bits a byte, low first. */
#include "stream.h"

#include <stdbool.h>

/*
 * The tenth byte holds bit 63 alone; the rest of it must be zero (unsigned)
 * or copies of bit 63 (signed), and it must be the last.
 */
static bool read_leb(struct dyld_stream *s, bool is_signed, uint64_t *value)
{
	const uint8_t *p = s->pos;
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t byte;

	do {
		if (p == s->end)
			return false;
		byte = *p++;
		if (shift == 63) {
			uint8_t top = byte & 0x7f;

			if ((byte & 0x80) || (is_signed ? top != 0 && top != 0x7f : top > 1))
				return false;
		}
		v |= (uint64_t)(byte & 0x7f) << shift;
		shift += 7;
	} while (byte & 0x80);
	if (is_signed && shift < 64 && (byte & 0x40))
		v |= ~(uint64_t)0 << shift;
	s->pos = p;
	*value = v;
	return true;
}

enum dyld_error dyld_stream_uleb(struct dyld_stream *s, uint64_t *value)
{
	return read_leb(s, false, value) ? DYLD_OK : DYLD_E_ULEB;
}

enum dyld_error dyld_stream_sleb(struct dyld_stream *s, int64_t *value)
{
	uint64_t v;

	if (!read_leb(s, true, &v))
		return DYLD_E_SLEB;
	*value = (int64_t)v;
	return DYLD_OK;
}

enum dyld_error dyld_stream_string(struct dyld_stream *s, const char **str)
{
	for (const uint8_t *p = s->pos; p < s->end; p++) {
		if (*p == '\0') {
			*str = (const char *)s->pos;
			s->pos = p + 1;
			return DYLD_OK;
		}
	}
	return DYLD_E_STRING;
}
