/*
 * The scanf engine: one implementation of C11 7.21.6.2 behind every
 * scanf-family function. It reads from a source; sscanf.c gives it a string,
 * the FILE functions will give it a stream.
 *
 * Numbers are read as the longest prefix that is a valid number, backing up
 * over a dangling exponent or "0x" as macOS does ("100ergs" reads 100 and
 * leaves "ergs"), where glibc would report a matching failure.
 */
#ifndef LIBSYSTEM_STDIO_SCAN_H
#define LIBSYSTEM_STDIO_SCAN_H

#include <stdarg.h>
#include <stddef.h>

struct scan_source {
	/*
	 * Returns the unread input as contiguous bytes (*got says how many,
	 * possibly more than `want`), reading more first only if fewer than
	 * `want` are at hand. A stream may still return fewer than `want` (what
	 * one read brought); 0 means the input has ended. The engine asks again
	 * with a larger `want` while a field may go on.
	 */
	const char *(*window)(struct scan_source *src, size_t want, size_t *got);
	/* Consumes n bytes (n <= the last window's size). */
	void (*skip)(struct scan_source *src, size_t n);
};

/*
 * Reads src as fmt directs and stores through ap. Returns the number of
 * assignments, or EOF if the input ended before the first conversion.
 */
int scan_vscanf(struct scan_source *src, const char *fmt, va_list ap);

#endif
