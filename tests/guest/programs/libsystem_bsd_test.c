/*
 * libSystem's BSD layer in the guest, before bsdserver: this boot task links
 * libSystem's objects statically, makes one of its ports its syscall port
 * (TASK_SYSCALL_PORT) and serves its own BSD calls from a second thread, so
 * it sees exactly what each stub puts in x16 and x0..x7 (the variadic
 * arguments of open, fcntl and ioctl included) and can answer with errors.
 * It starts as dyld would start it: it runs libSystem's initializer from its
 * own __mod_init_func section with made-up argv, envp and apple strings.
 * The main thread checks what the initializer set up, the calls' results,
 * errno, isatty, stdio's buffering and exit's order (atexit handlers, then
 * the streams' pending output, then _exit), and a third thread overruns a
 * buffer to reach __stack_chk_fail and abort; when exit arrives the server
 * adds its own checks and ends the task with the verdict as the exit status
 * (0: every check passed, else the failed check's number).
 */
#include <dlfcn.h>
#include <errno.h>
#include <crt_externs.h>
#include <fcntl.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include <mach/syscall_forward.h>
#include <mach/thread_status.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <dyld/dyld_libsystem.h>

#include "tests/guest/programs/stack_smash.h"

/* The initializers the linker gathered (libSystem's is the only one), as dyld finds them. */
typedef void initializer_fn(int argc, char **argv, char **envp, char **apple);
extern initializer_fn *const init_start[] __asm__("section$start$__DATA_CONST$__mod_init_func");
extern initializer_fn *const init_end[] __asm__("section$end$__DATA_CONST$__mod_init_func");

extern uintptr_t __stack_chk_guard;
extern struct tessera_dyld_api tessera_dyld_api;
/* The thunk a thread-local variable's descriptor names until dyld rewrites it. */
extern void *_tlv_bootstrap(void *descriptor);
/* binder_call.S: a lazy stub's first call, through dyld_stub_binder. */
extern long binder_call(uint64_t offset, void **slot, long a0, long a1, double d0);

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

static unsigned char server_stack[64 * 1024] __attribute__((aligned(16)));
static unsigned char smash_stack[16 * 1024] __attribute__((aligned(16)));
static mach_port_t syscall_port;

/* What the server saw written to descriptors 1 and 2. */
static char out[256], err[256];
static size_t out_len, err_len;
static size_t err_writes;
/* The reply right of the call kill(pid, SIGABRT), kept unanswered so its caller stays put. */
static volatile mach_port_t abort_reply;

