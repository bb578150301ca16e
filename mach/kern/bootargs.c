#include "kern/bootargs.h"

#include <string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

bool bootargs_lookup(const char *args, size_t len, const char *key, const char **value,
                     size_t *value_len)
{
	size_t key_len = strlen(key);
	bool found = false;
	size_t i = 0;

	while (i < len && args[i] != '\0') {
		while (i < len && is_space(args[i]))
			i++;
		size_t start = i;
		while (i < len && args[i] != '\0' && !is_space(args[i]))
			i++;
		size_t word_len = i - start;
		const char *word = args + start;
		if (word_len < key_len || memcmp(word, key, key_len) != 0)
			continue;
		if (word_len == key_len) {
			*value = word + word_len;
			*value_len = 0;
			found = true;
		} else if (word[key_len] == '=') {
			*value = word + key_len + 1;
			*value_len = word_len - key_len - 1;
			found = true;
		}
	}
	return found;
}

bool bootargs_equal(const char *args, size_t len, const char *key, const char *expected)
{
	const char *value;
	size_t value_len;

	return bootargs_lookup(args, len, key, &value, &value_len) &&
	       value_len == strlen(expected) && memcmp(value, expected, value_len) == 0;
}
