/*
 * The environment: environ, getenv, setenv, unsetenv, putenv and
 * _NSGetEnviron. environ starts as the array the process was given; the
 * first change copies it into memory of ours, which later changes grow.
 * Strings setenv allocates are remembered, so replacing or removing them
 * frees them; strings from elsewhere (the initial ones, putenv's) are never freed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

char **environ;

static char **env_array;    /* environ when it is ours, else NULL */
static size_t env_capacity; /* entries env_array has room for, NULL included */
static char **env_owned;    /* strings setenv allocated */
static size_t env_nowned;

char ***_NSGetEnviron(void)
{
	return &environ;
}

/* The length of a variable name: up to the first '=', as BSD does. */
static size_t env_name_len(const char *name)
{
	return strcspn(name, "=");
}

/* The index in environ of the entry for name[0..len), or -1. */
static long env_find(const char *name, size_t len)
{
	if (environ == NULL)
		return -1;
	for (long i = 0; environ[i] != NULL; i++) {
		if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=')
			return i;
	}
	return -1;
}

static size_t env_count(void)
{
	size_t n = 0;

	while (environ != NULL && environ[n] != NULL)
		n++;
	return n;
}

/* Frees s if setenv allocated it. */
static void env_release(char *s)
{
	for (size_t i = 0; i < env_nowned; i++) {
		if (env_owned[i] == s) {
			env_owned[i] = env_owned[--env_nowned];
			free(s);
			return;
		}
	}
}

/* Makes environ ours with room for one more entry; returns -1 (errno set) on failure. */
static int env_make_room(void)
{
	size_t n = env_count();

	if (environ == env_array && n + 2 <= env_capacity)
		return 0;
	size_t cap = (n + 2) * 2;
	char **grown = malloc(cap * sizeof(char *));

	if (grown == NULL)
		return -1;
	if (n > 0)
		memcpy(grown, environ, n * sizeof(char *));
	grown[n] = NULL;
	free(env_array);
	env_array = grown;
	env_capacity = cap;
	environ = grown;
	return 0;
}

/* Puts entry (name=value) in place of name's entry or at the end. */
static int env_insert(char *entry, size_t len)
{
	long i = env_find(entry, len);

	if (i >= 0) {
		char *old = environ[i];

		environ[i] = entry;
		env_release(old);
		return 0;
	}
	if (env_make_room() != 0)
		return -1;
	size_t n = env_count();
	environ[n] = entry;
	environ[n + 1] = NULL;
	return 0;
}

char *getenv(const char *name)
{
	size_t len = env_name_len(name);
	long i = env_find(name, len);

	return i >= 0 ? environ[i] + len + 1 : NULL;
}

int setenv(const char *name, const char *value, int overwrite)
{
	size_t len, vlen;
	char *entry, **owned;

	if (name == NULL || name[0] == '\0' || strchr(name, '=') != NULL) {
		errno = EINVAL;
		return -1;
	}
	len = strlen(name);
	if (!overwrite && env_find(name, len) >= 0)
		return 0;
	vlen = strlen(value);
	owned = realloc(env_owned, (env_nowned + 1) * sizeof(char *));
	if (owned == NULL)
		return -1;
	env_owned = owned;
	entry = malloc(len + vlen + 2);
	if (entry == NULL)
		return -1;
	memcpy(entry, name, len);
	entry[len] = '=';
	memcpy(entry + len + 1, value, vlen + 1);
	env_owned[env_nowned++] = entry;
	if (env_insert(entry, len) != 0) {
		env_release(entry);
		return -1;
	}
	return 0;
}

/* The string itself becomes part of the environment. */
int putenv(char *string)
{
	size_t len = env_name_len(string);

	if (string[len] != '=' || len == 0) {
		errno = EINVAL;
		return -1;
	}
	return env_insert(string, len);
}

int unsetenv(const char *name)
{
	size_t len;
	long i;

	if (name == NULL || name[0] == '\0' || strchr(name, '=') != NULL) {
		errno = EINVAL;
		return -1;
	}
	len = strlen(name);
	while ((i = env_find(name, len)) >= 0) {
		char *old = environ[i];

		/* Close the gap, keeping the order. */
		for (; environ[i] != NULL; i++)
			environ[i] = environ[i + 1];
		env_release(old);
	}
	return 0;
}
