/* A dylib that libfix re-exports whole (LC_REEXPORT_DYLIB). */
int re_value = 99;

int re_func(void)
{
	return 3;
}
