/*
 * printf-style formatting, shared by the kernel's console and by host tools
 * and tests; it needs nothing but the compiler's own headers.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with the flags - 0 + space #,
 * field width and precision (either may be *), and the length modifiers
 * hh h l ll z j t.  Output matches glibc, including "(null)" for a NULL %s
 * and "(nil)" for a NULL %p.  There is no floating point and no %n.
 * Length modifiers on %c, %s and %p are accepted and ignored.
 *
 * A conversion that is not in the list above is copied to the output as
 * written, from the '%' to the conversion character (or the end of the
 * format), and consumes no argument beyond those of any '*' in it.
 *
 * All functions are reentrant: they keep no state outside their arguments.
 * They return the number of characters produced, or -1 if that number would
 * not fit in an int or a width or precision exceeds INT_MAX; output stops
 * at that point.
 */
#ifndef LIBKERN_FORMAT_H
#define LIBKERN_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Pass each character of the formatted output, in order, to emit(c, ctx). */
int format_vprintf(void (*emit)(char c, void *ctx), void *ctx, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/*
 * Format into buf as C99 vsnprintf does: at most size - 1 characters are
 * stored and followed by a NUL whenever size > 0, and the return value is the
 * length the full output would have had.  buf may be NULL if size is 0.
 */
int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

int format_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* LIBKERN_FORMAT_H */
