#include "bsdserver/syscalls.h"

#include <errno.h>
#include <string.h>

#include <mach/syscall_forward.h>

#include "bsdserver/bsdserver.h"

#define SYSCALL_MAX 560 /* numbers above XNU's highest are unknown */

typedef int (*sys_handler_t)(struct sys_call *call);

static const sys_handler_t handlers[SYSCALL_MAX] = {
    [1] = sys_exit,
    [3] = sys_read,
    [4] = sys_write,
    [5] = sys_open,
    [6] = sys_close,
    [7] = sys_wait4,
    [20] = sys_getpid,
    [24] = sys_getuid,
    [25] = sys_geteuid,
    [39] = sys_getppid,
    [41] = sys_dup,
    [43] = sys_getegid,
    [47] = sys_getgid,
    [54] = sys_ioctl,
    [90] = sys_dup2,
    [92] = sys_fcntl,
    [116] = sys_gettimeofday,
    [120] = sys_readv,
    [121] = sys_writev,
    [122] = sys_settimeofday,
    [153] = sys_pread,
    [199] = sys_lseek,
    [244] = sys_posix_spawn,
    [327] = sys_issetugid,
    [339] = sys_fstat64,
    /* The _nocancel variants are the same calls until there are signals to cancel them. */
    [396] = sys_read,
    [397] = sys_write,
    [398] = sys_open,
    [399] = sys_close,
    [400] = sys_wait4,
    [406] = sys_fcntl,
    [411] = sys_readv,
    [412] = sys_writev,
    [414] = sys_pread,
    [500] = sys_getentropy,
};

