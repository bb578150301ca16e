/*
 * libSystem's functions as the host tests see them: every symbol the library
 * defines carries the ts_ prefix (see renamed_library.bzl), so these link
 * beside glibc's. The types are spelled so that they mean the same on the
 * host (x86-64 Linux, LP64) as in libSystem's headers (arm64 macOS, LP64);
 * long double arguments are passed as double, as on macOS arm64.
 */
#ifndef TESTS_HOST_LIBSYSTEM_TS_H
#define TESTS_HOST_LIBSYSTEM_TS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

int *ts___error(void);
#define ts_errno (*ts___error())

void *ts_memchr(const void *s, int c, size_t n);
int ts_memcmp(const void *a, const void *b, size_t n);
void *ts_memcpy(void *dst, const void *src, size_t n);
void *ts_memmove(void *dst, const void *src, size_t n);
void *ts_memset(void *b, int c, size_t len);
void *ts_memccpy(void *dst, const void *src, int c, size_t n);
void *ts_memmem(const void *big, size_t big_len, const void *little, size_t little_len);
int ts_bcmp(const void *a, const void *b, size_t n);
void ts_bcopy(const void *src, void *dst, size_t n);
void ts_bzero(void *s, size_t n);
char *ts_strcat(char *s1, const char *s2);
char *ts_strchr(const char *s, int c);
int ts_strcmp(const char *s1, const char *s2);
int ts_strcoll(const char *s1, const char *s2);
char *ts_strcpy(char *dst, const char *src);
size_t ts_strcspn(const char *s, const char *charset);
char *ts_strerror(int errnum);
int ts_strerror_r(int errnum, char *buf, size_t buflen);
size_t ts_strlen(const char *s);
char *ts_strncat(char *s1, const char *s2, size_t n);
int ts_strncmp(const char *s1, const char *s2, size_t n);
char *ts_strncpy(char *dst, const char *src, size_t n);
char *ts_strpbrk(const char *s, const char *charset);
char *ts_strrchr(const char *s, int c);
size_t ts_strspn(const char *s, const char *charset);
char *ts_strstr(const char *haystack, const char *needle);
char *ts_strtok(char *str, const char *sep);
char *ts_strtok_r(char *str, const char *sep, char **lasts);
size_t ts_strxfrm(char *s1, const char *s2, size_t n);
char *ts_stpcpy(char *dst, const char *src);
char *ts_stpncpy(char *dst, const char *src, size_t n);
char *ts_strcasestr(const char *haystack, const char *needle);
size_t ts_strnlen(const char *s, size_t maxlen);
char *ts_strnstr(const char *haystack, const char *needle, size_t len);
size_t ts_strlcpy(char *dst, const char *src, size_t size);
size_t ts_strlcat(char *dst, const char *src, size_t size);
char *ts_strsep(char **stringp, const char *delim);
int ts_strcasecmp(const char *s1, const char *s2);
int ts_strncasecmp(const char *s1, const char *s2, size_t n);
char *ts_index(const char *s, int c);
char *ts_rindex(const char *s, int c);
int ts_ffs(int i);
int ts_ffsl(long i);
int ts_ffsll(long long i);
int ts_fls(int i);
int ts_flsl(long i);
int ts_flsll(long long i);

int ts_isalnum(int c);
int ts_isalpha(int c);
int ts_isascii(int c);
int ts_isblank(int c);
int ts_iscntrl(int c);
int ts_isdigit(int c);
int ts_isgraph(int c);
int ts_islower(int c);
int ts_isprint(int c);
int ts_ispunct(int c);
int ts_isspace(int c);
int ts_isupper(int c);
int ts_isxdigit(int c);
int ts_digittoint(int c);
int ts_tolower(int c);
int ts_toupper(int c);
int ts___maskrune(int c, unsigned long f);
int ts___toupper(int c);
int ts___tolower(int c);

long ts_strtol(const char *str, char **endptr, int base);
long long ts_strtoll(const char *str, char **endptr, int base);
unsigned long ts_strtoul(const char *str, char **endptr, int base);
unsigned long long ts_strtoull(const char *str, char **endptr, int base);
intmax_t ts_strtoimax(const char *str, char **endptr, int base);
uintmax_t ts_strtoumax(const char *str, char **endptr, int base);
double ts_strtod(const char *str, char **endptr);
float ts_strtof(const char *str, char **endptr);
long double ts_strtold(const char *str, char **endptr);
double ts_atof(const char *str);
int ts_atoi(const char *str);
long ts_atol(const char *str);
long long ts_atoll(const char *str);
int ts_abs(int j);
long ts_labs(long j);
long long ts_llabs(long long j);
void ts_qsort(void *base, size_t nel, size_t width, int (*compar)(const void *, const void *));
void ts_qsort_r(void *base, size_t nel, size_t width, void *thunk,
                int (*compar)(void *, const void *, const void *));
