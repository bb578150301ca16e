/*
 * <stdio.h> for Tessera's libSystem, with the prototypes macOS declares and
 * macOS arm64's FILE layout (struct __sFILE), which binaries compiled against
 * macOS headers reach into through the getc/putc macros.
 *
 * Formatting follows C11 7.21.6 with macOS's choices where C leaves them
 * open: %p prints 0x plus lowercase hex ("0x0" for NULL); NaN prints without
 * a sign; %a normalizes (leading hex digit 1, subnormals too); long double is
 * double (the L modifier reads a double). Numbers round exactly (ties to even).
 * %n$ positions (up to 64) are supported but may not be mixed with arguments
 * in order. scanf reads the longest valid number and gives back a dangling
 * exponent or "0x" ("100ergs" reads 100), as macOS does.
 *
 * Streams are buffered as on macOS (stderr unbuffered; terminals line
 * buffered; others fully buffered) and read and write through their cookie
 * functions (funopen); stdin, stdout, stderr and fdopen streams use the
 * descriptor calls of <unistd.h>. End of file is sticky until clearerr or a
 * seek. fopen opens through open(2); freopen, popen and tmpfile are not
 * there yet.
 *
 * Every call on a stream holds the stream's lock for its whole work (one
 * printf is one unit of output), as on macOS; flockfile groups calls, and the
 * _unlocked forms (macros reaching into the buffer, as macOS's are) take no
 * lock: the caller holds it.
 */
#ifndef _STDIO_H_
#define _STDIO_H_

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef long long fpos_t;
#include <sys/_types/_off_t.h>
#include <sys/_types/_ssize_t.h>

/* A buffer: base and size. */
struct __sbuf {
	unsigned char *_base;
	int _size;
};

struct __sFILEX;

typedef struct __sFILE {
	unsigned char *_p; /* next byte in the buffer */
	int _r;            /* bytes left to read via getc */
	int _w;            /* bytes left to write via putc */
	short _flags;      /* __S* flags; 0 means the FILE is free */
	short _file;       /* descriptor, or -1 */
	struct __sbuf _bf; /* the buffer */
	int _lbfsize;      /* 0, or -_bf._size when line buffered */
	void *_cookie;     /* argument of the four functions below */
	int (*_close)(void *);
	int (*_read)(void *, char *, int);
	fpos_t (*_seek)(void *, fpos_t, int);
	int (*_write)(void *, const char *, int);
	struct __sbuf _ub;       /* ungetc buffer */
	struct __sFILEX *_extra; /* private state */
	int _ur;                 /* _r saved while reading ungetc data */
	unsigned char _ubuf[3];  /* the minimum ungetc buffer */
	unsigned char _nbuf[1];  /* the minimum getc buffer */
	struct __sbuf _lb;       /* fgetln buffer */
	int _blksize;            /* st_blksize of the descriptor */
	fpos_t _offset;          /* current offset, when __SOFF is set */
} FILE;

extern FILE *__stdinp;
extern FILE *__stdoutp;
extern FILE *__stderrp;
#define stdin  __stdinp
#define stdout __stdoutp
#define stderr __stderrp

#define __SLBF 0x0001
#define __SNBF 0x0002
#define __SRD  0x0004
#define __SWR  0x0008
#define __SRW  0x0010
#define __SEOF 0x0020
#define __SERR 0x0040
#define __SMBF 0x0080
#define __SAPP 0x0100
#define __SSTR 0x0200
#define __SOPT 0x0400
#define __SNPT 0x0800
#define __SOFF 0x1000
#define __SMOD 0x2000
#define __SALC 0x4000
#define __SIGN 0x8000

#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

#define BUFSIZ       1024
#define EOF          (-1)
#define FOPEN_MAX    20
#define FILENAME_MAX 1024
#define L_tmpnam     1024
#define TMP_MAX      308915776
#define L_ctermid    1024
#define P_tmpdir     "/var/tmp/"

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

FILE *funopen(const void *cookie, int (*readfn)(void *, char *, int),
              int (*writefn)(void *, const char *, int), fpos_t (*seekfn)(void *, fpos_t, int),
              int (*closefn)(void *));
FILE *fdopen(int fd, const char *mode);
FILE *fopen(const char *restrict path, const char *restrict mode);
int fclose(FILE *stream);
int fflush(FILE *stream);
int fileno(FILE *stream);
int feof(FILE *stream);
int ferror(FILE *stream);
void clearerr(FILE *stream);
int setvbuf(FILE *restrict stream, char *restrict buf, int mode, size_t size);
void setbuf(FILE *restrict stream, char *restrict buf);
void setbuffer(FILE *stream, char *buf, int size);
int setlinebuf(FILE *stream);

