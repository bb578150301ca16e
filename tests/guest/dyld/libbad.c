/* libbad: good at link time; the volume gets a damaged copy. */
int bad_value(void)
{
	return 1;
}