/* Answers one call as a tiny fake kernel would; returns x0, sets *x1 and *carry (on error). */
static uint64_t serve(uint32_t number, const uint64_t *a, uint64_t *x1, int *carry)
{
	*carry = 0;
	*x1 = 0;
	switch (number) {
	case 3: /* read: nothing is open */ *carry = 1; return EBADF;
	case 4: /* write */
		if (a[0] == 1 && out_len + a[2] <= sizeof(out)) {
			memcpy(out + out_len, (const void *)a[1], a[2]);
			out_len += a[2];
			return a[2];
		}
		if (a[0] == 2 && err_len + a[2] <= sizeof(err)) {
			memcpy(err + err_len, (const void *)a[1], a[2]);
			err_len += a[2];
			err_writes++;
			return a[2];
		}
		*carry = 1;
		return EIO;
	case 5: /* open: flags and mode back, if the path arrived */
		if (strcmp((const char *)a[0], "/x") != 0) {
			*carry = 1;
			return EINVAL;
		}
		return a[1] << 16 | a[2];
	case 7: /* wait4 */
		if (a[0] != 55 || a[2] != WNOHANG || a[3] != 0) {
			*carry = 1;
			return ECHILD;
		}
		*(int *)a[1] = 3 << 8;
		return 55;
	case 54: { /* ioctl: descriptor 1 is a terminal of 24 x 80 */
		if (a[0] == 1 && a[1] == TIOCGETA) {
			struct termios *t = (struct termios *)a[2];

			memset(t, 0, sizeof(*t));
			t->c_lflag = ICANON | ECHO;
			return 0;
		}
		if (a[0] == 1 && a[1] == TIOCGWINSZ) {
			struct winsize *w = (struct winsize *)a[2];

			w->ws_row = 24;
			w->ws_col = 80;
			return 0;
		}
		*carry = 1;
		return ENOTTY;
	}
	case 92: /* fcntl: command and argument back */ return a[1] << 16 | a[2];
	case 90: /* dup2 */ return a[1];
	case 121: { /* writev to descriptor 5: "ab" + "cde" */
		const struct iovec *v = (const struct iovec *)a[1];

		if (a[0] == 5 && a[2] == 2 && v[0].iov_len == 2 && v[1].iov_len == 3 &&
		    memcmp(v[0].iov_base, "ab", 2) == 0 && memcmp(v[1].iov_base, "cde", 3) == 0)
			return 5;
		*carry = 1;
		return EIO;
	}
	case 153: /* pread */
	case 154: /* pwrite: the offset back */ return a[3];
	case 197: /* mmap: the sixth argument (offset) back; no length is EINVAL */
		if (a[1] == 0) {
			*carry = 1;
			return EINVAL;
		}
		return a[5];
	case 199: /* lseek */ return a[1] + a[2];
	case 338:
	case 339:
	case 340: { /* stat, fstat, lstat: which one, in st_mode */
		struct stat *st = (struct stat *)a[1];

		memset(st, 0, sizeof(*st));
		st->st_mode = (mode_t)number;
		st->st_ino = 0x1122334455ULL;
		st->st_size = 1234;
		st->st_blksize = 4096;
		return 0;
	}
	case 500: /* getentropy */
		if (a[1] > 256) {
			*carry = 1;
			return EINVAL;
		}
		memset((void *)a[0], 0xa5, a[1]);
		return 0;
	case 6:  /* close */
	case 73: /* munmap */
	case 74: /* mprotect */
	case 327: /* issetugid */ return 0;
	case 37: /* kill: POSIX semantics asked for */
		if (a[2] != 1) {
			*carry = 1;
			return EINVAL;
		}
		return 0;
	case 42: /* pipe: both ends in registers */ *x1 = 8; return 7;
	default: /* the identity calls: their number tells the stub */ return 1000 + number;
	}
}

/* The exit status the task ends with: the program's, unless the server finds more wrong. */
static int verdict(int status, int server_errno)
{
	static const char expected[] = "hello 42!\n[atexit]pending";
	static const char expected_err[] = "eprobe: stack buffer overflow detected\n";

	if (status != 0)
		return status;
	if (out_len != sizeof(expected) - 1 || memcmp(out, expected, out_len) != 0)
		return 90;
	if (server_errno != EDOM)
		return 91;
	if (err_len != sizeof(expected_err) - 1 || memcmp(err, expected_err, err_len) != 0)
		return 92;
	return 0;
}

/* Ends the task with `status`: BSD exit with no syscall port is the kernel's report. */
static void __attribute__((noreturn)) end_task(int status)
{
	task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, MACH_PORT_NULL);
	_exit(status);
}

