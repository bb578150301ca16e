/*
 * The program's name: getprogname, setprogname and _NSGetProgname. libSystem's
 * initializer sets it from argv[0] (its last path component), as macOS does.
 */
#include <crt_externs.h>
#include <stdlib.h>
#include <string.h>

const char *__progname = "";

const char *getprogname(void)
{
	return __progname;
}

/* Keeps the last path component of name (the string itself, not a copy). */
void setprogname(const char *name)
{
	const char *slash = strrchr(name, '/');

	__progname = slash != NULL ? slash + 1 : name;
}

char **_NSGetProgname(void)
{
	return (char **)&__progname;
}
