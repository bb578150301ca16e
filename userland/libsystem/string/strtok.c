/*
 * Tokenizers: strsep (empty fields count) and strtok/strtok_r (runs of
 * separators are one). strtok keeps its position in a static, as C says.
 */
#include <string.h>

char *strsep(char **stringp, const char *delim)
{
	char *start = *stringp, *end;

	if (start == NULL)
		return NULL;
	end = start + strcspn(start, delim);
	if (*end == '\0') {
		*stringp = NULL;
	} else {
		*end = '\0';
		*stringp = end + 1;
	}
	return start;
}

char *strtok_r(char *restrict str, const char *restrict sep, char **restrict lasts)
{
	char *end;

	if (str == NULL)
		str = *lasts;
	if (str == NULL)
		return NULL;
	str += strspn(str, sep);
	if (*str == '\0') {
		*lasts = NULL;
		return NULL;
	}
	end = str + strcspn(str, sep);
	if (*end == '\0') {
		*lasts = NULL;
	} else {
		*end = '\0';
		*lasts = end + 1;
	}
	return str;
}

char *strtok(char *restrict str, const char *restrict sep)
{
	static char *last;

	return strtok_r(str, sep, &last);
}
