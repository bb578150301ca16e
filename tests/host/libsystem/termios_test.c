/*
 * <termios.h>, <signal.h> sets and the BSD headers' layouts, compiled against
 * libSystem's own headers (LIBC_COPTS) and linked with the renamed library.
 * The test defines ioctl itself: the library's tcgetattr, tcsetattr and
 * isatty call it (the library defines no ioctl on the host), so the test sees
 * the exact requests and arguments they pass. Layouts and numbers are macOS
 * arm64's, checked at compile time (x86-64 Linux is LP64 too).
 */
#define __error     ts___error
#define cfgetispeed ts_cfgetispeed
#define cfgetospeed ts_cfgetospeed
#define cfmakeraw   ts_cfmakeraw
#define cfsetispeed ts_cfsetispeed
#define cfsetospeed ts_cfsetospeed
#define cfsetspeed  ts_cfsetspeed
#define isatty      ts_isatty
#define sigaction   ts_sigaction
#define sigaddset   ts_sigaddset
#define sigdelset   ts_sigdelset
#define sigemptyset ts_sigemptyset
#define sigfillset  ts_sigfillset
#define sigismember ts_sigismember
#define tcgetattr   ts_tcgetattr
#define tcsetattr   ts_tcsetattr

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

_Static_assert(sizeof(struct termios) == 72, "termios size");
_Static_assert(offsetof(struct termios, c_cc) == 32, "c_cc");
_Static_assert(offsetof(struct termios, c_ispeed) == 56, "c_ispeed");
_Static_assert(TIOCGETA == 0x40487413UL, "TIOCGETA");
_Static_assert(TIOCSETA == 0x80487414UL, "TIOCSETA");
_Static_assert(TIOCSETAW == 0x80487415UL, "TIOCSETAW");
_Static_assert(TIOCSETAF == 0x80487416UL, "TIOCSETAF");
_Static_assert(TIOCGWINSZ == 0x40087468UL, "TIOCGWINSZ");
_Static_assert(TIOCSWINSZ == 0x80087467UL, "TIOCSWINSZ");
_Static_assert(FIONREAD == 0x4004667fUL, "FIONREAD");
_Static_assert(sizeof(struct stat) == 144, "stat size");
_Static_assert(offsetof(struct stat, st_mode) == 4, "st_mode");
_Static_assert(offsetof(struct stat, st_ino) == 8, "st_ino");
_Static_assert(offsetof(struct stat, st_uid) == 16, "st_uid");
_Static_assert(offsetof(struct stat, st_rdev) == 24, "st_rdev");
_Static_assert(offsetof(struct stat, st_atimespec) == 32, "st_atimespec");
_Static_assert(offsetof(struct stat, st_birthtimespec) == 80, "st_birthtimespec");
_Static_assert(offsetof(struct stat, st_size) == 96, "st_size");
_Static_assert(offsetof(struct stat, st_blocks) == 104, "st_blocks");
_Static_assert(offsetof(struct stat, st_blksize) == 112, "st_blksize");
_Static_assert(offsetof(struct stat, st_gen) == 120, "st_gen");
_Static_assert(offsetof(struct stat, st_qspare) == 128, "st_qspare");
_Static_assert(sizeof(struct iovec) == 16, "iovec");
_Static_assert(sizeof(Dl_info) == 32, "Dl_info");
_Static_assert(sizeof(struct sigaction) == 16, "sigaction");
_Static_assert(O_CREAT == 0x200 && O_TRUNC == 0x400 && O_EXCL == 0x800, "open flags");
_Static_assert(O_NONBLOCK == 4 && O_APPEND == 8 && O_CLOEXEC == 0x1000000, "open flags");
_Static_assert(F_GETFL == 3 && F_SETFL == 4 && F_DUPFD_CLOEXEC == 67, "fcntl commands");
_Static_assert(MAP_ANON == 0x1000 && MAP_PRIVATE == 2 && MAP_FIXED == 0x10, "mmap flags");
_Static_assert(SIGABRT == 6 && SIGCHLD == 20 && SIGUSR1 == 30, "signals");

static int failures;

static void check(int ok, int line)
{
	static const char digits[] = "0123456789";
	char msg[] = "termios_test.c:0000: check failed\n";

	if (ok)
		return;
	for (int i = 0; i < 4; i++, line /= 10)
		msg[17 - i] = digits[line % 10];
	write(2, msg, sizeof(msg) - 1);
	failures++;
}
#define CHECK(cond) check((cond) != 0, __LINE__)

