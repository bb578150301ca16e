#include "bsdserver/exc_signal.h"

#include "bsdserver/bsd_abi.h"

/* XNU's <mach/exception_types.h> and <sys/ux_exception.h>. */
#define EXC_BAD_ACCESS       1
#define EXC_BAD_INSTRUCTION  2
#define EXC_ARITHMETIC       3
#define EXC_EMULATION        4
#define EXC_SOFTWARE         5
#define EXC_BREAKPOINT       6
#define EXC_SYSCALL          7
#define EXC_MACH_SYSCALL     8
#define KERN_INVALID_ADDRESS 1
#define EXC_UNIX_BAD_SYSCALL 0x10000
#define EXC_UNIX_BAD_PIPE    0x10001
#define EXC_UNIX_ABORT       0x10002
#define EXC_SOFT_SIGNAL      0x10003

int exc_signal(int32_t exception, int32_t code0, int32_t code1)
{
	switch (exception) {
	case EXC_BAD_ACCESS: return code0 == KERN_INVALID_ADDRESS ? SIGSEGV : SIGBUS;
	case EXC_BAD_INSTRUCTION: return SIGILL;
	case EXC_ARITHMETIC: return SIGFPE;
	case EXC_EMULATION: return SIGEMT;
	case EXC_BREAKPOINT: return SIGTRAP;
	case EXC_SYSCALL:
	case EXC_MACH_SYSCALL: return SIGSYS;
	case EXC_SOFTWARE:
		switch (code0) {
		case EXC_UNIX_BAD_SYSCALL: return SIGSYS;
		case EXC_UNIX_BAD_PIPE: return SIGPIPE;
		case EXC_UNIX_ABORT: return SIGABRT;
		case EXC_SOFT_SIGNAL: return code1 > 0 && code1 < NSIG ? code1 : SIGKILL;
		default: return SIGKILL;
		}
	default: return SIGKILL;
	}
}
