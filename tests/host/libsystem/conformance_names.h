/*
 * Forced (-include) into conformance.c for its libSystem build on the host:
 * the program is compiled against libSystem's headers and every libc name it
 * uses becomes the ts_ name the renamed library defines (see BUILD). The
 * library's malloc gets its page source first, and its stdout is flushed at
 * the end, since glibc's exit does not know libSystem's streams.
 */
#define bsearch   ts_bsearch
#define free      ts_free
#define malloc    ts_malloc
#define memcmp    ts_memcmp
#define printf    ts_printf
#define qsort     ts_qsort
#define snprintf  ts_snprintf
#define sscanf    ts_sscanf
#define strcmp    ts_strcmp
#define strcpy    ts_strcpy
#define strcspn   ts_strcspn
#define strdup    ts_strdup
#define strlen    ts_strlen
#define strncmp   ts_strncmp
#define strrchr   ts_strrchr
#define strsep    ts_strsep
#define strspn    ts_strspn
#define strstr    ts_strstr
#define strtod    ts_strtod
#define strtok_r  ts_strtok_r
#define strtol    ts_strtol
#define strtoul   ts_strtoul
#define fflush    ts_fflush
#define __error   ts___error
#define __stdoutp ts___stdoutp

#include <stdio.h>

void test_malloc_setup(void);

static void __attribute__((constructor)) conformance_setup(void)
{
	test_malloc_setup();
}

static void __attribute__((destructor)) conformance_flush(void)
{
	fflush(NULL);
}
