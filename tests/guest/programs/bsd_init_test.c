/*
 * bsdserver_test's /sbin/init: BSD calls made with raw `svc #0x80` (its own
 * stubs, no libSystem), each checked for its result and its errors — the
 * ids, getentropy and exec's random apple[] strings, the boot volume's
 * files through open/read/pread/readv/lseek/fstat64,
 * the descriptor calls, refusals (EBADF, EFAULT, EINVAL, ENOENT, EROFS,
 * ENOTTY, ECHILD, ENOSYS), and the console tty: writes, termios ioctls, and
 * lines typed on the console (echo, erase, kill, EOF) and raw-mode reads.
 * Then messages sent straight to its own syscall port (the Mach layer of
 * libSystem, linked statically): malformed ones are dropped unanswered,
 * a well-formed one is answered like a trap; and a bounded random fuzz of
 * the calls bsdserver answers, with random descriptors, pointers, lengths
 * and flags. After each, bsdserver must still answer. Prints "bsd_init_test: check N failed ..."
 * for each failure and ends with "bsd_init_test: all checks passed" or "bsd_init_test: failures",
 * then exits with the number of failed checks.
 */
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include <mach/mach.h>
#include <mach/notify.h>
#include <mach/syscall_forward.h>
#include <mach/thread_status.h>

#include "bsdserver/bsd_abi.h"
#include "bsdserver/tty/termios.h"

#define SYS_exit      1
#define SYS_fork      2
#define SYS_read      3
#define SYS_write     4
#define SYS_open      5
#define SYS_close     6
#define SYS_wait4     7
#define SYS_getpid    20
#define SYS_getuid    24
#define SYS_geteuid   25
#define SYS_getppid   39
#define SYS_dup       41
#define SYS_getegid   43
#define SYS_getgid    47
#define SYS_ioctl     54
#define SYS_dup2      90
#define SYS_fcntl     92
#define SYS_readv     120
#define SYS_writev    121
#define SYS_pread     153
#define SYS_lseek     199
#define SYS_issetugid 327
#define SYS_fstat64   339
#define SYS_getentropy 500

#define EBADF   9
#define ECHILD  10
#define EFAULT  14
#define EEXIST  17
#define ENOTDIR 20
#define EISDIR  21
#define EINVAL  22
#define EINTR   4
#define ENOTTY  25
#define ESPIPE  29
#define EROFS   30
#define ENOENT  2
#define ENOSYS  78

#define DATA         "/test/data.txt"
#define DATA_TEXT    "hello from the boot volume\n"
#define BAD          0x10ul /* in __PAGEZERO: never mapped */
#define FD_MAX_GUESS 256    /* bsdserver's descriptors per process */

struct result {
	long value;
	int err; /* 0, or the errno the carry flag announced */
};

static struct result sys(long number, long a, long b, long c, long d)
{
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x16 __asm__("x16") = number;
	long carry;

	__asm__ volatile("svc #0x80\n\tcset %2, cs"
	                 : "+r"(x0), "+r"(x1), "=&r"(carry), "+r"(x16)
	                 : "r"(x2), "r"(x3)
	                 : "memory", "cc");
	return carry ? (struct result){-1, (int)x0} : (struct result){x0, 0};
}

static unsigned failures;

