/*
 * <ctype.h> in the C locale: every class and both case mappings for EOF and
 * each byte 0 to 255 (above 127 the C locale has no letters, digits or
 * spaces), plus isascii and toascii.
 *
 * Left out: other locales (setlocale is not in libSystem yet, and glibc's
 * locales are not macOS's), and the BSD-only ishexnumber, isnumber and
 * digittoint.
 */
#include <ctype.h>
#include <stdio.h>

#include "conformance.h"

void conf_ctype(void)
{
	for (int c = -1; c <= 255; c++) {
		char classes[14];
		int k = 0;

		classes[k++] = isalnum(c) ? 'n' : '-';
		classes[k++] = isalpha(c) ? 'a' : '-';
		classes[k++] = isblank(c) ? 'b' : '-';
		classes[k++] = iscntrl(c) ? 'c' : '-';
		classes[k++] = isdigit(c) ? 'd' : '-';
		classes[k++] = isgraph(c) ? 'g' : '-';
		classes[k++] = islower(c) ? 'l' : '-';
		classes[k++] = isprint(c) ? 'p' : '-';
		classes[k++] = ispunct(c) ? '!' : '-';
		classes[k++] = isspace(c) ? 's' : '-';
		classes[k++] = isupper(c) ? 'u' : '-';
		classes[k++] = isxdigit(c) ? 'x' : '-';
		classes[k++] = isascii(c) ? '7' : '-';
		classes[k] = '\0';
		printf("ctype %d: %s lower %d upper %d ascii %d\n", c, classes, tolower(c),
		       toupper(c), toascii(c));
	}
}
