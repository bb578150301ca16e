/* libins2, on libSystem: inserted into a spawned child; its ls_hook is found first. */
int ls_hook(void)
{
	return 9;
}
