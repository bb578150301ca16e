/*
 * kill (<signal.h>): XNU's call takes a third argument, 1 for the POSIX
 * semantics macOS's libSystem asks for.
 */
#include <signal.h>

#include "sys/stubs.h"

int kill(pid_t pid, int sig)
{
	return sys_kill(pid, sig, 1);
}
