/*
 * <ctype.h> for Tessera's libSystem: character classes of the C locale (ASCII;
 * bytes 0x80-0xff belong to no class). Arguments must be EOF or an unsigned
 * char value; anything else belongs to no class and maps to itself.
 */
#ifndef _CTYPE_H_
#define _CTYPE_H_

#ifdef __cplusplus
extern "C" {
#endif

int isalnum(int c);
int isalpha(int c);
int isascii(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int ishexnumber(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int digittoint(int c);
int toascii(int c);
int tolower(int c);
int toupper(int c);

#ifdef __cplusplus
}
#endif

#endif
