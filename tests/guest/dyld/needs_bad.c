/* Linked against a good libbad; the volume holds a damaged one, so dyld must refuse to start it. */
#include "tsys.h"

int bad_value(void);

int main(void)
{
	tsys_line("needs_bad ran:", bad_value());
	return 0;
}
