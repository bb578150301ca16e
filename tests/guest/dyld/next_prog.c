/*
 * RTLD_SELF and RTLD_NEXT (through dlsym_from, as libSystem's dlsym calls
 * it): the program, libn1 and libn2 each define which(), loaded in that
 * order; each image's lookups start from itself (SELF) or the image after
 * it (NEXT). dlopen_from expands @loader_path against the caller's image.
 */
#include "tsys.h"

#define RTLD_NOW  2
#define RTLD_NEXT ((void *)-1)
#define RTLD_SELF ((void *)-3)

void *n1_lookup(struct tessera_dyld_api *api, void *handle);
void *n1_open(struct tessera_dyld_api *api, const char *path);
void *n2_lookup(struct tessera_dyld_api *api, void *handle);

int which(void)
{
	return 0;
}

static long call(void *f)
{
	return f ? ((int (*)(void))f)() : -1;
}

static void say(const char *what, const char *s)
{
	tsys_puts(what);
	tsys_puts(" ");
	tsys_puts(s ? s : "(null)");
	tsys_puts("\n");
}

int main(void)
{
	struct tessera_dyld_api *api = &tessera_dyld_api;

	tsys_line("next-prog-self:", call(api->dlsym_from(RTLD_SELF, "which", (void *)main)));
	tsys_line("next-prog-next:", call(api->dlsym_from(RTLD_NEXT, "which", (void *)main)));
	tsys_line("next-n1-self:", call(n1_lookup(api, RTLD_SELF)));
	tsys_line("next-n1-next:", call(n1_lookup(api, RTLD_NEXT)));
	tsys_line("next-n2-self:", call(n2_lookup(api, RTLD_SELF)));
	tsys_line("next-n2-next:", call(n2_lookup(api, RTLD_NEXT)));
	say("next-dlerror:", api->dlerror());
	tsys_line("next-no-caller:", api->dlsym(RTLD_NEXT, "which") == 0);
	say("next-dlerror:", api->dlerror());
	tsys_line("next-caller-nowhere:", api->dlsym_from(RTLD_SELF, "which", (void *)16) == 0);
	say("next-dlerror:", api->dlerror());
	/* libn1 and libn2 live in n/: libn1's @loader_path is there, the program's is not. */
	tsys_line("next-open-from-n1:", n1_open(api, "@loader_path/libn2.dylib") != 0);
	tsys_line("next-open-from-prog:",
	          api->dlopen_from("@loader_path/libn2.dylib", RTLD_NOW, (void *)main) == 0);
	say("next-dlerror:", api->dlerror());
	tsys_line("next-order:", which() * 100 + call(n1_lookup(api, RTLD_SELF)) * 10 +
	                             call(n2_lookup(api, RTLD_SELF)));
	return 0;
}
