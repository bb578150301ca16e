/*
 * libtsys, the test programs' stand-in for libSystem: raw BSD calls,
 * output helpers, a record of initializer order, and the pieces dyld's
 * contract (userland/dyld/dyld_libsystem.h) asks of libSystem: the
 * tessera_dyld_api table, dyld_stub_binder and __tlv_bootstrap.
 */
#ifndef TESTS_GUEST_DYLD_TSYS_H
#define TESTS_GUEST_DYLD_TSYS_H

#include "dyld/dyld_libsystem.h"

extern struct tessera_dyld_api tessera_dyld_api;
extern long tsys_lazy_binds; /* calls of dyld_stub_binder */

long tsys_write(int fd, const void *buf, unsigned long len);
void tsys_puts(const char *s);         /* s, no newline */
void tsys_putn(long n);                /* decimal */
void tsys_line(const char *s, long n); /* "s n\n" */
void tsys_order_add(char c);           /* an initializer ran */
const char *tsys_order(void);          /* the initializers so far, in order */

/* Dl_info, <dlfcn.h>. */
struct dyld_dl_info {
	const char *dli_fname;
	void *dli_fbase;
	const char *dli_sname;
	void *dli_saddr;
};

#endif
