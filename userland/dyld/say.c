/* dyld's messages: the last error (dlerror's text) and writing it out. */
#include <stdarg.h>
#include <string.h>

#include "runtime.h"
#include "sys.h"

char dyld_message[DYLD_PATH_MAX + 256];

void dyld_write(int fd, ...)
{
	va_list ap;

	va_start(ap, fd);
	for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *))
		dyld_sys_write(fd, s, strlen(s));
	va_end(ap);
}

/* Appends s to dyld_message, cutting it short rather than overflowing. */
void dyld_fail_append(const char *s)
{
	size_t n = strlen(dyld_message), room = sizeof(dyld_message) - 1 - n;
	size_t len = strlen(s);

	if (len > room)
		len = room;
	memcpy(dyld_message + n, s, len);
	dyld_message[n + len] = '\0';
}

static void append_number(unsigned v)
{
	char buf[12];
	unsigned i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	dyld_fail_append(buf + i);
}

void dyld_fail_text(const char *path, const char *text)
{
	dyld_message[0] = '\0';
	if (path) {
		dyld_fail_append(path);
		dyld_fail_append(": ");
	}
	dyld_fail_append(text);
}

enum dyld_error dyld_fail(enum dyld_error err, const char *path, const struct dyld_image *img)
{
	dyld_fail_text(path, dyld_strerror(err));
	if (err == DYLD_E_MACHO && img) {
		dyld_fail_append(": ");
		dyld_fail_append(macho_strerror(img->macho_error));
	}
	if (img && img->error_cmd != MACHO_NO_CMD) {
		dyld_fail_append(" (load command ");
		append_number(img->error_cmd);
		dyld_fail_append(")");
	}
	return err;
}

void dyld_die(void)
{
	dyld_write(2, "dyld: ", dyld_message, "\n", NULL);
	dyld_sys_exit(DYLD_EXIT_REFUSED);
}
