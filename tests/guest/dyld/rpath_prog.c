/* Finds librp through its second run path (@loader_path/rp); the first does not exist. */
#include "tsys.h"

int rp_value(void);

int main(void)
{
	tsys_line("rpath:", rp_value());
	return 0;
}
