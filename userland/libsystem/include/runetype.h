/*
 * <runetype.h> for Tessera's libSystem: macOS's _RuneLocale layout. Binaries
 * compiled against macOS's <ctype.h> read _DefaultRuneLocale.__runetype[c]
 * inline for ASCII and call __maskrune, __toupper and __tolower otherwise,
 * so the layout and the bit values below must be macOS's.
 */
#ifndef _RUNETYPE_H_
#define _RUNETYPE_H_

#include <stddef.h>
#include <stdint.h>

#define _CACHED_RUNES (1 << 8)
#define _CRMASK       (~(_CACHED_RUNES - 1))
#define _RUNE_MAGIC_A "RuneMagA"

/* __runetype bits; the low 8 bits hold a hex digit's value. */
#define _CTYPE_A   0x00000100L /* alpha */
#define _CTYPE_C   0x00000200L /* control */
#define _CTYPE_D   0x00000400L /* digit */
#define _CTYPE_G   0x00000800L /* graph */
#define _CTYPE_L   0x00001000L /* lower */
#define _CTYPE_P   0x00002000L /* punct */
#define _CTYPE_S   0x00004000L /* space */
#define _CTYPE_U   0x00008000L /* upper */
#define _CTYPE_X   0x00010000L /* hex digit */
#define _CTYPE_B   0x00020000L /* blank */
#define _CTYPE_R   0x00040000L /* print */
#define _CTYPE_I   0x00080000L /* ideogram */
#define _CTYPE_T   0x00100000L /* special */
#define _CTYPE_Q   0x00200000L /* phonogram */
#define _CTYPE_SW0 0x20000000L /* 0 width character */
#define _CTYPE_SW1 0x40000000L /* 1 width character */
#define _CTYPE_SW2 0x80000000L /* 2 width character */
#define _CTYPE_SW3 0xc0000000L /* 3 width character */
#define _CTYPE_SWM 0xe0000000L /* mask for screen width data */
#define _CTYPE_SWS 30          /* bits to shift to get width */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	int __min;         /* first rune of the range */
	int __max;         /* last rune (inclusive) of the range */
	int __map;         /* what the first maps to */
	uint32_t *__types; /* types of the range's runes */
} _RuneEntry;

typedef struct {
	int __nranges;
	_RuneEntry *__ranges;
} _RuneRange;

typedef struct {
	char __name[14];
	uint32_t __mask;
} _RuneCharClass;

typedef struct {
	char __magic[8];
	char __encoding[32];
	int (*__sgetrune)(const char *, size_t, char const **);
	int (*__sputrune)(int, char *, size_t, char **);
	int __invalid_rune;
	uint32_t __runetype[_CACHED_RUNES];
	int __maplower[_CACHED_RUNES];
	int __mapupper[_CACHED_RUNES];
	_RuneRange __runetype_ext;
	_RuneRange __maplower_ext;
	_RuneRange __mapupper_ext;
	void *__variable;
	int __variable_len;
	int __ncharclasses;
	_RuneCharClass *__charclasses;
} _RuneLocale;

/* The C locale; the only one so far. */
extern _RuneLocale _DefaultRuneLocale;

/* The __runetype bits of c selected by f (0 outside the table). */
int __maskrune(int c, unsigned long f);
int __toupper(int c);
int __tolower(int c);

#ifdef __cplusplus
}
#endif

#endif