static size_t length(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

static int same(const void *a, const void *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (((const uint8_t *)a)[i] != ((const uint8_t *)b)[i])
			return 0;
	return 1;
}

static void say(const char *s)
{
	sys(SYS_write, 1, (long)s, (long)length(s), 0);
}

static void say_number(long v)
{
	char buf[24];
	int i = sizeof(buf);

	buf[--i] = '\0';
	if (v < 0)
		v = -v;
	do
		buf[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0 && i > 0);
	say(buf + i);
}

static void check(int n, int ok, struct result r)
{
	if (ok)
		return;
	failures++;
	say("bsd_init_test: check ");
	say_number(n);
	say(" failed (value ");
	say_number(r.value);
	say(", errno ");
	say_number(r.err);
	say(")\n");
}

/* The call must fail with exactly `err`. */
static void refused(int n, struct result r, int err)
{
	check(n, r.value == -1 && r.err == err, r);
}

static void identity(int argc, char **argv, char **envp, char **apple)
{
	struct result none = {0, 0};

	check(1, argc == 1 && same(argv[0], "/sbin/init", 11) && argv[1] == NULL, none);
	check(2, envp[0] == NULL, none);
	check(3, same(apple[0], "executable_path=/sbin/init", 27), none);
	struct result r = sys(SYS_getpid, 0, 0, 0, 0);
	check(4, r.err == 0 && r.value == 1, r);
	r = sys(SYS_getppid, 0, 0, 0, 0);
	check(5, r.err == 0 && r.value == 0, r);
	long ids[] = {SYS_getuid, SYS_geteuid, SYS_getgid, SYS_getegid, SYS_issetugid};
	for (int i = 0; i < 5; i++) {
		r = sys(ids[i], 0, 0, 0, 0);
		check(6, r.err == 0 && r.value == 0, r);
	}
	/* An unwritten call and an unknown number: ENOSYS (bsdserver logs each once). */
	refused(7, sys(SYS_fork, 0, 0, 0, 0), ENOSYS);
	refused(7, sys(SYS_fork, 0, 0, 0, 0), ENOSYS);
	refused(7, sys(9999, 0, 0, 0, 0), ENOSYS);
	/* No children: wait4 has nobody to wait for. */
	int status = 0;
	refused(8, sys(SYS_wait4, -1, (long)&status, 0, 0), ECHILD);
	refused(8, sys(SYS_wait4, -1, (long)&status, WNOHANG, 0), ECHILD);
	refused(8, sys(SYS_wait4, -1, (long)&status, 0x4000, 0), EINVAL);
}

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* getentropy from the kernel's generator; exec's random apple[] strings. */
static void entropy(char **apple)
{
	struct result none = {0, 0};
	uint8_t a[257], b[257];

	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = b[i] = 0;
	struct result r = sys(SYS_getentropy, (long)a, 32, 0, 0);
	check(50, r.err == 0 && r.value == 0 && !all_zero(a, 32) && all_zero(a + 32, 1), r);
	r = sys(SYS_getentropy, (long)b, 32, 0, 0);
	check(50, r.err == 0 && !same(a, b, 32), r);
	r = sys(SYS_getentropy, (long)a, 256, 0, 0);
	check(51, r.err == 0 && !all_zero(a + 224, 32) && a[256] == 0, r);
	r = sys(SYS_getentropy, (long)a, 0, 0, 0);
	check(51, r.err == 0 && r.value == 0, r);
	/* XNU's limit and its errno (EINVAL, whatever its manual says), then a bad buffer. */
	refused(52, sys(SYS_getentropy, (long)a, 257, 0, 0), EINVAL);
	refused(52, sys(SYS_getentropy, (long)a, -1, 0, 0), EINVAL);
	refused(52, sys(SYS_getentropy, BAD, 16, 0, 0), EFAULT);
	check(53, same(apple[1], "stack_guard=0x", 14) && same(apple[2], "malloc_entropy=0x", 17) &&
	              same(apple[3], "ptr_munge=0x", 12) && apple[4] == NULL,
	      none);
}

static void files(void)
{
	char buf[64];
	struct result r = sys(SYS_open, (long)DATA, O_RDONLY, 0, 0);
	long fd = r.value;

	check(10, r.err == 0 && fd >= 3, r);
	r = sys(SYS_read, fd, (long)buf, 5, 0);
	check(11, r.value == 5 && same(buf, "hello", 5), r);
	refused(12, sys(SYS_read, fd, BAD, 5, 0), EFAULT);
	refused(12, sys(SYS_read, 99, (long)buf, 5, 0), EBADF);
	refused(12, sys(SYS_read, -1, (long)buf, 5, 0), EBADF);
	refused(12, sys(SYS_write, fd, (long)buf, 5, 0), EBADF);
	/* lseek: set, current, end, and refusals. */
	r = sys(SYS_lseek, fd, 6, SEEK_SET, 0);
	check(13, r.value == 6, r);
	r = sys(SYS_read, fd, (long)buf, 4, 0);
	check(13, r.value == 4 && same(buf, "from", 4), r);
	r = sys(SYS_lseek, fd, 0, SEEK_CUR, 0);
	check(13, r.value == 10, r);
	r = sys(SYS_lseek, fd, 0, SEEK_END, 0);
	check(13, r.value == (long)length(DATA_TEXT), r);
	r = sys(SYS_read, fd, (long)buf, sizeof(buf), 0);
	check(13, r.err == 0 && r.value == 0, r); /* end of file */
	refused(13, sys(SYS_lseek, fd, -1, SEEK_SET, 0), EINVAL);
	refused(13, sys(SYS_lseek, fd, 0, 7, 0), EINVAL);
	/* pread leaves the offset alone. */
	r = sys(SYS_pread, fd, (long)buf, 5, 11);
	check(14, r.value == 5 && same(buf, "the b", 5), r);
	r = sys(SYS_lseek, fd, 0, SEEK_CUR, 0);
	check(14, r.value == (long)length(DATA_TEXT), r);
	refused(14, sys(SYS_pread, fd, (long)buf, 5, -1), EINVAL);
	/* fstat64: a regular file of the right size. */
	struct bsd_stat64 st;
	r = sys(SYS_fstat64, fd, (long)&st, 0, 0);
	check(15,
	      r.err == 0 && (st.st_mode & 0170000) == S_IFREG &&
	          st.st_size == (long)length(DATA_TEXT),
	      r);
	refused(15, sys(SYS_fstat64, fd, BAD, 0, 0), EFAULT);
	refused(15, sys(SYS_fstat64, 77, (long)&st, 0, 0), EBADF);
	/* readv: two buffers filled in order; bad counts and a bad array refused. */
	char a[6], b[5];
	struct bsd_iovec iov[2] = {{(uint64_t)a, sizeof(a)}, {(uint64_t)b, sizeof(b)}};
	sys(SYS_lseek, fd, 0, SEEK_SET, 0);
	r = sys(SYS_readv, fd, (long)iov, 2, 0);
	check(16, r.value == 11 && same(a, "hello ", 6) && same(b, "from ", 5), r);
	refused(16, sys(SYS_readv, fd, (long)iov, 0, 0), EINVAL);
	refused(16, sys(SYS_readv, fd, (long)iov, IOV_MAX + 1, 0), EINVAL);
	refused(16, sys(SYS_readv, fd, BAD, 2, 0), EFAULT);
	/* Descriptors: dup shares the offset, dup2 and fcntl. */
	sys(SYS_lseek, fd, 2, SEEK_SET, 0);
	r = sys(SYS_dup, fd, 0, 0, 0);
	long copy = r.value;
	check(17, r.err == 0 && copy > fd, r);
	r = sys(SYS_lseek, copy, 0, SEEK_CUR, 0);
	check(17, r.value == 2, r);
	r = sys(SYS_dup2, fd, 50, 0, 0);
	check(17, r.value == 50, r);
	r = sys(SYS_close, 50, 0, 0, 0);
	check(17, r.err == 0, r);
	refused(17, sys(SYS_close, 50, 0, 0, 0), EBADF);
	refused(17, sys(SYS_dup2, fd, 300, 0, 0), EBADF);
	refused(17, sys(SYS_dup, 123, 0, 0, 0), EBADF);
	r = sys(SYS_fcntl, copy, F_GETFD, 0, 0);
	check(18, r.err == 0 && r.value == 0, r);
	sys(SYS_fcntl, copy, F_SETFD, FD_CLOEXEC, 0);
	r = sys(SYS_fcntl, copy, F_GETFD, 0, 0);
	check(18, r.value == FD_CLOEXEC, r);
	r = sys(SYS_fcntl, copy, F_GETFL, 0, 0);
	check(18, r.err == 0 && r.value == O_RDONLY, r);
	r = sys(SYS_fcntl, copy, F_DUPFD, 20, 0);
	check(18, r.value >= 20, r);
	sys(SYS_close, r.value, 0, 0, 0);
	refused(18, sys(SYS_fcntl, copy, 12345, 0, 0), EINVAL);
	refused(18, sys(SYS_fcntl, copy, F_DUPFD, -1, 0), EINVAL);
	/* ioctl on a plain file: not a tty (isatty is false). */
	struct bsd_termios t;
	refused(19, sys(SYS_ioctl, fd, TIOCGETA, (long)&t, 0), ENOTTY);
	sys(SYS_close, copy, 0, 0, 0);
	r = sys(SYS_close, fd, 0, 0, 0);
	check(19, r.err == 0, r);
	/* open's refusals: missing, writing the read-only volume, bad pointers, directories. */
	refused(20, sys(SYS_open, (long)"/no/such/file", O_RDONLY, 0, 0), ENOENT);
	refused(20, sys(SYS_open, (long)DATA, O_WRONLY, 0, 0), EROFS);
	refused(20, sys(SYS_open, (long)DATA, O_RDONLY | O_TRUNC, 0, 0), EROFS);
	refused(20, sys(SYS_open, (long)"/test/new", O_RDWR | O_CREAT, 0644, 0), EROFS);
	refused(20, sys(SYS_open, (long)DATA, O_RDONLY | O_CREAT | O_EXCL, 0644, 0), EEXIST);
	refused(20, sys(SYS_open, (long)DATA, O_RDONLY | O_DIRECTORY, 0, 0), ENOTDIR);
	refused(20, sys(SYS_open, BAD, O_RDONLY, 0, 0), EFAULT);
	r = sys(SYS_open, (long)"/test", O_RDONLY, 0, 0);
	check(21, r.err == 0, r);
	refused(21, sys(SYS_read, r.value, (long)buf, 4, 0), EISDIR);
	sys(SYS_close, r.value, 0, 0, 0);
}

/* Reads one line (or whatever one read gives) from the console into buf. */
static struct result read_line(char *buf, size_t size)
{
	return sys(SYS_read, 0, (long)buf, (long)size, 0);
}

static volatile long reader_value = -2, reader_errno;
static mach_port_t park_port;

/* The second thread: a console read that waits for typing, then parked for good. */
static void reader_thread(void)
{
	char buf[16];
	mach_msg_header_t h;

	struct result r = sys(SYS_read, 0, (long)buf, sizeof(buf), 0);
	reader_errno = r.err;
	reader_value = r.value;
	for (;;)
		mach_msg(&h, MACH_RCV_MSG, 0, sizeof(h), park_port, MACH_MSG_TIMEOUT_NONE,
		         MACH_PORT_NULL);
}

static void sleep_ms(uint64_t ms)
{
	mach_timebase_info_data_t tb;

	mach_timebase_info(&tb);
	mach_wait_until(mach_absolute_time() + ms * 1000000 * tb.denom / tb.numer);
}

/*
 * A second thread's console read waits, and thread_abort ends it (EINTR):
 * bsdserver must forget it, so what is typed next goes to the next read.
 */
static void aborted_read(void)
{
	struct arm_thread_state64 state;
	mach_vm_address_t stack = 0;
	thread_act_t thread = MACH_PORT_NULL;
	char buf[32];

	memset(&state, 0, sizeof(state));
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &park_port);
	mach_vm_allocate(mach_task_self(), &stack, 65536, VM_FLAGS_ANYWHERE);
	state.sp = stack + 65536;
	state.pc = (uint64_t)(uintptr_t)reader_thread;
	kern_return_t kr =
	    thread_create_running(mach_task_self(), ARM_THREAD_STATE64, (natural_t *)&state,
	                          ARM_THREAD_STATE64_COUNT, &thread);
	check(39, kr == KERN_SUCCESS, (struct result){kr, 0});
	sleep_ms(100); /* long enough for its read to be waiting in bsdserver */
	kr = thread_abort(thread);
	for (int i = 0; i < 100 && reader_value == -2; i++)
		sleep_ms(10);
	check(39, kr == KERN_SUCCESS && reader_value == -1 && reader_errno == EINTR,
	      (struct result){reader_value, (int)reader_errno});
	say("bsd_init_test: type after abort\n");
	struct result r = read_line(buf, sizeof(buf));
	check(39, r.value == 6 && same(buf, "after\n", 6), r);
}