/* XNU's names (bsd/kern/syscalls.master), for the log of calls not written yet. */
static const char *const names[SYSCALL_MAX] = {
    [0] = "syscall",
    [1] = "exit",
    [2] = "fork",
    [3] = "read",
    [4] = "write",
    [5] = "open",
    [6] = "close",
    [7] = "wait4",
    [9] = "link",
    [10] = "unlink",
    [12] = "chdir",
    [13] = "fchdir",
    [14] = "mknod",
    [15] = "chmod",
    [16] = "chown",
    [18] = "getfsstat",
    [20] = "getpid",
    [23] = "setuid",
    [24] = "getuid",
    [25] = "geteuid",
    [26] = "ptrace",
    [27] = "recvmsg",
    [28] = "sendmsg",
    [29] = "recvfrom",
    [30] = "accept",
    [31] = "getpeername",
    [32] = "getsockname",
    [33] = "access",
    [34] = "chflags",
    [35] = "fchflags",
    [36] = "sync",
    [37] = "kill",
    [39] = "getppid",
    [41] = "dup",
    [42] = "pipe",
    [43] = "getegid",
    [46] = "sigaction",
    [47] = "getgid",
    [48] = "sigprocmask",
    [49] = "getlogin",
    [50] = "setlogin",
    [51] = "acct",
    [52] = "sigpending",
    [53] = "sigaltstack",
    [54] = "ioctl",
    [55] = "reboot",
    [56] = "revoke",
    [57] = "symlink",
    [58] = "readlink",
    [59] = "execve",
    [60] = "umask",
    [61] = "chroot",
    [65] = "msync",
    [66] = "vfork",
    [73] = "munmap",
    [74] = "mprotect",
    [75] = "madvise",
    [78] = "mincore",
    [79] = "getgroups",
    [80] = "setgroups",
    [81] = "getpgrp",
    [82] = "setpgid",
    [83] = "setitimer",
    [86] = "getitimer",
    [89] = "getdtablesize",
    [90] = "dup2",
    [92] = "fcntl",
    [93] = "select",
    [95] = "fsync",
    [96] = "setpriority",
    [97] = "socket",
    [98] = "connect",
    [100] = "getpriority",
    [104] = "bind",
    [105] = "setsockopt",
    [106] = "listen",
    [111] = "sigsuspend",
    [116] = "gettimeofday",
    [117] = "getrusage",
    [118] = "getsockopt",
    [120] = "readv",
    [121] = "writev",
    [122] = "settimeofday",
    [123] = "fchown",
    [124] = "fchmod",
    [126] = "setreuid",
    [127] = "setregid",
    [128] = "rename",
    [131] = "flock",
    [132] = "mkfifo",
    [133] = "sendto",
    [134] = "shutdown",
    [135] = "socketpair",
    [136] = "mkdir",
    [137] = "rmdir",
    [138] = "utimes",
    [139] = "futimes",
    [140] = "adjtime",
    [142] = "gethostuuid",
    [147] = "setsid",
    [151] = "getpgid",
    [153] = "pread",
    [154] = "pwrite",
    [157] = "statfs",
    [158] = "fstatfs",
    [159] = "unmount",
    [167] = "mount",
    [169] = "csops",
    [170] = "csops_audittoken",
    [173] = "waitid",
    [181] = "setgid",
    [182] = "setegid",
    [183] = "seteuid",
    [184] = "sigreturn",
    [187] = "fdatasync",
    [188] = "stat",
    [189] = "fstat",
    [190] = "lstat",
    [191] = "pathconf",
    [192] = "fpathconf",
    [194] = "getrlimit",
    [195] = "setrlimit",
    [196] = "getdirentries",
    [197] = "mmap",
    [199] = "lseek",
    [200] = "truncate",
    [201] = "ftruncate",
    [202] = "sysctl",
    [203] = "mlock",
    [204] = "munlock",
    [220] = "getattrlist",
    [221] = "setattrlist",
    [222] = "getdirentriesattr",
    [223] = "exchangedata",
    [225] = "searchfs",
    [226] = "delete",
    [227] = "copyfile",
    [228] = "fgetattrlist",
    [229] = "fsetattrlist",
    [230] = "poll",
    [234] = "getxattr",
    [235] = "fgetxattr",
    [236] = "setxattr",
    [237] = "fsetxattr",
    [238] = "removexattr",
    [239] = "fremovexattr",
    [240] = "listxattr",
    [241] = "flistxattr",
    [242] = "fsctl",
    [243] = "initgroups",
    [244] = "posix_spawn",
    [245] = "ffsctl",
    [250] = "minherit",
    [266] = "shm_open",
    [267] = "shm_unlink",
    [268] = "sem_open",
    [269] = "sem_close",
    [270] = "sem_unlink",
    [271] = "sem_wait",
    [272] = "sem_trywait",
    [273] = "sem_post",
    [274] = "sysctlbyname",
    [294] = "shared_region_check_np",
    [301] = "psynch_mutexwait",
    [302] = "psynch_mutexdrop",
    [303] = "psynch_cvbroad",
    [304] = "psynch_cvsignal",
    [305] = "psynch_cvwait",
    [306] = "psynch_rw_rdlock",
    [307] = "psynch_rw_wrlock",
    [308] = "psynch_rw_unlock",
    [310] = "getsid",
    [311] = "settid_with_pid",
    [312] = "psynch_cvclrprepost",
    [313] = "aio_fsync",
    [314] = "aio_return",
    [315] = "aio_suspend",
    [316] = "aio_cancel",
    [317] = "aio_error",
    [318] = "aio_read",
    [319] = "aio_write",
    [320] = "lio_listio",
    [322] = "iopolicysys",
    [323] = "process_policy",
    [324] = "mlockall",
    [325] = "munlockall",
    [327] = "issetugid",
    [328] = "__pthread_kill",
    [329] = "__pthread_sigmask",
    [330] = "__sigwait",
    [331] = "__disable_threadsignal",
    [332] = "__pthread_markcancel",
    [333] = "__pthread_canceled",
    [334] = "__semwait_signal",
    [336] = "proc_info",
    [337] = "sendfile",
    [338] = "stat64",
    [339] = "fstat64",
    [340] = "lstat64",
    [341] = "stat64_extended",
    [342] = "lstat64_extended",
    [343] = "fstat64_extended",
    [344] = "getdirentries64",
    [345] = "statfs64",
    [346] = "fstatfs64",
    [347] = "getfsstat64",
    [348] = "__pthread_chdir",
    [349] = "__pthread_fchdir",
    [350] = "audit",
    [351] = "auditon",
    [353] = "getauid",
    [354] = "setauid",
    [357] = "getaudit_addr",
    [358] = "setaudit_addr",
    [359] = "auditctl",
    [360] = "bsdthread_create",
    [361] = "bsdthread_terminate",
    [362] = "kqueue",
    [363] = "kevent",
    [364] = "lchown",
    [366] = "bsdthread_register",
    [367] = "workq_open",
    [368] = "workq_kernreturn",
    [369] = "kevent64",
    [372] = "thread_selfid",
    [373] = "ledger",
    [374] = "kevent_qos",
    [375] = "kevent_id",
    [380] = "__mac_execve",
    [381] = "__mac_syscall",
    [396] = "read_nocancel",
    [397] = "write_nocancel",
    [398] = "open_nocancel",
    [399] = "close_nocancel",
    [400] = "wait4_nocancel",
    [401] = "recvmsg_nocancel",
    [402] = "sendmsg_nocancel",
    [403] = "recvfrom_nocancel",
    [404] = "accept_nocancel",
    [405] = "msync_nocancel",
    [406] = "fcntl_nocancel",
    [407] = "select_nocancel",
    [408] = "fsync_nocancel",
    [409] = "connect_nocancel",
    [410] = "sigsuspend_nocancel",
    [411] = "readv_nocancel",
    [412] = "writev_nocancel",
    [413] = "sendto_nocancel",
    [414] = "pread_nocancel",
    [415] = "pwrite_nocancel",
    [416] = "waitid_nocancel",
    [417] = "poll_nocancel",
    [420] = "sem_wait_nocancel",
    [421] = "aio_suspend_nocancel",
    [422] = "__sigwait_nocancel",
    [423] = "__semwait_signal_nocancel",
    [428] = "fsgetpath",
    [429] = "audit_session_self",
    [433] = "pid_suspend",
    [434] = "pid_resume",
    [438] = "shared_region_map_and_slide_np",
    [439] = "kas_info",
    [440] = "memorystatus_control",
    [441] = "guarded_open_np",
    [442] = "guarded_close_np",
    [443] = "guarded_kqueue_np",
    [444] = "change_fdguard_np",
    [447] = "connectx",
    [448] = "disconnectx",
    [449] = "peeloff",
    [450] = "socket_delegate",
    [461] = "getattrlistbulk",
    [462] = "clonefileat",
    [463] = "openat",
    [464] = "openat_nocancel",
    [465] = "renameat",
    [466] = "faccessat",
    [467] = "fchmodat",
    [468] = "fchownat",
    [469] = "fstatat",
    [470] = "fstatat64",
    [471] = "linkat",
    [472] = "unlinkat",
    [473] = "readlinkat",
    [474] = "symlinkat",
    [475] = "mkdirat",
    [476] = "getattrlistat",
    [477] = "proc_trace_log",
    [478] = "bsdthread_ctl",
    [479] = "openbyid_np",
    [480] = "recvmsg_x",
    [481] = "sendmsg_x",
    [482] = "thread_selfusage",
    [483] = "csrctl",
    [488] = "renameatx_np",
    [494] = "persona",
    [499] = "work_interval_ctl",
    [500] = "getentropy",
    [515] = "ulock_wait",
    [516] = "ulock_wake",
    [517] = "fclonefileat",
    [518] = "fs_snapshot",
    [520] = "terminate_with_payload",
    [521] = "abort_with_payload",
    [524] = "setattrlistat",
    [527] = "ntp_adjtime",
    [528] = "ntp_gettime",
    [529] = "os_fault_with_payload",
    [530] = "kqueue_workloop_ctl",
    [533] = "log_data",
    [534] = "memorystatus_available_memory",
    [537] = "pivot_root",
    [538] = "task_inspect_for_pid",
    [539] = "task_read_for_pid",
    [540] = "preadv",
    [541] = "pwritev",
    [542] = "preadv_nocancel",
    [543] = "pwritev_nocancel",
    [544] = "ulock_wait2",
};

