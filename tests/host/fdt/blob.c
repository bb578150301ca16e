/* Blob loading for the device tree host tests. */
#include "blob.h"

void *load_blob(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	void *buf;
	long n;

	if (fp == NULL) {
		perror(path);
		abort();
	}
	CHECK(fseek(fp, 0, SEEK_END) == 0);
	n = ftell(fp);
	CHECK(n > 0);
	CHECK(fseek(fp, 0, SEEK_SET) == 0);
	buf = malloc((size_t)n);
	CHECK(buf != NULL);
	CHECK(fread(buf, 1, (size_t)n, fp) == (size_t)n);
	fclose(fp);
	*size = (size_t)n;
	return buf;
}
