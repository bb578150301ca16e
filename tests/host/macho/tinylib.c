/* The dylib imports.c links against. */
int tiny_data = 3;

int tiny_value(void)
{
	return 42;
}

/* ld64.lld wants this for classic lazy binding; it is never called here. */
void stub_binder(void) __asm__("dyld_stub_binder");
void stub_binder(void)
{
}
