/*
 * The DYLD_* variables (run by the harness with several environments, the
 * run's name in argv[1]): libenv from DYLD_LIBRARY_PATH or its own folder,
 * libfb (weak) only in DYLD_FALLBACK_LIBRARY_PATH, libdef (weak) only in
 * the default fallback /usr/lib, libins from DYLD_INSERT_LIBRARIES.
 */
#include "tsys.h"

#define RTLD_DEFAULT ((void *)-2)

int env_value(void);
__attribute__((weak_import)) int fb_value(void);
__attribute__((weak_import)) int def_value(void);

__attribute__((constructor)) static void p_init(void)
{
	tsys_order_add('p');
}

int main(int argc, char **argv)
{
	int (*hook)(void) = (int (*)(void))tessera_dyld_api.dlsym(RTLD_DEFAULT, "env_hook");
	const char *run = argc > 1 ? argv[1] : "?";

	tsys_puts("env ");
	tsys_puts(run);
	tsys_puts(": order ");
	tsys_puts(tsys_order());
	tsys_puts(", lib ");
	tsys_putn(env_value());
	tsys_puts(", fb ");
	tsys_putn(fb_value ? fb_value() : 0);
	tsys_puts(", def ");
	tsys_putn(def_value ? def_value() : 0);
	tsys_puts(", hook ");
	tsys_putn(hook ? hook() : 0);
	tsys_puts("\n");
	return 0;
}
