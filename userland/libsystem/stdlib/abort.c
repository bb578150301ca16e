/*
 * abort (<stdlib.h>): SIGABRT to the calling process. Until bsdserver
 * delivers signals, kill may return; the process then ends on a breakpoint
 * instruction, which the kernel reports and turns into the task's end.
 */
#include <signal.h>
#include <stdlib.h>

void abort(void)
{
	raise(SIGABRT);
	__builtin_trap();
}
