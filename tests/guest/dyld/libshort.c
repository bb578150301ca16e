/* libshort: built with short_value for linking, and (-DOLD) without it for the volume. */
int short_other(void)
{
	return 0;
}

#ifndef OLD
int short_value(void)
{
	return 1;
}
#endif
