/*
 * Length modifiers (see length.h).
 */
#include "stdio/length.h"

const char *length_parse(const char *fmt, enum length *len)
{
	*len = LEN_NONE;
	switch (*fmt) {
	case 'h': *len = fmt[1] == 'h' ? LEN_HH : LEN_H; return fmt + (fmt[1] == 'h' ? 2 : 1);
	case 'l': *len = fmt[1] == 'l' ? LEN_LL : LEN_L; return fmt + (fmt[1] == 'l' ? 2 : 1);
	case 'q': *len = LEN_LL; return fmt + 1;
	case 'j': *len = LEN_J; return fmt + 1;
	case 'z': *len = LEN_Z; return fmt + 1;
	case 't': *len = LEN_T; return fmt + 1;
	case 'L': *len = LEN_BIG_L; return fmt + 1;
	}
	return fmt;
}

void length_store(void *p, enum length len, uint64_t v)
{
	switch (len) {
	case LEN_HH: *(unsigned char *)p = (unsigned char)v; break;
	case LEN_H: *(unsigned short *)p = (unsigned short)v; break;
	case LEN_L:
	case LEN_LL:
	case LEN_J:
	case LEN_Z:
	case LEN_T: *(uint64_t *)p = v; break;
	default: *(unsigned int *)p = (unsigned int)v; break;
	}
}
