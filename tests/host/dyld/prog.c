/*
 * A program with every kind of fixup dyld handles: pointers to its own data
 * and functions (rebases), to a dylib's data and functions (binds), with an
 * addend (&lib_array[3]), to a weak import that exists and one that does
 * not (flat lookup, -U), to a re-exported symbol, lazy calls (lld-14's
 * stubs), a thread-local variable and an initializer.
 */
extern int lib_value;
extern int lib_array[];
extern int lib_func(int);
extern int re_func(void);
extern int re_value;
extern int lib_weak_def __attribute__((weak_import));
extern int lib_missing __attribute__((weak_import));

static int local_data = 5;
__thread int tls_var = 3;
__thread int tls_zero;

int *p_local = &local_data;
int (*p_func)(int) = lib_func;
int *p_imported = &lib_value;
int *p_addend = &lib_array[3];
int *p_weak = &lib_weak_def;
int *p_missing = &lib_missing;
int *p_re = &re_value;
int (*p_start)(void);

int start(void);

__attribute__((constructor)) void prog_init(void)
{
	local_data = lib_func(local_data);
	p_start = start;
}

int start(void)
{
	return lib_func(local_data) + *p_local + re_func() + tls_var + tls_zero;
}
