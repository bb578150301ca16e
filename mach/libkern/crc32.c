#include "libkern/crc32.h"

#define CRC32_POLY 0xedb88320u

/*
 * A byte at a time through a 256-entry table, made from the polynomial on
 * first use: every boot fingerprints every boot-volume file, and a bit at a
 * time cost some 40 instructions a byte. Making it twice (two CPUs at once)
 * writes the same values.
 */
static uint32_t crc32_table[256];

static void crc32_make_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int bit = 0; bit < 8; bit++)
			c = (c >> 1) ^ (CRC32_POLY & -(c & 1));
		crc32_table[i] = c;
	}
}

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	/* Entry 128 is the polynomial itself: never 0 once made. */
	if (crc32_table[128] == 0)
		crc32_make_table();
	crc = ~crc;
	while (len--)
		crc = (crc >> 8) ^ crc32_table[(crc ^ *p++) & 0xff];
	return ~crc;
}