/* Numbers already logged as unwritten (and unknown numbers, in the last slot). */
static uint8_t logged[SYSCALL_MAX + 1];

const char *syscall_name(uint32_t number)
{
	return number < SYSCALL_MAX ? names[number] : NULL;
}

void syscall_reply_build(struct syscall_forward_reply *m, mach_port_t reply, int error,
                         uint64_t rv0, uint64_t rv1)
{
	/* Every field written, no memset: each forwarded call builds one. */
	_Static_assert(sizeof(*m) == sizeof(m->Head) + 24, "a field not written below");
	m->Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	m->Head.msgh_size = sizeof(*m);
	m->Head.msgh_remote_port = reply;
	m->Head.msgh_local_port = MACH_PORT_NULL;
	m->Head.msgh_voucher_port = MACH_PORT_NULL;
	m->Head.msgh_id = SYSCALL_FORWARD_REPLY_ID;
	m->kind = SYSCALL_REPLY_VALUES;
	/* The success values, overwritten on error: plain stores, where selecting
	 * between the two cases compiles to vector code twice as long. */
	m->carry = 0;
	m->rv[0] = rv0;
	m->rv[1] = rv1;
	if (error != 0) {
		m->carry = 1;
		m->rv[0] = (uint64_t)error;
		m->rv[1] = 0;
	}
}