void *ts_bsearch(const void *key, const void *base, size_t nel, size_t width,
                 int (*compar)(const void *, const void *));

int ts_snprintf(char *str, size_t size, const char *format, ...);
int ts_vsnprintf(char *str, size_t size, const char *format, va_list ap);
int ts_sprintf(char *str, const char *format, ...);
int ts_vsprintf(char *str, const char *format, va_list ap);
int ts_sscanf(const char *s, const char *format, ...);
int ts_vsscanf(const char *s, const char *format, va_list ap);
struct malloc_environment;
void ts_malloc_environment_set(const struct malloc_environment *env);
void *ts_malloc(size_t size);
void ts_free(void *ptr);
void *ts_calloc(size_t count, size_t size);
void *ts_realloc(void *ptr, size_t size);
void *ts_reallocf(void *ptr, size_t size);
int ts_posix_memalign(void **memptr, size_t alignment, size_t size);
void *ts_aligned_alloc(size_t alignment, size_t size);
size_t ts_malloc_size(const void *ptr);

char *ts_strdup(const char *s1);
char *ts_strndup(const char *s1, size_t n);
int ts_asprintf(char **ret, const char *format, ...);
int ts_vasprintf(char **ret, const char *format, va_list ap);

extern char **ts_environ;
char ***ts__NSGetEnviron(void);
char *ts_getenv(const char *name);
int ts_setenv(const char *name, const char *value, int overwrite);
int ts_unsetenv(const char *name);
int ts_putenv(char *string);

int ts_atexit(void (*func)(void));
int ts___cxa_atexit(void (*func)(void *), void *arg, void *dso);
void ts___cxa_finalize(void *dso);
void ts_exit(int status) __attribute__((noreturn));

/* Streams: ts_FILE is libSystem's FILE, opaque to the tests. */
typedef struct ts_file ts_FILE;
extern ts_FILE *ts___stdinp, *ts___stdoutp, *ts___stderrp;
ts_FILE *ts_funopen(const void *cookie, int (*readfn)(void *, char *, int),
                    int (*writefn)(void *, const char *, int),
                    long long (*seekfn)(void *, long long, int), int (*closefn)(void *));
ts_FILE *ts_fdopen(int fd, const char *mode);
ts_FILE *ts_fdopen_extsn(int fd, const char *mode) __asm__("ts_fdopen$DARWIN_EXTSN");
int ts_fclose(ts_FILE *fp);
int ts_fflush(ts_FILE *fp);
int ts_fileno(ts_FILE *fp);
int ts_feof(ts_FILE *fp);
int ts_ferror(ts_FILE *fp);
void ts_clearerr(ts_FILE *fp);
int ts_setvbuf(ts_FILE *fp, char *buf, int mode, size_t size);
int ts_fgetc(ts_FILE *fp);
int ts_ungetc(int c, ts_FILE *fp);
char *ts_fgets(char *s, int n, ts_FILE *fp);
size_t ts_fread(void *ptr, size_t size, size_t nitems, ts_FILE *fp);
long ts_getline(char **linep, size_t *capp, ts_FILE *fp);
int ts_fputc(int c, ts_FILE *fp);
int ts_fputs(const char *s, ts_FILE *fp);
int ts_puts(const char *s);
void ts_perror(const char *s);
size_t ts_fwrite(const void *ptr, size_t size, size_t nitems, ts_FILE *fp);
int ts_fseek(ts_FILE *fp, long offset, int whence);
long ts_ftell(ts_FILE *fp);
void ts_rewind(ts_FILE *fp);
int ts_fprintf(ts_FILE *fp, const char *format, ...);
int ts_printf(const char *format, ...);
int ts_dprintf(int fd, const char *format, ...);
int ts_fscanf(ts_FILE *fp, const char *format, ...);
int ts___srget(ts_FILE *fp);
int ts___swbuf(int c, ts_FILE *fp);

struct tm;
struct tm *ts_gmtime_r(const long *clock, struct tm *result);
struct tm *ts_gmtime(const long *clock);
long ts_timegm(struct tm *tm);
double ts_difftime(long t1, long t0);
size_t ts_strftime(char *s, size_t maxsize, const char *format, const struct tm *tm);
char *ts_asctime_r(const struct tm *tm, char *buf);
struct tm *ts_localtime_r(const long *clock, struct tm *result);
struct tm *ts_localtime(const long *clock);
long ts_mktime(struct tm *tm);
char *ts_ctime_r(const long *clock, char *buf);
char *ts_ctime(const long *clock);

#endif