/* The fake terminal: only fd 5 is one. */
static struct termios tty_state;
static unsigned long last_request;

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	struct termios *t;

	va_start(ap, request);
	t = va_arg(ap, struct termios *);
	va_end(ap);
	last_request = request;
	if (fd != 5) {
		errno = ENOTTY;
		return -1;
	}
	if (request == TIOCGETA)
		*t = tty_state;
	else
		tty_state = *t;
	return 0;
}

static void speeds_and_raw(void)
{
	struct termios t;

	memset(&t, 0, sizeof(t));
	t.c_iflag = ICRNL | IXON | BRKINT | IMAXBEL | IUTF8;
	t.c_oflag = OPOST | ONLCR;
	t.c_cflag = CS7 | PARENB | CREAD | HUPCL;
	t.c_lflag = ECHO | ECHOE | ICANON | ISIG | IEXTEN | ECHOKE | PENDIN;
	t.c_cc[VMIN] = 4;
	t.c_cc[VTIME] = 9;
	cfmakeraw(&t);
	CHECK(t.c_iflag == (IGNBRK | IUTF8));
	CHECK(t.c_oflag == ONLCR);
	CHECK(t.c_cflag == (CS8 | CREAD | HUPCL));
	CHECK(t.c_lflag == ECHOKE);
	CHECK(t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0);

	CHECK(cfsetspeed(&t, B115200) == 0);
	CHECK(cfgetispeed(&t) == 115200 && cfgetospeed(&t) == 115200);
	CHECK(cfsetispeed(&t, B9600) == 0 && cfsetospeed(&t, B300) == 0);
	CHECK(cfgetispeed(&t) == 9600 && cfgetospeed(&t) == 300);
}

static void attributes(void)
{
	struct termios t;

	memset(&tty_state, 0, sizeof(tty_state));
	tty_state.c_lflag = ICANON | ECHO;
	tty_state.c_cc[VERASE] = 0x7f;
	CHECK(tcgetattr(5, &t) == 0 && last_request == TIOCGETA);
	CHECK(t.c_lflag == (ICANON | ECHO) && t.c_cc[VERASE] == 0x7f);

	t.c_lflag = ICANON;
	CHECK(tcsetattr(5, TCSANOW, &t) == 0 && last_request == TIOCSETA);
	CHECK(tty_state.c_lflag == ICANON && tty_state.c_cflag == 0);
	CHECK(tcsetattr(5, TCSADRAIN, &t) == 0 && last_request == TIOCSETAW);
	CHECK(tcsetattr(5, TCSAFLUSH, &t) == 0 && last_request == TIOCSETAF);
	/* TCSASOFT: the terminal gets CIGNORE; the caller's struct is left alone. */
	CHECK(tcsetattr(5, TCSANOW | TCSASOFT, &t) == 0 && last_request == TIOCSETA);
	CHECK(tty_state.c_cflag == CIGNORE && t.c_cflag == 0);

	last_request = 0;
	errno = 0;
	CHECK(tcsetattr(5, 3, &t) == -1 && errno == EINVAL && last_request == 0);
	CHECK(tcsetattr(5, -1, &t) == -1 && errno == EINVAL && last_request == 0);
	CHECK(tcgetattr(6, &t) == -1 && errno == ENOTTY);

	CHECK(isatty(5) == 1);
	errno = 0;
	CHECK(isatty(6) == 0 && errno == ENOTTY);
	CHECK(last_request == TIOCGETA);
}

static void signal_sets(void)
{
	sigset_t s;
	struct sigaction sa;

	CHECK(sigemptyset(&s) == 0 && s == 0);
	CHECK(sigaddset(&s, SIGINT) == 0 && s == 2);
	CHECK(sigaddset(&s, SIGUSR2) == 0 && sigismember(&s, SIGUSR2) == 1);
	CHECK(sigismember(&s, SIGHUP) == 0);
	CHECK(sigdelset(&s, SIGINT) == 0 && sigismember(&s, SIGINT) == 0);
	CHECK(sigfillset(&s) == 0 && sigismember(&s, SIGKILL) == 1);
	errno = 0;
	CHECK(sigaddset(&s, 0) == -1 && errno == EINVAL);
	CHECK(sigismember(&s, NSIG) == -1 && errno == EINVAL);
	/* Not written yet: an explicit ENOSYS, never a pretend success. */
	errno = 0;
	memset(&sa, 0, sizeof(sa));
	CHECK(sigaction(SIGINT, &sa, NULL) == -1 && errno == ENOSYS);
}

int main(void)
{
	speeds_and_raw();
	attributes();
	signal_sets();
	return failures != 0;
}
