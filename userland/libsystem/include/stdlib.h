/*
 * <stdlib.h> for Tessera's libSystem, with the prototypes macOS declares.
 * Implementations live in libSystem.B.dylib. long double is double on macOS
 * arm64, so strtold rounds exactly as strtod does. Number conversions follow
 * C11 7.22.1: on overflow they return the nearest limit (or ±HUGE_VAL) and set
 * errno to ERANGE; strtod also sets ERANGE when an inexact result underflows
 * to a subnormal or zero.
 */
#ifndef _STDLIB_H_
#define _STDLIB_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX     0x7fffffff

typedef struct {
	int quot;
	int rem;
} div_t;

typedef struct {
	long quot;
	long rem;
} ldiv_t;

typedef struct {
	long long quot;
	long long rem;
} lldiv_t;

void abort(void) __attribute__((noreturn));
const char *getprogname(void);
void setprogname(const char *name);
int abs(int j);
int atexit(void (*func)(void));
/* The C++ ABI's registration and unloading hooks (dso: the registering image). */
int __cxa_atexit(void (*func)(void *), void *arg, void *dso);
void __cxa_finalize(void *dso);
double atof(const char *str);
int atoi(const char *str);
long atol(const char *str);
long long atoll(const char *str);
void *bsearch(const void *key, const void *base, size_t nel, size_t width,
              int (*compar)(const void *, const void *));
void *calloc(size_t count, size_t size);
div_t div(int num, int denom);
void exit(int status) __attribute__((noreturn));
void _Exit(int status) __attribute__((noreturn));
void free(void *ptr);
char *getenv(const char *name);
long labs(long j);
ldiv_t ldiv(long num, long denom);
long long llabs(long long j);
lldiv_t lldiv(long long num, long long denom);
void *malloc(size_t size);
void qsort(void *base, size_t nel, size_t width, int (*compar)(const void *, const void *));
/* macOS's argument order: thunk comes before the comparator and is its first argument. */
void qsort_r(void *base, size_t nel, size_t width, void *thunk,
             int (*compar)(void *, const void *, const void *));
int rand(void);
void *realloc(void *ptr, size_t size);
void srand(unsigned seed);
double strtod(const char *restrict nptr, char **restrict endptr);
float strtof(const char *restrict nptr, char **restrict endptr);
long strtol(const char *restrict str, char **restrict endptr, int base);
long double strtold(const char *restrict nptr, char **restrict endptr);
long long strtoll(const char *restrict str, char **restrict endptr, int base);
unsigned long strtoul(const char *restrict str, char **restrict endptr, int base);
unsigned long long strtoull(const char *restrict str, char **restrict endptr, int base);
int system(const char *command);

int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);
int putenv(char *string);
int posix_memalign(void **memptr, size_t alignment, size_t size);
void *aligned_alloc(size_t alignment, size_t size);
void *reallocf(void *ptr, size_t size);
uint32_t arc4random(void);
void arc4random_buf(void *buf, size_t nbytes);
uint32_t arc4random_uniform(uint32_t upper_bound);

#ifdef __cplusplus
}
#endif

#endif
