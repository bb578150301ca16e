/*
 * The C locale's character table in macOS's _RuneLocale layout
 * (<runetype.h>), and the functions macOS's inline ctype code calls. The
 * <ctype.h> functions in ctype.c read the same table.
 */
#include <runetype.h>
#include <stddef.h>

/* Where macOS's inline isalpha() and friends read: the layout must not drift. */
_Static_assert(offsetof(_RuneLocale, __runetype) == 60, "macOS _RuneLocale layout");
_Static_assert(offsetof(_RuneLocale, __maplower) == 1084, "macOS _RuneLocale layout");
_Static_assert(offsetof(_RuneLocale, __mapupper) == 2108, "macOS _RuneLocale layout");

#define CNTRL  _CTYPE_C
#define SPACE  (_CTYPE_C | _CTYPE_S)
#define TAB    (_CTYPE_C | _CTYPE_S | _CTYPE_B)
#define BLANK  (_CTYPE_S | _CTYPE_B | _CTYPE_R | _CTYPE_SW1)
#define PUNCT  (_CTYPE_P | _CTYPE_G | _CTYPE_R | _CTYPE_SW1)
#define DIGIT  (_CTYPE_D | _CTYPE_X | _CTYPE_G | _CTYPE_R | _CTYPE_SW1)
#define UPPER  (_CTYPE_A | _CTYPE_U | _CTYPE_G | _CTYPE_R | _CTYPE_SW1)
#define LOWER  (_CTYPE_A | _CTYPE_L | _CTYPE_G | _CTYPE_R | _CTYPE_SW1)
#define UPHEX  (UPPER | _CTYPE_X)
#define LOWHEX (LOWER | _CTYPE_X)

/* The case maps, written out for all 256 bytes: identity except for letters. */
#define R4(f, n)    f(n), f((n) + 1), f((n) + 2), f((n) + 3)
#define R16(f, n)   R4(f, n), R4(f, (n) + 4), R4(f, (n) + 8), R4(f, (n) + 12)
#define R64(f, n)   R16(f, n), R16(f, (n) + 16), R16(f, (n) + 32), R16(f, (n) + 48)
#define R256(f)     R64(f, 0), R64(f, 64), R64(f, 128), R64(f, 192)
#define LOWER_OF(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + ('a' - 'A') : (c))
#define UPPER_OF(c) ((c) >= 'a' && (c) <= 'z' ? (c) + ('A' - 'a') : (c))

_RuneLocale _DefaultRuneLocale = {
    .__magic = _RUNE_MAGIC_A,
    .__encoding = "NONE",
    .__invalid_rune = 0xfffd,
    .__runetype =
        {
            [0x00 ... 0x08] = CNTRL, ['\t'] = TAB,          ['\n' ... '\r'] = SPACE,
            [0x0e ... 0x1f] = CNTRL, [' '] = BLANK,         ['!' ... '/'] = PUNCT,
            ['0'] = DIGIT | 0,       ['1'] = DIGIT | 1,     ['2'] = DIGIT | 2,
            ['3'] = DIGIT | 3,       ['4'] = DIGIT | 4,     ['5'] = DIGIT | 5,
            ['6'] = DIGIT | 6,       ['7'] = DIGIT | 7,     ['8'] = DIGIT | 8,
            ['9'] = DIGIT | 9,       [':' ... '@'] = PUNCT, ['A'] = UPHEX | 10,
            ['B'] = UPHEX | 11,      ['C'] = UPHEX | 12,    ['D'] = UPHEX | 13,
            ['E'] = UPHEX | 14,      ['F'] = UPHEX | 15,    ['G' ... 'Z'] = UPPER,
            ['[' ... '`'] = PUNCT,   ['a'] = LOWHEX | 10,   ['b'] = LOWHEX | 11,
            ['c'] = LOWHEX | 12,     ['d'] = LOWHEX | 13,   ['e'] = LOWHEX | 14,
            ['f'] = LOWHEX | 15,     ['g' ... 'z'] = LOWER, ['{' ... '~'] = PUNCT,
            [0x7f] = CNTRL,
        },
    .__maplower = {R256(LOWER_OF)},
    .__mapupper = {R256(UPPER_OF)},
};

int __maskrune(int c, unsigned long f)
{
	if (c < 0 || c >= _CACHED_RUNES)
		return 0;
	return (int)(_DefaultRuneLocale.__runetype[c] & f);
}

int __toupper(int c)
{
	if (c < 0 || c >= _CACHED_RUNES)
		return c;
	return _DefaultRuneLocale.__mapupper[c];
}

int __tolower(int c)
{
	if (c < 0 || c >= _CACHED_RUNES)
		return c;
	return _DefaultRuneLocale.__maplower[c];
}