static void server(void)
{
	void *tsd[TSD_SLOT_COUNT] = {0};
	union {
		struct {
			struct syscall_forward_request req;
			mach_msg_audit_trailer_t trailer;
		} in;
		struct syscall_forward_reply out;
	} m;

	_thread_set_tsd_base(tsd);
	/* This thread's errno: the main thread's failures must not reach it. */
	errno = EDOM;
	for (;;) {
		int carry;

		if (mach_msg(&m.in.req.Head, MACH_RCV_MSG, 0, sizeof(m), syscall_port,
		             MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			end_task(80);
		struct syscall_forward_request req = m.in.req;

		if (req.number == 1)
			end_task(verdict((int)req.args[0], errno));
		if (req.number == 37 && req.args[1] == SIGABRT) {
			abort_reply = req.Head.msgh_remote_port;
			continue;
		}
		m.out.rv[0] = serve(req.number, req.args, &m.out.rv[1], &carry);
		m.out.kind = SYSCALL_REPLY_VALUES;
		m.out.carry = (uint32_t)carry;
		m.out.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m.out.Head.msgh_remote_port = req.Head.msgh_remote_port;
		m.out.Head.msgh_local_port = MACH_PORT_NULL;
		m.out.Head.msgh_id = SYSCALL_FORWARD_REPLY_ID;
		m.out.Head.msgh_size = sizeof(m.out);
		mach_msg(&m.out.Head, MACH_SEND_MSG, sizeof(m.out), 0, MACH_PORT_NULL,
		         MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	}
}

/* Starts fn(arg) on a thread of its own with the stack ending at stack_top; 0 or -1. */
static int start_thread(void (*fn)(int), int arg, unsigned char *stack_top)
{
	struct arm_thread_state64 state = {0};
	thread_act_t thread;

	state.pc = (uint64_t)fn;
	state.sp = (uint64_t)stack_top;
	state.x[0] = (uint64_t)arg;
	if (thread_create(mach_task_self(), &thread) != KERN_SUCCESS ||
	    thread_set_state(thread, ARM_THREAD_STATE64, (natural_t *)&state,
	                     ARM_THREAD_STATE64_COUNT) != KERN_SUCCESS ||
	    thread_resume(thread) != KERN_SUCCESS)
		return -1;
	return 0;
}

static int start_server(void)
{
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &syscall_port) !=
	        KERN_SUCCESS ||
	    start_thread((void (*)(int))server, 0, server_stack + sizeof(server_stack)) != 0)
		return -1;
	if (mach_port_insert_right(mach_task_self(), syscall_port, syscall_port,
	                           MACH_MSG_TYPE_MAKE_SEND) != KERN_SUCCESS ||
	    task_set_special_port(mach_task_self(), TASK_SYSCALL_PORT, syscall_port) !=
	        KERN_SUCCESS)
		return -1;
	return 0;
}

static void at_exit(void)
{
	write(1, "[atexit]", 8);
}

/* 1-19: each stub's number and arguments, results and errno. */
static int calls(void)
{
	char buf[300];
	struct winsize ws;
	struct termios t;
	struct stat st;
	struct iovec iov[2] = {{"ab", 2}, {"cde", 3}};
	int status;

	CHECK(1, getpid() == 1020 && getppid() == 1039);
	CHECK(2, getuid() == 1024 && geteuid() == 1025 && getgid() == 1047 && getegid() == 1043);
	CHECK(3, dup(1) == 1041 && dup2(1, 7) == 7 && close(3) == 0 && issetugid() == 0);
	errno = 0;
	CHECK(4, read(42, buf, 1) == -1 && errno == EBADF);
	/* A call that succeeds leaves errno alone. */
	CHECK(5, getpid() == 1020 && errno == EBADF);
	/* open's mode is variadic (on the stack), read only with O_CREAT. */
	CHECK(6, open("/x", O_RDONLY) == 0);
	CHECK(7, open("/x", O_CREAT | O_WRONLY, 0644) == ((O_CREAT | O_WRONLY) << 16 | 0644));
	CHECK(8, open("/y", O_RDONLY) == -1 && errno == EINVAL);
	CHECK(9, fcntl(3, F_SETFL, O_NONBLOCK) == (F_SETFL << 16 | O_NONBLOCK));
	CHECK(10, fcntl(3, F_GETFL) == F_GETFL << 16);
	CHECK(11, ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row == 24 && ws.ws_col == 80);
	CHECK(12, tcgetattr(1, &t) == 0 && t.c_lflag == (ICANON | ECHO) && isatty(1) == 1);
	errno = 0;
	CHECK(13, isatty(2) == 0 && errno == ENOTTY);
	CHECK(14, lseek(3, 0x123456789LL, SEEK_END) == 0x123456789LL + SEEK_END);
	CHECK(15,
	      mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0x5000) == (void *)0x5000);
	CHECK(16, mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0) == MAP_FAILED &&
	              errno == EINVAL && munmap((void *)0x5000, 4096) == 0);
	CHECK(17, fstat(3, &st) == 0 && st.st_mode == 339 && st.st_ino == 0x1122334455ULL &&
	              st.st_size == 1234 && stat("/x", &st) == 0 && st.st_mode == 338 &&
	              lstat("/x", &st) == 0 && st.st_mode == 340);
	CHECK(18, pread(3, buf, 10, 0x7777) == 0x7777 && pwrite(3, buf, 10, 0x8888) == 0x8888 &&
	              writev(5, iov, 2) == 5);
	CHECK(19,
	      waitpid(55, &status, WNOHANG) == 55 && WIFEXITED(status) && WEXITSTATUS(status) == 3);
	return 0;
}

