/* Prints the CRC-32 of a file (argv[1]) in hex, fed in uneven chunks. */
#include <stdio.h>

#include "libkern/crc32.h"

int main(int argc, char **argv)
{
	unsigned char buf[4096];
	uint32_t crc = 0;
	size_t chunk = 1, n;
	FILE *f;

	if (argc != 2 || !(f = fopen(argv[1], "rb")))
		return 2;
	/* Growing chunk sizes check that crc32_update continues a CRC correctly. */
	while ((n = fread(buf, 1, chunk, f)) > 0) {
		crc = crc32_update(crc, buf, n);
		chunk = chunk % sizeof(buf) + 7;
	}
	fclose(f);
	printf("%08x\n", crc);
	return 0;
}
