/*
 * Signal handling (<signal.h>): not there yet. bsdserver does not deliver
 * signals, and libSystem has no trampoline for a handler to return through,
 * so sigaction, signal and sigprocmask fail with ENOSYS instead of
 * pretending to install anything.
 */
#include <errno.h>
#include <signal.h>

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict oact)
{
	errno = ENOSYS;
	return -1;
}

void (*signal(int sig, void (*func)(int)))(int)
{
	errno = ENOSYS;
	return SIG_ERR;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict oset)
{
	errno = ENOSYS;
	return -1;
}