/* 46-47: a smashed stack ends in __stack_chk_fail, which reports it and aborts. */
static int stack_check(void)
{
	if (start_thread(stack_smash, 16, smash_stack + sizeof(smash_stack)) != 0)
		return 46;
	for (int i = 0; i < 1000 && abort_reply == MACH_PORT_NULL; i++)
		thread_switch(MACH_PORT_NULL, 0, 1);
	CHECK(47, abort_reply != MACH_PORT_NULL);
	return 0;
}

/* 30-39: what libSystem's initializer set up. */
static int started(char **argv, char **envp)
{
	CHECK(30, *_NSGetArgc() == 2 && *_NSGetArgv() == argv && *_NSGetEnviron() == envp);
	CHECK(31, strcmp(getprogname(), "probe") == 0 && strcmp(*_NSGetProgname(), "probe") == 0);
	CHECK(32, getenv("HOME") != NULL && strcmp(getenv("HOME"), "/root") == 0 &&
	              getenv("PATH") == NULL);
	CHECK(33, setenv("PATH", "/bin", 0) == 0 && strcmp(getenv("PATH"), "/bin") == 0);
	CHECK(34, __stack_chk_guard == 0x1234abcd5678ef00ULL);
	CHECK(35, mach_task_self() != MACH_PORT_NULL);
	return 0;
}

/* 50-54: the file system names, process groups, pipe and sleep. */
static int more_calls(void)
{
	int fds[2] = {-1, -1};
	uint64_t start, elapsed_ns;
	mach_timebase_info_data_t tb;

	CHECK(50, access("/x", R_OK) == 1033 && chdir("/") == 1012 && fchdir(3) == 1013 &&
	              unlink("/x") == 1010 && mkdir("/d", 0755) == 1136 && rmdir("/d") == 1137 &&
	              rename("/a", "/b") == 1128 && chmod("/x", 0600) == 1015 &&
	              fchmod(3, 0600) == 1124);
	CHECK(51, fsync(3) == 1095 && ftruncate(3, 10) == 1201 && truncate("/x", 0) == 1200 &&
	              umask(022) == 1060);
	CHECK(52, getpgrp() == 1081 && setpgid(0, 0) == 1082 && setsid() == 1147 &&
	              getpgid(0) == 1151 && execve("/x", NULL, NULL) == 1059);
	CHECK(53, pipe(fds) == 0 && fds[0] == 7 && fds[1] == 8);
	CHECK(54, mach_timebase_info(&tb) == KERN_SUCCESS);
	start = mach_absolute_time();
	CHECK(54, usleep(20000) == 0);
	elapsed_ns = (mach_absolute_time() - start) * tb.numer / tb.denom;
	CHECK(54, elapsed_ns >= 20000000);
	return 0;
}

/* 20-29: getentropy, dlfcn without dyld, signals, stdio on the descriptors. */
static int library(void)
{
	unsigned char bytes[300];
	char *e;

	memset(bytes, 0, sizeof(bytes));
	CHECK(20, getentropy(bytes, 16) == 0 && bytes[0] == 0xa5 && bytes[15] == 0xa5 &&
	              bytes[16] == 0);
	CHECK(21, getentropy(bytes, 300) == -1 && errno == EINVAL);
	CHECK(22, dlopen("/usr/lib/libz.dylib", RTLD_NOW) == NULL);
	e = dlerror();
	CHECK(23, e != NULL && strstr(e, "no dyld") != NULL && dlerror() == NULL);
	CHECK(24, kill(1020, 0) == 0 && sigaction(SIGINT, NULL, NULL) == -1 && errno == ENOSYS);

	/* stdout is a terminal (TIOCGETA works on 1): line buffered. */
	printf("hello %d", 42);
	CHECK(25, out_len == 0);
	printf("!\n");
	CHECK(26, out_len == 10 && memcmp(out, "hello 42!\n", 10) == 0);
	/* stderr is unbuffered: each fprintf is written at once. */
	fprintf(stderr, "e");
	CHECK(27, err_writes == 1);
	printf("pending");
	CHECK(28, out_len == 10 && atexit(at_exit) == 0);
	return 0;
}