int fgetc(FILE *stream);
int getc(FILE *stream);
int getchar(void);
int ungetc(int c, FILE *stream);
char *fgets(char *restrict s, int n, FILE *restrict stream);
size_t fread(void *restrict ptr, size_t size, size_t nitems, FILE *restrict stream);
ssize_t getdelim(char **restrict linep, size_t *restrict linecapp, int delimiter,
                 FILE *restrict stream);
ssize_t getline(char **restrict linep, size_t *restrict linecapp, FILE *restrict stream);
int fputc(int c, FILE *stream);
int putc(int c, FILE *stream);
int putchar(int c);
int fputs(const char *restrict s, FILE *restrict stream);
int puts(const char *s);
size_t fwrite(const void *restrict ptr, size_t size, size_t nitems, FILE *restrict stream);
void perror(const char *s);
int rename(const char *old, const char *new);

int fseek(FILE *stream, long offset, int whence);
int fseeko(FILE *stream, off_t offset, int whence);
long ftell(FILE *stream);
off_t ftello(FILE *stream);
void rewind(FILE *stream);
int fgetpos(FILE *restrict stream, fpos_t *restrict pos);
int fsetpos(FILE *stream, const fpos_t *pos);

/* Where macOS's getc and putc macros go when the buffer is empty or full. */
int __srget(FILE *stream);
int __swbuf(int c, FILE *stream);

void flockfile(FILE *stream);
int ftrylockfile(FILE *stream);
void funlockfile(FILE *stream);
int getc_unlocked(FILE *stream);
int getchar_unlocked(void);
int putc_unlocked(int c, FILE *stream);
int putchar_unlocked(int c);

/* macOS's macros: the buffer directly, __srget or __swbuf at its ends. */
#define __sgetc(p) (--(p)->_r < 0 ? __srget(p) : (int)(*(p)->_p++))
static inline int __sputc(int _c, FILE *_p)
{
	/* Room left, or a line-buffered stream with room and no end of line yet. */
	if (--_p->_w >= 0 || (_p->_w >= _p->_lbfsize && (char)_c != '\n'))
		return (*_p->_p++ = (unsigned char)_c);
	return __swbuf(_c, _p);
}
#define __sfeof(p)     (((p)->_flags & __SEOF) != 0)
#define __sferror(p)   (((p)->_flags & __SERR) != 0)
#define __sclearerr(p) ((void)((p)->_flags &= ~(__SERR | __SEOF)))
#define __sfileno(p)   ((p)->_file)

#define getc_unlocked(fp)    __sgetc(fp)
#define putc_unlocked(x, fp) __sputc(x, fp)
#define getchar_unlocked()   getc_unlocked(stdin)
#define putchar_unlocked(x)  putc_unlocked(x, stdout)
#define feof_unlocked(p)     __sfeof(p)
#define ferror_unlocked(p)   __sferror(p)
#define clearerr_unlocked(p) __sclearerr(p)
#define fileno_unlocked(p)   __sfileno(p)

int printf(const char *restrict format, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE *restrict stream, const char *restrict format, ...)
    __attribute__((format(printf, 2, 3)));
int dprintf(int fd, const char *restrict format, ...) __attribute__((format(printf, 2, 3)));
int sprintf(char *restrict str, const char *restrict format, ...)
    __attribute__((format(printf, 2, 3)));
int snprintf(char *restrict str, size_t size, const char *restrict format, ...)
    __attribute__((format(printf, 3, 4)));
int asprintf(char **ret, const char *format, ...) __attribute__((format(printf, 2, 3)));
int vprintf(const char *restrict format, va_list ap) __attribute__((format(printf, 1, 0)));
int vfprintf(FILE *restrict stream, const char *restrict format, va_list ap)
    __attribute__((format(printf, 2, 0)));
int vdprintf(int fd, const char *restrict format, va_list ap) __attribute__((format(printf, 2, 0)));
int vsprintf(char *restrict str, const char *restrict format, va_list ap)
    __attribute__((format(printf, 2, 0)));
int vsnprintf(char *restrict str, size_t size, const char *restrict format, va_list ap)
    __attribute__((format(printf, 3, 0)));
int vasprintf(char **ret, const char *format, va_list ap) __attribute__((format(printf, 2, 0)));

int scanf(const char *restrict format, ...) __attribute__((format(scanf, 1, 2)));
int fscanf(FILE *restrict stream, const char *restrict format, ...)
    __attribute__((format(scanf, 2, 3)));
int sscanf(const char *restrict s, const char *restrict format, ...)
    __attribute__((format(scanf, 2, 3)));
int vscanf(const char *restrict format, va_list ap) __attribute__((format(scanf, 1, 0)));
int vfscanf(FILE *restrict stream, const char *restrict format, va_list ap)
    __attribute__((format(scanf, 2, 0)));
int vsscanf(const char *restrict s, const char *restrict format, va_list ap)
    __attribute__((format(scanf, 2, 0)));

#ifdef __cplusplus
}
#endif

#endif
