/* libn2 (in n/): the last image defining which(); RTLD_NEXT from here finds none. */
#include "tsys.h"

int which(void)
{
	return 2;
}

void *n2_lookup(struct tessera_dyld_api *api, void *handle)
{
	return api->dlsym_from(handle, "which", (void *)n2_lookup);
}
