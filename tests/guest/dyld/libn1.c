/*
 * libn1 (in n/): a which() of its own; lookups and dlopen from this image,
 * through the table the program hands over (libn1 needs no other dylib).
 */
#include "tsys.h"

#define RTLD_NOW 2

int which(void)
{
	return 1;
}

void *n1_lookup(struct tessera_dyld_api *api, void *handle)
{
	return api->dlsym_from(handle, "which", (void *)n1_lookup);
}

void *n1_open(struct tessera_dyld_api *api, const char *path)
{
	return api->dlopen_from(path, RTLD_NOW, (void *)n1_open);
}
