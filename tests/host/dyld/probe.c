/*
 * Links the fixup engine into a Mach-O program, as dyld will be: it parses
 * and fixes up the image it is handed. Nothing runs it; building it proves
 * the library compiles and links for arm64-apple-macos11, and its own
 * imports (the C library functions it calls, looked up flat) make one more
 * fixture for the host tests.
 */
#include <stddef.h>

#include "dyld/apply.h"
#include "dyld/image.h"

static enum dyld_error probe_resolve(void *ctx, const struct dyld_fixup *fx, uint64_t *address)
{
	(void)ctx;
	(void)fx;
	*address = 0;
	return DYLD_E_NOT_FOUND;
}

int probe_start(const void *file, size_t size, uint8_t *mem, uint64_t slide)
{
	static struct dyld_image img;
	enum dyld_error err = dyld_image_parse(file, size, &img);

	if (err == DYLD_OK)
		err = dyld_apply(&img, mem, slide, DYLD_BIND_NOW, probe_resolve, NULL);
	return (int)err;
}
