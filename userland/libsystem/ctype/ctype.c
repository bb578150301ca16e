/*
 * <ctype.h> in the C locale: ASCII classes; EOF and bytes 0x80-0xff are in
 * no class, and values outside unsigned char are refused the same way.
 */
#include <ctype.h>

int
isascii(int c)
{
	return c >= 0 && c <= 0x7f;
}

int
isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

int
islower(int c)
{
	return c >= 'a' && c <= 'z';
}

int
isalpha(int c)
{
	return isupper(c) || islower(c);
}

int
isdigit(int c)
{
	return c >= '0' && c <= '9';
}

int
isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}

int
isxdigit(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int
ishexnumber(int c)
{
	return isxdigit(c);
}

int
isblank(int c)
{
	return c == ' ' || c == '\t';
}

int
isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int
iscntrl(int c)
{
	return (c >= 0 && c < 0x20) || c == 0x7f;
}

int
isprint(int c)
{
	return c >= 0x20 && c < 0x7f;
}

int
isgraph(int c)
{
	return c > 0x20 && c < 0x7f;
}

int
ispunct(int c)
{
	return isgraph(c) && !isalnum(c);
}

/* The value of a hex digit, 0 for anything else (as on macOS). */
int
digittoint(int c)
{
	if (isdigit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 0;
}

int
toascii(int c)
{
	return c & 0x7f;
}

int
tolower(int c)
{
	return isupper(c) ? c - 'A' + 'a' : c;
}

int
toupper(int c)
{
	return islower(c) ? c - 'a' + 'A' : c;
}
