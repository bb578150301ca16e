/* Needs libgone (not weakly), which the volume lacks: dyld must refuse to start it. */
#include "tsys.h"

int gone_fn(void);

int main(void)
{
	tsys_line("needs_gone ran:", gone_fn());
	return 0;
}