/* A stand-in for dyld behind tessera_dyld_api: what it was asked, and its answers. */
static void *bound_private;
static uint32_t bound_offset;

static long bound_target(long a, long b, double d)
{
	return a * 1000 + b + (long)d;
}

static void *fake_lazy_bind(void *image_private, uint32_t offset)
{
	bound_private = image_private;
	bound_offset = offset;
	return (void *)bound_target;
}

static const void *fake_caller;

/* libSystem's dlopen passes its caller on: an address in this program, not in libSystem. */
static void *fake_dlopen_from(const char *path, int mode, const void *caller)
{
	fake_caller = caller;
	return strcmp(path, "/usr/lib/libfake.dylib") == 0 && mode == RTLD_LAZY ? (void *)0x1234
	                                                                        : NULL;
}

static void *fake_tlv_get_addr(struct dyld_tlv_descriptor *descriptor)
{
	return (char *)descriptor + 1;
}

static char *fake_dlerror(void)
{
	return "fake dyld error";
}

/* 40-45: dyld_stub_binder's register convention, dlfcn and _tlv_bootstrap through the table. */
static int dyld_glue(void)
{
	void *slot = (void *)0xfeedbeef;

	tessera_dyld_api.lazy_bind = fake_lazy_bind;
	tessera_dyld_api.dlopen_from = fake_dlopen_from;
	tessera_dyld_api.dlerror = fake_dlerror;
	tessera_dyld_api.tlv_get_addr = fake_tlv_get_addr;
	tessera_dyld_api.version = TESSERA_DYLD_API_VERSION;
	/* The arguments reach the bound function intact, its result comes back. */
	CHECK(40, binder_call(0x5a, &slot, 7, 8, 9.75) == 7017);
	CHECK(41, bound_private == (void *)0xfeedbeef && bound_offset == 0x5a);
	CHECK(42, dlopen("/usr/lib/libfake.dylib", RTLD_LAZY) == (void *)0x1234 &&
	              (const char *)fake_caller > (const char *)dyld_glue - 0x10000 &&
	              (const char *)fake_caller < (const char *)dyld_glue + 0x10000);
	CHECK(43, strcmp(dlerror(), "fake dyld error") == 0);
	CHECK(45, _tlv_bootstrap((void *)0x4000) == (void *)0x4001);
	tessera_dyld_api.version = 0;
	CHECK(44, dlopen("/usr/lib/libfake.dylib", RTLD_LAZY) == NULL &&
	              strstr(dlerror(), "no dyld") != NULL);
	return 0;
}

int main(void)
{
	static char *argv[] = {"/usr/bin/probe", "one", NULL};
	static char *envp[] = {"HOME=/root", "TERM=vt100", NULL};
	static char *apple[] = {"executable_path=/usr/bin/probe", "stack_guard=0x1234abcd5678ef00",
	                        NULL};
	int r;

	if (init_end - init_start != 1)
		return 82;
	init_start[0](2, argv, envp, apple);
	if (start_server() != 0)
		return 81;
	r = started(argv, envp);
	if (r == 0)
		r = calls();
	if (r == 0)
		r = more_calls();
	if (r == 0)
		r = dyld_glue();
	if (r == 0)
		r = library();
	if (r == 0)
		r = stack_check();
	/* exit: at_exit writes "[atexit]", then "pending" is flushed, then _exit reaches the
	 * server. */
	exit(r);
}
