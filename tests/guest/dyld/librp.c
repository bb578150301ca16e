/* librp: install name @rpath/librp.dylib. */
int rp_value(void)
{
	return 5;
}
