/*
 * lwIP's platform hooks for netserver (a Mach-O task on Tessera). The three
 * functions below are netserver's to provide when it links lwIP.
 */
#ifndef NETSERVER_ARCH_CC_H
#define NETSERVER_ARCH_CC_H

#include <stdint.h>

/* Tessera's libSystem has no <ctype.h> or <inttypes.h> yet: use lwIP's own. */
#define LWIP_NO_CTYPE_H    1
#define LWIP_NO_INTTYPES_H 1
#define X8_F               "02x"
#define U16_F              "hu"
#define S16_F              "hd"
#define X16_F              "hx"
#define U32_F              "u"
#define S32_F              "d"
#define X32_F              "x"
#define SZT_F              "zu"

#define BYTE_ORDER LITTLE_ENDIAN

void netserver_lwip_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void netserver_lwip_assert(const char *message, const char *file, int line)
    __attribute__((noreturn));
uint32_t netserver_lwip_random(void);

#define LWIP_PLATFORM_DIAG(x)                                                                      \
	do {                                                                                       \
		netserver_lwip_diag x;                                                             \
	} while (0)
#define LWIP_PLATFORM_ASSERT(x) netserver_lwip_assert((x), __FILE__, __LINE__)
#define LWIP_RAND()             netserver_lwip_random()

#endif
