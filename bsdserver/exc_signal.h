/*
 * Which signal a Mach exception stands for, as XNU's ux_exception maps
 * them (macOS's signal numbers): a process whose thread raised it ends as
 * if killed by that signal. Pure; host-tested.
 */
#ifndef BSDSERVER_EXC_SIGNAL_H
#define BSDSERVER_EXC_SIGNAL_H

#include <stdint.h>

/*
 * The signal for exception `exception` (EXC_*) with codes code0 and code1
 * (EXC_BAD_ACCESS: kern_return_t and address; EXC_SOFTWARE: EXC_UNIX_* or
 * EXC_SOFT_SIGNAL with the signal in code1); SIGKILL for any other.
 */
int exc_signal(int32_t exception, int32_t code0, int32_t code1);

#endif
