#include "testfile.h"

#include <stdio.h>
#include <stdlib.h>

#include "host/check.h"

uint8_t *testfile_read(const char *path, size_t *size, bool text)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t alloc;
	long len;

	if (f == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		abort();
	}
	CHECK(fseek(f, 0, SEEK_END) == 0);
	len = ftell(f);
	CHECK(len >= 0);
	CHECK(fseek(f, 0, SEEK_SET) == 0);
	alloc = (size_t)len + (text ? 1 : 0);
	buf = malloc(alloc ? alloc : 1);
	CHECK(buf != NULL);
	CHECK(fread(buf, 1, (size_t)len, f) == (size_t)len);
	CHECK(fclose(f) == 0);
	if (text)
		buf[len] = '\0';
	*size = (size_t)len;
	return buf;
}
