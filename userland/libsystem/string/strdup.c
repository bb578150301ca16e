/*
 * The allocating string functions: copies in malloc'd memory, NULL with
 * errno ENOMEM when there is none.
 */
#include <stdlib.h>
#include <string.h>

char *strndup(const char *s1, size_t n)
{
	size_t len = strnlen(s1, n);
	char *copy = malloc(len + 1);

	if (copy == NULL)
		return NULL;
	memcpy(copy, s1, len);
	copy[len] = '\0';
	return copy;
}

char *strdup(const char *s1)
{
	return strndup(s1, (size_t)-1);
}
