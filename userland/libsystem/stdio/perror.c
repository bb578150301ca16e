/*
 * perror: "s: message\n" on stderr for the current errno (just the message
 * when s is NULL or empty), with macOS's messages. errno is left as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "stdio/file.h"

void perror(const char *s)
{
	int saved = errno;
	const char *msg = strerror(saved);

	file_lock(stderr);
	if (s != NULL && *s != '\0') {
		file_write(stderr, s, strlen(s));
		file_write(stderr, ": ", 2);
	}
	file_write(stderr, msg, strlen(msg));
	file_write(stderr, "\n", 1);
	file_unlock(stderr);
	errno = saved;
}
