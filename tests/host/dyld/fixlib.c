/*
 * The dylib the test programs import from. It stands in for libSystem as far
 * as the linker cares: dyld_stub_binder (for lazy binding) and
 * __tlv_bootstrap (for thread-local variables) are defined here, under those
 * exact Mach-O names. lib_ptr gives the dylib a rebase of its own.
 */
int lib_value = 42;
int lib_array[8] = {1, 2, 3, 4, 5, 6, 7, 8};
int *lib_ptr = &lib_value;
__attribute__((weak)) int lib_weak_def = 7;

int lib_func(int x)
{
	return x + 1;
}

void fixlib_stub_binder(void) __asm__("dyld_stub_binder");
void fixlib_stub_binder(void)
{
}

void fixlib_tlv_bootstrap(void) __asm__("__tlv_bootstrap");
void fixlib_tlv_bootstrap(void)
{
}
