/*
 * FILE internals shared by the stdio functions. A FILE (macOS's struct
 * __sFILE, <stdio.h>) reads and writes through its four cookie functions;
 * its buffer follows the rules macOS's getc/putc macros rely on:
 *
 *   reading:  [_p, _p + _r) is buffered input; _w == 0.
 *   writing:  [_bf._base, _p) is pending output; _r == 0 and
 *             fully buffered: _w = room left, _lbfsize = 0;
 *             line buffered:  _w = -(bytes pending), _lbfsize = -_bf._size;
 *             unbuffered:     _w = 0, _lbfsize = 0.
 *
 * A stream opened for reading and writing (__SRW) switches between the two
 * with a flush or a seek, as C requires of programs; libSystem does the
 * switch itself when a program does not.
 *
 * Locking, as on macOS: every public stdio call holds the stream's recursive
 * lock (file_lock, which flockfile takes too) for its whole work, so one
 * printf is one unit of output; __srget, __swbuf and the _unlocked calls
 * take none. The file_ functions below that take an fp expect the caller to
 * hold its lock. The list of streams only grows (a closed FILE is reused,
 * never freed): file_alloc adds to it under a global lock, and walkers
 * follow `next` without one, taking each stream's lock. stdio never waits
 * for a stream's lock while it holds another of its locks: under the list
 * lock, or a stream's, another stream's is only tried (file_alloc,
 * file_flush_line_buffered).
 * Closing a stream another thread is waiting for is undefined, as in C.
 */
#ifndef LIBSYSTEM_STDIO_FILE_H
#define LIBSYSTEM_STDIO_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "lock/lock.h"

/* The default buffer size of a stream that gets one (BUFSIZ is macOS's 1024). */
#define FILE_BUFSIZE 4096

/* What a FILE keeps beyond macOS's public layout (its _extra). */
struct __sFILEX {
	FILE *next;                 /* every FILE, for fflush(NULL) and exit; set once */
	struct lock_recursive lock; /* everything in the FILE but _extra and next */
};

static inline void file_lock(FILE *fp)
{
	lock_recursive_take(&fp->_extra->lock);
}

static inline void file_unlock(FILE *fp)
{
	lock_recursive_give(&fp->_extra->lock);
}

/* stdin, stdout and stderr (stdfiles.c); the list of FILEs starts with them. */
extern FILE file_std[3];

/*
 * A free FILE, cleared, with _flags = flags (not 0) and locked by the caller,
 * who sets it up and then unlocks it; NULL (errno ENOMEM) when none can be had.
 */
FILE *file_alloc(int flags);
/* Gives fp back (it must be closed already), for file_alloc to hand out again. */
void file_release(FILE *fp);

/* Prepares fp for writing / reading; returns 0, or EOF with errno set. */
int file_want_write(FILE *fp);
int file_want_read(FILE *fp);

/* Writes out pending output; returns 0, or EOF (__SERR set). */
int file_flush(FILE *fp);
/*
 * Flushes every line-buffered stream that has output pending (before reading
 * a tty-like stream), skipping any another thread holds: taking it could
 * deadlock against that thread, and it is busy writing anyway.
 */
void file_flush_line_buffered(void);
/* Flushes every stream, each under its lock (the caller holds none); 0, or EOF if any failed. */
int file_flush_all(void);

/* Appends n bytes, flushing as the buffering mode says; returns bytes taken. */
size_t file_write(FILE *fp, const void *buf, size_t n);

/*
 * Reads more input into the buffer (one call of the read function) after the
 * bytes already there, growing the buffer to hold `want` bytes if needed.
 * Returns the bytes now buffered; 0 means end of input or error (flags set).
 */
size_t file_fill(FILE *fp, size_t want);

/*
 * Moves the unread bytes to the front of the buffer and makes it hold at
 * least want bytes (a new malloc'd buffer if needed); returns 0 or -1.
 */
int file_reserve(FILE *fp, size_t want);

/* size * nitems for fread and fwrite; 0 with __SERR and EINVAL if it overflows. */
size_t file_bytes(FILE *fp, size_t size, size_t nitems);

/* Resets _w for the buffering mode after the pending output changed. */
void file_set_w(FILE *fp);

#endif
