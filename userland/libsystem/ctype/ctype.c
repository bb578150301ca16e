/*
 * <ctype.h> in the C locale, read from the same table macOS binaries read
 * inline (_DefaultRuneLocale, runetype.c). EOF and values outside unsigned
 * char are in no class and map to themselves.
 */
#include <ctype.h>
#include <runetype.h>

static int ctype_is(int c, unsigned long f)
{
	return __maskrune(c, f) != 0;
}

int isascii(int c)
{
	return (c & ~0x7f) == 0;
}

int isupper(int c)
{
	return ctype_is(c, _CTYPE_U);
}

int islower(int c)
{
	return ctype_is(c, _CTYPE_L);
}

int isalpha(int c)
{
	return ctype_is(c, _CTYPE_A);
}

int isdigit(int c)
{
	return ctype_is(c, _CTYPE_D);
}

int isalnum(int c)
{
	return ctype_is(c, _CTYPE_A | _CTYPE_D);
}

int isxdigit(int c)
{
	return ctype_is(c, _CTYPE_X);
}

int ishexnumber(int c)
{
	return isxdigit(c);
}

int isblank(int c)
{
	return ctype_is(c, _CTYPE_B);
}

int isspace(int c)
{
	return ctype_is(c, _CTYPE_S);
}

int iscntrl(int c)
{
	return ctype_is(c, _CTYPE_C);
}

int isprint(int c)
{
	return ctype_is(c, _CTYPE_R);
}

int isgraph(int c)
{
	return ctype_is(c, _CTYPE_G);
}

int ispunct(int c)
{
	return ctype_is(c, _CTYPE_P);
}

/* The value of a hex digit, 0 for anything else (as on macOS). */
int digittoint(int c)
{
	return isxdigit(c) ? __maskrune(c, 0xff) : 0;
}

int toascii(int c)
{
	return c & 0x7f;
}

int tolower(int c)
{
	return __tolower(c);
}

int toupper(int c)
{
	return __toupper(c);
}