void syscall_reply_failed(mach_port_t reply, mach_msg_return_t mr)
{
	/* Only a refused destination leaves the right with us (a thread that went away). */
	if (mr == MACH_SEND_INVALID_DEST)
		mach_port_deallocate(mach_task_self(), reply);
}

bool syscall_reply_alive(mach_port_t reply)
{
	mach_port_type_t type = 0;

	if (mach_port_type(mach_task_self(), reply, &type) == KERN_SUCCESS &&
	    (type & MACH_PORT_TYPE_SEND_ONCE))
		return true;
	mach_port_deallocate(mach_task_self(), reply);
	return false;
}

void syscall_reply(mach_port_t reply, int error, uint64_t rv0, uint64_t rv1)
{
	struct syscall_forward_reply m;

	syscall_reply_build(&m, reply, error, rv0, rv1);
	/* The kernel's reply port never fills, so the send never waits. */
	mach_msg_return_t mr = mach_msg(&m.Head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL,
	                                MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		syscall_reply_failed(reply, mr);
}

static void log_unwritten(const struct sys_call *call)
{
	uint32_t slot = call->number < SYSCALL_MAX ? call->number : SYSCALL_MAX;
	const char *name = syscall_name(call->number);

	if (logged[slot])
		return;
	logged[slot] = 1;
	if (name != NULL)
		bsd_log("bsdserver: %s (syscall %u) is not written yet: ENOSYS\n", name,
		        call->number);
	else
		bsd_log("bsdserver: unknown syscall %u: ENOSYS (further unknown numbers are not "
		        "logged)\n",
		        call->number);
}

bool syscall_dispatch(struct sys_call *call, struct syscall_forward_reply *reply)
{
	sys_handler_t handler = call->number < SYSCALL_MAX ? handlers[call->number] : NULL;
	int error;

	if (handler == NULL) {
		log_unwritten(call);
		error = ENOSYS;
	} else {
		error = handler(call);
	}
	if (error == SYS_DEFERRED || !MACH_PORT_VALID(call->reply))
		return false;
	syscall_reply_build(reply, call->reply, error, call->rv[0], call->rv[1]);
	return true;
}
