/*
 * The printf engine: one implementation of the C11 7.21.6.1 format language
 * behind every printf-family function. It writes to a sink; the callers
 * (sprintf.c now, the FILE functions later) only choose the sink.
 */
#ifndef LIBSYSTEM_STDIO_FORMAT_H
#define LIBSYSTEM_STDIO_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Where formatted bytes go. put returns 0, or -1 to stop with an error (errno set). */
struct format_sink {
	int (*put)(struct format_sink *sink, const char *bytes, size_t len);
};

/*
 * Formats fmt with ap into sink. Returns the number of bytes produced, or -1
 * with errno set: EOVERFLOW if that number exceeds INT_MAX, EINVAL for a
 * format that mixes %n$ positions with arguments in order or names a
 * position beyond ARGS_MAX (args.h), EILSEQ for a wide character outside the
 * C locale, or the sink's own error.
 */
int format_vprintf(struct format_sink *sink, const char *fmt, va_list ap);

#endif
