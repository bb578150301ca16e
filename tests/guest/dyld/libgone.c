/* libgone: linked against, but not on the boot volume. */
int gone_fn(void)
{
	return 1;
}
