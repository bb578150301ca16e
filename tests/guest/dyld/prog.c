/*
 * The dyld test program, linked by lld-14 (dyld-info opcodes, lazy binding)
 * and by lld-16 -fixup_chains: initializer order, binds and lazy binds
 * across images, weak coalescing, a missing weak import, thread-locals of
 * its own and of liba, dlopen/dlsym/dladdr/dlclose/dlerror (and its
 * refusals: a missing file, a damaged dylib, an executable). Each result is
 * one line the guest test expects; the exit status is 3.
 */
#include "tsys.h"

#define RTLD_NOW     2
#define RTLD_DEFAULT ((void *)-2)

int a_value(void);
int a_call_weak(void);
int a_args_ok(void);
int *a_tls_addr(void);
extern __thread int a_tls;
extern int b_saw;
__attribute__((weak_import)) int gone_fn(void);

__thread int p_tls = 7;
__thread int p_zero;

int weak_fn(void)
{
	return 2;
}

__attribute__((constructor)) static void p_init(void)
{
	tsys_order_add('p');
}

static void say(const char *what, const char *s)
{
	tsys_puts(what);
	tsys_puts(" ");
	tsys_puts(s ? s : "(null)");
	tsys_puts("\n");
}

int main(int argc, char **argv, char **envp, char **apple)
{
	struct tessera_dyld_api *api = &tessera_dyld_api;
	struct dyld_dl_info info;
	void *h;
	int (*f)(void);

	(void)envp;
	say("order:", tsys_order());
	tsys_line("argc:", argc);
	say("argv0:", argv[0]);
	tsys_line("init-args:", a_args_ok());
	tsys_line("lazy:", a_value());
	tsys_line("b-saw:", b_saw);
	tsys_line("stub-binder-used:", tsys_lazy_binds > 0);
	tsys_line("weak:", a_call_weak());
	tsys_line("weak-import-null:", gone_fn == 0);
	tsys_line("dylibs-above-program:", (unsigned long)a_value > (unsigned long)main);

	tsys_line("tls-a:", a_tls);
	tsys_line("tls-p:", p_tls);
	tsys_line("tls-zero:", p_zero);
	a_tls = 6;
	p_zero = 9;
	tsys_line("tls-a-set:", *a_tls_addr());
	tsys_line("tls-zero-set:", p_zero);
	tsys_line("tls-same:", a_tls_addr() == &a_tls);

	tsys_line("api-version:", api->version);
	h = api->dlopen("@executable_path/libdl.dylib", RTLD_NOW);
	tsys_line("dlopen:", h != 0);
	say("order-after:", tsys_order());
	f = (int (*)(void))api->dlsym(h, "dl_value");
	tsys_line("dlsym:", f ? f() : -1);
	if (f && api->dladdr((const void *)f, &info)) {
		say("dladdr-sym:", info.dli_sname);
		say("dladdr-file:", info.dli_fname);
		tsys_line("dladdr-addr:", info.dli_saddr == (void *)f);
	}
	tsys_line("dladdr-nowhere:", api->dladdr((const void *)16, &info));
	tsys_line("dlsym-default:", api->dlsym(RTLD_DEFAULT, "a_value") == (void *)a_value);
	tsys_line("dlsym-missing:", api->dlsym(h, "no_such_symbol") == 0);
	say("dlerror:", api->dlerror());
	say("dlerror-again:", api->dlerror());
	tsys_line("dlopen-again-same:", api->dlopen("@executable_path/libdl.dylib", RTLD_NOW) == h);
	tsys_line("dlclose:", api->dlclose(h));
	tsys_line("dlclose:", api->dlclose(h));
	tsys_line("dlclose-over:", api->dlclose(h));
	say("dlerror:", api->dlerror());
	tsys_line("dlopen-missing:", api->dlopen("@executable_path/nothere.dylib", RTLD_NOW) == 0);
	say("dlerror:", api->dlerror());
	tsys_line("dlopen-bad:", api->dlopen("@executable_path/libbad.dylib", RTLD_NOW) == 0);
	say("dlerror:", api->dlerror());
	/* apple[0] is "executable_path=PATH": the program's own path. */
	tsys_line("dlopen-self:", api->dlopen(apple[0] + 16, RTLD_NOW) == api->dlopen(0, RTLD_NOW));
	tsys_line("dlopen-executable:", api->dlopen("@executable_path/needs_gone", RTLD_NOW) == 0);
	say("dlerror:", api->dlerror());
	return 3;
}
