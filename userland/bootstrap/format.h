/*
 * A small printf-style formatter for the bootstrap's messages, which cannot
 * link libSystem's stdio yet (it needs BSD calls no server answers). Pure:
 * no allocation, no Mach calls, any thread.
 *
 * Conversions: %s (NULL prints "(null)"), %c, %d, %u, %x, with the length
 * modifiers l, ll and z, and %%. No flags, widths or precisions: anything the
 * formatter does not know is copied out as written, so a mistake shows.
 */
#ifndef USERLAND_BOOTSTRAP_FORMAT_H
#define USERLAND_BOOTSTRAP_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Writes at most size - 1 bytes and a NUL into buf (nothing if size is 0).
 * Returns the bytes written without the NUL.
 */
size_t bootstrap_vformat(char *buf, size_t size, const char *format, va_list ap);

#endif
