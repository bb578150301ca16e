/*
 * Contents of the test files: byte i of the file made with a seed. Every
 * cluster of every file differs, so a misplaced or repeated cluster shows.
 */
#ifndef TESTS_HOST_FAT_PATTERN_H
#define TESTS_HOST_FAT_PATTERN_H

#include <stdint.h>

static inline uint8_t pattern_byte(uint32_t seed, uint32_t i)
{
	uint32_t x = (i + 1) * 2654435761u ^ seed * 40503u;

	x ^= x >> 13;
	x *= 0x5BD1E995u;
	x ^= x >> 15;
	return (uint8_t)x;
}

#endif
