/*
 * Process identity and lifetime (<unistd.h>, <signal.h>, <sys/wait.h>,
 * <sys/stat.h>'s umask, posix_spawn's call): XNU's numbers. kill's stub takes XNU's third
 * argument (kill.c passes it). _exit never returns; should the kernel answer it anyway,
 * the process stops on a breakpoint rather than run on.
 */
#include "sys/bsd_call.h"

	.text
	.globl	__exit
	.p2align 2
__exit:
	mov	x16, #1
	svc	#0x80
	brk	#1

BSD_CALL wait4, 7
BSD_CALL getpid, 20
BSD_CALL getuid, 24
BSD_CALL geteuid, 25
BSD_CALL sys_kill, 37
BSD_CALL getppid, 39
BSD_CALL getegid, 43
BSD_CALL getgid, 47
BSD_CALL execve, 59
BSD_CALL umask, 60
BSD_CALL getpgrp, 81
BSD_CALL setpgid, 82
BSD_CALL setsid, 147
BSD_CALL sys_posix_spawn, 244
BSD_CALL getpgid, 151
BSD_CALL issetugid, 327
