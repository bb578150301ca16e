/* make_pattern SEED SIZE OUT: writes a test file's contents (see pattern.h). */
#include <stdio.h>
#include <stdlib.h>

#include "tests/host/fat/pattern.h"

int main(int argc, char **argv)
{
	unsigned long seed, size, i;
	FILE *out;

	if (argc != 4) {
		fprintf(stderr, "usage: make_pattern SEED SIZE OUT\n");
		return 2;
	}
	seed = strtoul(argv[1], NULL, 0);
	size = strtoul(argv[2], NULL, 0);
	out = fopen(argv[3], "wb");
	if (out == NULL) {
		perror(argv[3]);
		return 1;
	}
	for (i = 0; i < size; i++)
		putc(pattern_byte((uint32_t)seed, (uint32_t)i), out);
	if (fclose(out) != 0) {
		perror(argv[3]);
		return 1;
	}
	return 0;
}
