/* libtl: a dylib with a thread-local variable, which dlclose never unloads. */
__thread int tl_var = 4;

int tl_value(void)
{
	return tl_var;
}
