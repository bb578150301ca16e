/* libfb and libdef: found only through a fallback folder (-DVALUE gives each its value). */
int FUNC(void)
{
	return VALUE;
}
