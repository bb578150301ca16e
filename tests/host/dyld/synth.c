#include "synth.h"

#include <stdlib.h>
#include <string.h>

#include "host/check.h"

#define FILE_SIZE (SYNTH_LINKEDIT + 0x200u)

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint8_t *segment(uint8_t *p, const char *name, uint64_t vmaddr, uint64_t vmsize,
                        uint64_t fileoff, uint64_t filesize, uint32_t prot)
{
	put32(p, 0x19);
	put32(p + 4, 72);
	strncpy((char *)p + 8, name, 16);
	put64(p + 24, vmaddr);
	put64(p + 32, vmsize);
	put64(p + 40, fileoff);
	put64(p + 48, filesize);
	put32(p + 56, prot);
	put32(p + 60, prot);
	return p + 72;
}

/* The chained fixups table; returns its size. */
static uint32_t chained(uint8_t *t, unsigned pointer_format, unsigned import_format)
{
	static const uint32_t width[] = {0, 4, 8, 16};
	uint32_t seg = SYNTH_SEG_STARTS, imports = SYNTH_PAGE_START + 8, symbols;

	CHECK(import_format >= 1 && import_format <= 3);
	symbols = imports + 2 * width[import_format];
	put32(t + 4, SYNTH_STARTS);
	put32(t + 8, imports);
	put32(t + 12, symbols);
	put32(t + 16, 2);
	put32(t + 20, import_format);
	/* Starts in image: __PAGEZERO, __TEXT, __DATA, __LINKEDIT. */
	put32(t + SYNTH_STARTS, 4);
	put32(t + SYNTH_STARTS + 4 + 2 * 4, seg - SYNTH_STARTS);
	/* __DATA: two pages, page 0 a multi-start list in the overflow entries. */
	put32(t + seg, 22 + 4 * 2);
	put16(t + seg + 4, SYNTH_PAGE);
	put16(t + seg + 6, (uint16_t)pointer_format);
	put64(t + seg + 8, SYNTH_DATA - SYNTH_BASE);
	put16(t + seg + 20, 2);
	put16(t + SYNTH_PAGE_START, 0x8000 | 2);
	put16(t + SYNTH_PAGE_START + 2, 0x10);
	put16(t + SYNTH_PAGE_START + 4, 0x0);
	put16(t + SYNTH_PAGE_START + 6, 0x8000 | 0x100);
	/* Imports: _first from dylib 1; _second weak, flat lookup. */
	switch (import_format) {
	case 1:
		put32(t + imports, 1 | 0u << 9);
		put32(t + imports + 4, 0xfe | 1u << 8 | 7u << 9);
		break;
	case 2:
		put32(t + imports, 1 | 0u << 9);
		put32(t + imports + 8, 0xfe | 1u << 8 | 7u << 9);
		put32(t + imports + 12, (uint32_t)SYNTH_ADDEND);
		break;
	default:
		put64(t + imports, 1 | (uint64_t)0 << 32);
		put64(t + imports + 16, 0xfffe | 1u << 16 | (uint64_t)7 << 32);
		put64(t + imports + 24, (uint64_t)SYNTH_ADDEND);
		break;
	}
	memcpy(t + symbols, "_first\0_second", 15);
	return symbols + 15;
}

void synth_build(struct synth *s, unsigned pointer_format, unsigned import_format)
{
	uint8_t *f = calloc(1, FILE_SIZE), *p;
	uint32_t csize;
	uint64_t target;

	CHECK(f != NULL);
	csize = chained(f + SYNTH_LINKEDIT, pointer_format, import_format);
	put32(f, 0xfeedfacf);
	put32(f + 4, 0x0100000c);
	put32(f + 12, 2);
	p = f + 32;
	p = segment(p, "__PAGEZERO", 0, SYNTH_BASE, 0, 0, 0);
	p = segment(p, "__TEXT", SYNTH_BASE, 0x4000, 0, 0x4000, 5);
	p = segment(p, "__DATA", SYNTH_DATA, 2 * SYNTH_PAGE, SYNTH_DATA_OFF, 2 * SYNTH_PAGE, 3);
	p = segment(p, "__LINKEDIT", SYNTH_DATA + 2 * SYNTH_PAGE, 0x4000, SYNTH_LINKEDIT,
	            FILE_SIZE - SYNTH_LINKEDIT, 1);
	put32(p, 0x80000034); /* LC_DYLD_CHAINED_FIXUPS */
	put32(p + 4, 16);
	put32(p + 8, SYNTH_LINKEDIT);
	put32(p + 12, csize);
	p += 16;
	put32(p, 0xc); /* LC_LOAD_DYLIB */
	put32(p + 4, 48);
	put32(p + 8, 24);
	strcpy((char *)p + 24, "/usr/lib/libfix.dylib");
	p += 48;
	put32(p, 0x80000028); /* LC_MAIN */
	put32(p + 4, 24);
	put64(p + 8, SYNTH_ENTRY - SYNTH_BASE);
	p += 24;
	put32(f + 16, 7);
	put32(f + 20, (uint32_t)(p - (f + 32)));
	s->file = f;
	s->size = FILE_SIZE;

	/* Format 6 rebases hold offsets from the base; format 2 addresses. */
	target = pointer_format == 6 ? 0 : SYNTH_BASE;
	synth_set(s, 0x0, (target + 0x1000) | (uint64_t)0x12 << 36 | (uint64_t)2 << 51);
	synth_set(s, 0x8, (uint64_t)1 << 63 | 0 | (uint64_t)5 << 24);
	synth_set(s, 0x100, (uint64_t)1 << 63 | 1);
	synth_set(s, SYNTH_PAGE + 0x10, target + (SYNTH_DATA - SYNTH_BASE) + 0x8);
}

uint64_t synth_get(const struct synth *s, uint32_t offset)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8; i++)
		v |= (uint64_t)s->file[SYNTH_DATA_OFF + offset + i] << (8 * i);
	return v;
}

void synth_set(struct synth *s, uint32_t offset, uint64_t value)
{
	put64(s->file + SYNTH_DATA_OFF + offset, value);
}
