/*
 * dlclose unloads: libu's last reference goes, its terminator runs, dladdr
 * no longer finds it, RTLD_NOLOAD does not, and a new dlopen loads it
 * afresh (its initializer runs again); libudep stays while libu2 needs it;
 * a dylib with thread-locals stays; a reference still held keeps libu, and
 * so does RTLD_NODELETE.
 */
#include "tsys.h"

#define RTLD_NOW      2
#define RTLD_NOLOAD   0x10
#define RTLD_NODELETE 0x80

int main(void)
{
	struct tessera_dyld_api *api = &tessera_dyld_api;
	struct dyld_dl_info info;
	void *u, *u2, *u_again, *tl, *f, *dep, *tlf;

	u = api->dlopen("@executable_path/libu.dylib", RTLD_NOW);
	f = api->dlsym(u, "u_value");
	dep = api->dlsym(u, "udep_value");
	tsys_line("unload-u-value:", f ? ((int (*)(void))f)() : -1);
	u2 = api->dlopen("@executable_path/libu2.dylib", RTLD_NOW);
	tsys_line("unload-twice-same:", api->dlopen("@executable_path/libu.dylib", RTLD_NOW) == u);
	tsys_line("unload-close-one:", api->dlclose(u));
	tsys_line("unload-still-there:", api->dladdr(f, &info));
	tsys_puts("unload-order-before: ");
	tsys_puts(tsys_order());
	tsys_puts("\n");
	tsys_line("unload-close-last:", api->dlclose(u));
	tsys_puts("unload-order-closed: ");
	tsys_puts(tsys_order());
	tsys_puts("\n");
	tsys_line("unload-dladdr-gone:", api->dladdr(f, &info));
	tsys_line("unload-dep-kept:", api->dladdr(dep, &info));
	tsys_line("unload-noload:", api->dlopen("@executable_path/libu.dylib", RTLD_NOLOAD) == 0);
	api->dlerror();
	tsys_line("unload-handle-stale:", api->dlsym(u, "u_value") == 0);
	api->dlerror();
	u_again = api->dlopen("@executable_path/libu.dylib", RTLD_NOW);
	f = api->dlsym(u_again, "u_value");
	tsys_line("unload-reopened:", f ? ((int (*)(void))f)() : -1);
	api->dlclose(u_again);
	api->dlclose(u2);
	tsys_line("unload-dep-gone:", api->dladdr(dep, &info));
	tl = api->dlopen("@executable_path/libtl.dylib", RTLD_NOW);
	tlf = api->dlsym(tl, "tl_value");
	tsys_line("unload-tl-value:", tlf ? ((int (*)(void))tlf)() : -1);
	tsys_line("unload-tl-close:", api->dlclose(tl));
	tsys_line("unload-tl-kept:", api->dladdr(tlf, &info) && ((int (*)(void))tlf)() == 4);
	tsys_puts("unload-order: ");
	tsys_puts(tsys_order());
	tsys_puts("\n");
	u = api->dlopen("@executable_path/libu.dylib", RTLD_NOW | RTLD_NODELETE);
	f = api->dlsym(u, "u_value");
	tsys_line("unload-nodelete-close:", api->dlclose(u));
	tsys_line("unload-nodelete-kept:", api->dladdr(f, &info));
	tsys_puts("unload-order-nodelete: ");
	tsys_puts(tsys_order());
	tsys_puts("\n");
	return 0;
}
