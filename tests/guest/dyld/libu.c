/*
 * libu and libu2 (built from this file with -DU2): dlopened and closed
 * again; each initializer and terminator (__mod_term_func: built with
 * -fno-register-global-dtors-with-atexit) leaves its letter.
 */
#include "tsys.h"

int udep_value(void);

#ifdef U2
#define LETTER 'w'
#define NAME   u2_value
#else
#define LETTER 'u'
#define NAME   u_value
#endif

int NAME(void)
{
	return udep_value() + 10;
}

__attribute__((constructor)) static void u_init(void)
{
	tsys_order_add(LETTER);
}

__attribute__((destructor)) static void u_term(void)
{
	tsys_order_add(LETTER - 'a' + 'A');
}