static void console(void)
{
	struct bsd_termios t, raw;
	struct bsd_winsize w;
	char buf[128];

	/* The standard descriptors are the console: a tty, 24x80, canonical with echo. */
	struct result r = sys(SYS_ioctl, 0, TIOCGETA, (long)&t, 0);
	check(30, r.err == 0 && (t.c_lflag & ICANON) && (t.c_lflag & ECHO) && (t.c_oflag & ONLCR),
	      r);
	r = sys(SYS_ioctl, 1, TIOCGWINSZ, (long)&w, 0);
	check(30, r.err == 0 && w.ws_row == 24 && w.ws_col == 80, r);
	refused(30, sys(SYS_ioctl, 1, TIOCGETA, BAD, 0), EFAULT);
	refused(30, sys(SYS_ioctl, 1, 0x20007400, 0, 0), ENOTTY);
	refused(30, sys(SYS_lseek, 1, 0, SEEK_SET, 0), ESPIPE);
	refused(30, sys(SYS_pread, 0, (long)buf, 1, 0), ESPIPE);
	refused(30, sys(SYS_write, 1, BAD, 4, 0), EFAULT);
	r = sys(SYS_fstat64, 1, (long)buf, 0, 0);
	check(30, r.err == 0 && (((struct bsd_stat64 *)(void *)buf)->st_mode & 0170000) == S_IFCHR,
	      r);
	/* writev: pieces in order, as one line. */
	struct bsd_iovec iov[3] = {{(uint64_t) "bsd_init_test: ", 15},
	                           {(uint64_t) "writev ", 7},
	                           {(uint64_t) "works\n", 6}};
	r = sys(SYS_writev, 1, (long)iov, 3, 0);
	check(31, r.value == 28, r);

	/* Typed lines: echoed by the tty, edited (DEL, ^H, ^U), and ^D. */
	say("bsd_init_test: type a line\n");
	r = read_line(buf, sizeof(buf));
	check(32, r.value == 6 && same(buf, "hello\n", 6), r);
	say("bsd_init_test: type with erase\n");
	r = read_line(buf, sizeof(buf));
	check(33, r.value == 3 && same(buf, "ac\n", 3), r);
	say("bsd_init_test: type with kill\n");
	r = read_line(buf, sizeof(buf));
	check(34, r.value == 3 && same(buf, "ok\n", 3), r);
	say("bsd_init_test: type end of file\n");
	r = read_line(buf, sizeof(buf));
	check(35, r.err == 0 && r.value == 0, r);
	r = read_line(buf, sizeof(buf)); /* the Enter typed after ^D */
	check(35, r.value == 1 && buf[0] == '\n', r);

	/* Raw mode: no echo, bytes as they come (VMIN 1); then a VTIME timeout with nothing typed.
	 */
	raw = t;
	raw.c_lflag &= ~(uint64_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	r = sys(SYS_ioctl, 0, TIOCSETAF, (long)&raw, 0);
	check(36, r.err == 0, r);
	say("bsd_init_test: type raw\n");
	size_t got = 0;
	while (got < 4) {
		r = read_line(buf + got, sizeof(buf) - got);
		if (r.value <= 0)
			break;
		got += (size_t)r.value;
	}
	check(36, got == 4 && same(buf, "xyz\n", 4), r);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 2;
	sys(SYS_ioctl, 0, TIOCSETA, (long)&raw, 0);
	r = read_line(buf, sizeof(buf));
	check(37, r.err == 0 && r.value == 0, r);
	r = sys(SYS_ioctl, 0, TIOCSETA, (long)&t, 0);
	check(38, r.err == 0, r);
	refused(38, sys(SYS_ioctl, 0, TIOCSETA, BAD, 0), EFAULT);
	aborted_read();
}

union junk {
	struct syscall_forward_request request;
	struct syscall_forward_reply reply;
	struct {
		mach_msg_header_t head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
		uint8_t rest[96];
	} complex;
	uint8_t room[512];
};

/* Sends m (size bytes) to the syscall port; the reply, if any, is asked for at `reply`. */
static kern_return_t send_junk(union junk *m, mach_msg_size_t size, mach_port_t port,
                               mach_port_t reply, mach_msg_type_name_t reply_type)
{
	m->request.Head.msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, reply_type);
	m->request.Head.msgh_size = size;
	m->request.Head.msgh_remote_port = port;
	m->request.Head.msgh_local_port = reply;
	return mach_msg(&m->request.Head, MACH_SEND_MSG, size, 0, MACH_PORT_NULL,
	                MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

/* The next message on `reply` within a second: its id, or 0 if none came. */
static mach_msg_id_t receive_id(mach_port_t reply, union junk *m)
{
	if (mach_msg(&m->request.Head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*m), reply, 1000,
	             MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		return 0;
	mach_msg_id_t id = m->request.Head.msgh_id;
	mach_msg_destroy(&m->request.Head);
	return id;
}

static void still_answers(int n)
{
	struct result r = sys(SYS_getpid, 0, 0, 0, 0);
	check(n, r.err == 0 && r.value == 1, r);
}

/*
 * Messages a process can send to its own syscall port: bsdserver destroys
 * malformed ones unanswered (a send-once reply right comes back as a
 * send-once notification) and answers a well-formed one as the process.
 */
static void junk_messages(void)
{
	static union junk m;
	mach_port_t port = MACH_PORT_NULL, reply = MACH_PORT_NULL, extra = MACH_PORT_NULL;
	struct result none = {0, 0};

	kern_return_t kr = task_get_special_port(mach_task_self(), TASK_SYSCALL_PORT, &port);
	check(41, kr == KERN_SUCCESS && MACH_PORT_VALID(port), (struct result){kr, 0});
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &reply);
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &extra);

	/* A well-formed request, sent by the process itself: answered like the trap. */
	memset(&m, 0, sizeof(m));
	m.request.Head.msgh_id = SYSCALL_FORWARD_REQUEST_ID;
	m.request.number = SYS_getpid;
	send_junk(&m, sizeof(m.request), port, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	mach_msg(&m.request.Head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), reply, 1000,
	         MACH_PORT_NULL);
	check(42,
	      m.reply.Head.msgh_id == SYSCALL_FORWARD_REPLY_ID && m.reply.carry == 0 &&
	          m.reply.rv[0] == 1,
	      none);

	/* The wrong id: destroyed, the reply right released unanswered. */
	memset(&m, 0, sizeof(m));
	m.request.Head.msgh_id = SYSCALL_FORWARD_REQUEST_ID + 1;
	m.request.number = SYS_getpid;
	send_junk(&m, sizeof(m.request), port, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	check(43, receive_id(reply, &m) == MACH_NOTIFY_SEND_ONCE, none);
	still_answers(43);

	/* Too short, then too long. */
	memset(&m, 0, sizeof(m));
	m.request.Head.msgh_id = SYSCALL_FORWARD_REQUEST_ID;
	send_junk(&m, sizeof(mach_msg_header_t) + 8, port, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	check(44, receive_id(reply, &m) == MACH_NOTIFY_SEND_ONCE, none);
	memset(&m, 0, sizeof(m));
	m.request.Head.msgh_id = SYSCALL_FORWARD_REQUEST_ID;
	send_junk(&m, sizeof(m.request) + 16, port, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	check(44, receive_id(reply, &m) == MACH_NOTIFY_SEND_ONCE, none);
	still_answers(44);

	/* No reply right, and a send right instead of a send-once one: dropped. */
	memset(&m, 0, sizeof(m));
	m.request.Head.msgh_id = SYSCALL_FORWARD_REQUEST_ID;
	m.request.number = SYS_getpid;
	send_junk(&m, sizeof(m.request), port, MACH_PORT_NULL, 0);
	memset(&m, 0, sizeof(m));
	m.request.Head.msgh_id = SYSCALL_FORWARD_REQUEST_ID;
	m.request.number = SYS_getpid;
	send_junk(&m, sizeof(m.request), port, reply, MACH_MSG_TYPE_MAKE_SEND);
	check(45, receive_id(reply, &m) == 0, none);
	still_answers(45);

	/* A complex message carrying a receive right: destroyed with what it carried. */
	memset(&m, 0, sizeof(m));
	m.complex.head.msgh_bits = MACH_MSGH_BITS_COMPLEX;
	m.complex.head.msgh_id = SYSCALL_FORWARD_REQUEST_ID;
	m.complex.body.msgh_descriptor_count = 1;
	m.complex.port.name = extra;
	m.complex.port.disposition = MACH_MSG_TYPE_MOVE_RECEIVE;
	m.complex.port.type = MACH_MSG_PORT_DESCRIPTOR;
	send_junk(&m, sizeof(m.request), port, reply, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	check(46, receive_id(reply, &m) == MACH_NOTIFY_SEND_ONCE, none);
	still_answers(46);
	mach_port_deallocate(mach_task_self(), port);
	mach_port_mod_refs(mach_task_self(), reply, MACH_PORT_RIGHT_RECEIVE, -1);
}

static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/* An argument: descriptors and small numbers, the fuzz buffer, bad pointers, anything. */
static long fuzz_arg(uint8_t *buffer)
{
	switch (next_random() % 8) {
	case 0: return (long)(next_random() % 262) - 1;
	case 1: return 0;
	case 2: return (long)(buffer + next_random() % 256);
	case 3: return (long)BAD;
	case 4: return (long)(next_random() % 0x2000);
	case 5: return -(long)(next_random() % 4);
	case 6: return (long)(next_random() >> (next_random() % 64));
	default: return (long)next_random();
	}
}

/*
 * Random calls among those bsdserver answers (exit excepted), with the
 * console closed first so that no read waits for typing; then every
 * descriptor is closed and the console opened again. bsdserver must answer
 * each call and still be there.
 */
static void fuzz(void)
{
	static const long numbers[] = {SYS_read,   SYS_write, SYS_open,  SYS_close,   SYS_wait4,
	                               SYS_dup,    SYS_ioctl, SYS_dup2,  SYS_fcntl,   SYS_readv,
	                               SYS_writev, SYS_pread, SYS_lseek, SYS_fstat64, SYS_getpid,
	                               SYS_getentropy};
	static uint8_t buffer[512];

	for (long fd = 0; fd < 3; fd++)
		sys(SYS_close, fd, 0, 0, 0);
	for (int i = 0; i < 3000; i++) {
		long n = numbers[next_random() % (sizeof(numbers) / sizeof(numbers[0]))];
		sys(n, fuzz_arg(buffer), fuzz_arg(buffer), fuzz_arg(buffer), fuzz_arg(buffer));
	}
	for (long fd = 0; fd < FD_MAX_GUESS; fd++)
		sys(SYS_close, fd, 0, 0, 0);
	for (long fd = 0; fd < 3; fd++)
		sys(SYS_open, (long)"/dev/console", O_RDWR, 0, 0);
	struct result r = sys(SYS_getpid, 0, 0, 0, 0);
	check(40, r.err == 0 && r.value == 1, r);
	r = sys(SYS_fcntl, 2, F_GETFL, 0, 0);
	check(40, r.err == 0 && r.value == O_RDWR, r);
	say("bsd_init_test: fuzz done\n");
}

int main(int argc, char **argv, char **envp, char **apple)
{
	mach_init(); /* the Mach layer, for the checks that use it */
	say("bsd_init_test: started\n");
	identity(argc, argv, envp, apple);
	entropy(apple);
	files();
	console();
	junk_messages();
	fuzz();
	say(failures == 0 ? "bsd_init_test: all checks passed\n" : "bsd_init_test: failures\n");
	sys(SYS_exit, (long)failures, 0, 0, 0);
	return 0;
}
