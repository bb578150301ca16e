/*
 * <sys/wait.h> for Tessera's libSystem: waiting for children, with macOS's
 * status encoding (low 7 bits: the terminating signal, 0177 when stopped;
 * bits 8-15: the exit status or the stop signal; bit 7: core dumped).
 */
#ifndef _SYS_WAIT_H_
#define _SYS_WAIT_H_

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WNOHANG   0x00000001
#define WUNTRACED 0x00000002

#define _WSTATUS(x)    ((x)&0177)
#define _WSTOPPED      0177
#define WEXITSTATUS(x) (((x) >> 8) & 0xff)
#define WSTOPSIG(x)    ((x) >> 8)
#define WTERMSIG(x)    _WSTATUS(x)
#define WCOREDUMP(x)   ((x)&0200)
#define WIFEXITED(x)   (_WSTATUS(x) == 0)
#define WIFSTOPPED(x)  (_WSTATUS(x) == _WSTOPPED && WSTOPSIG(x) != 0x13)
#define WIFSIGNALED(x) (_WSTATUS(x) != _WSTOPPED && _WSTATUS(x) != 0)

struct rusage;

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *rusage);

#ifdef __cplusplus
}
#endif

#endif
