/*
 * Case-insensitive comparison and search, folding with the C locale's tolower.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

int strncasecmp(const char *s1, const char *s2, size_t n)
{
	for (; n > 0; n--, s1++, s2++) {
		int a = tolower((unsigned char)*s1), b = tolower((unsigned char)*s2);

		if (a != b)
			return a - b;
		if (a == '\0')
			break;
	}
	return 0;
}

int strcasecmp(const char *s1, const char *s2)
{
	return strncasecmp(s1, s2, (size_t)-1);
}

char *strcasestr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack != '\0' || n == 0; haystack++) {
		if (strncasecmp(haystack, needle, n) == 0)
			return (char *)haystack;
	}
	return NULL;
}
