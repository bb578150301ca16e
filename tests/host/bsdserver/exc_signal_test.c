/*
 * bsdserver/exc_signal.h: each Mach exception's signal, as XNU maps them,
 * and SIGKILL for anything it does not know.
 */
#include "bsdserver/bsd_abi.h"
#include "bsdserver/exc_signal.h"
#include "host/check.h"

int main(void)
{
	CHECK(exc_signal(1, 1, 8) == SIGSEGV);       /* EXC_BAD_ACCESS, KERN_INVALID_ADDRESS */
	CHECK(exc_signal(1, 2, 0x1000) == SIGBUS);   /* KERN_PROTECTION_FAILURE */
	CHECK(exc_signal(1, 0x101, 0) == SIGBUS);    /* EXC_ARM_DA_ALIGN */
	CHECK(exc_signal(2, 1, 0) == SIGILL);        /* EXC_BAD_INSTRUCTION */
	CHECK(exc_signal(3, 0, 0) == SIGFPE);        /* EXC_ARITHMETIC */
	CHECK(exc_signal(4, 0, 0) == SIGEMT);        /* EXC_EMULATION */
	CHECK(exc_signal(6, 1, 0) == SIGTRAP);       /* EXC_BREAKPOINT */
	CHECK(exc_signal(7, 0, 0) == SIGSYS);        /* EXC_SYSCALL */
	CHECK(exc_signal(8, 0, 0) == SIGSYS);        /* EXC_MACH_SYSCALL */
	CHECK(exc_signal(5, 0x10000, 0) == SIGSYS);  /* EXC_UNIX_BAD_SYSCALL */
	CHECK(exc_signal(5, 0x10001, 0) == SIGPIPE); /* EXC_UNIX_BAD_PIPE */
	CHECK(exc_signal(5, 0x10002, 0) == SIGABRT); /* EXC_UNIX_ABORT */
	CHECK(exc_signal(5, 0x10003, 15) == 15);     /* EXC_SOFT_SIGNAL carries its signal */
	CHECK(exc_signal(5, 0x10003, 0) == SIGKILL); /* ... a signal that cannot be */
	CHECK(exc_signal(5, 0x10003, 99) == SIGKILL);
	CHECK(exc_signal(5, 1234, 0) == SIGKILL); /* an unknown software exception */
	CHECK(exc_signal(10, 0, 0) == SIGKILL);   /* EXC_CRASH and the rest */
	CHECK(exc_signal(0, 0, 0) == SIGKILL);
	CHECK(exc_signal(-1, 0, 0) == SIGKILL);
	return 0;
}
