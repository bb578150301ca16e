/*
 * libenv, found by its install name's folder (env_value 1) or, built with
 * -DLP, from DYLD_LIBRARY_PATH (2); its env_hook is what an inserted
 * library's comes before in flat lookups. It needs no other dylib (a copy
 * elsewhere would not find them through @loader_path).
 */

#ifdef LP
#define VALUE 2
#else
#define VALUE 1
#endif

int env_value(void)
{
	return VALUE;
}

int env_hook(void)
{
	return 1;
}
