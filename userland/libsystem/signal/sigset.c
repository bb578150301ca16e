/*
 * Signal sets (<signal.h>): one bit per signal, bit sig - 1, as on macOS.
 * A number outside 1..NSIG-1 is EINVAL.
 */
#include <errno.h>
#include <signal.h>

static int sigset_bad(int sig)
{
	if (sig > 0 && sig < NSIG)
		return 0;
	errno = EINVAL;
	return 1;
}

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~(sigset_t)0;
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (sigset_bad(sig))
		return -1;
	*set |= (sigset_t)1 << (sig - 1);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (sigset_bad(sig))
		return -1;
	*set &= ~((sigset_t)1 << (sig - 1));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (sigset_bad(sig))
		return -1;
	return (*set >> (sig - 1)) & 1;
}
