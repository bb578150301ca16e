/*
 * fopen, compiled against libSystem's headers (macOS's open flags) and
 * linked with the renamed library. The test defines open itself (the library
 * defines none on the host), so it sees the flags and mode each fopen mode
 * asks for, and hands back one end of a pipe, through which the stream's
 * reads and writes are checked.
 */
#define __error ts___error
#define fclose  ts_fclose
#define fgets   ts_fgets
#define fopen   ts_fopen
#define fprintf ts_fprintf

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tests/host/libsystem/pages.h"

static int failures;

static void check(int ok, int line)
{
	static const char digits[] = "0123456789";
	char msg[] = "fopen_test.c:0000: check failed\n";

	if (ok)
		return;
	for (int i = 0; i < 4; i++, line /= 10)
		msg[16 - i] = digits[line % 10];
	write(2, msg, sizeof(msg) - 1);
	failures++;
}
#define CHECK(cond) check((cond) != 0, __LINE__)

static int opens, last_flags, last_mode, next_fd = -1;
static char last_path[64];

int open(const char *path, int oflag, ...)
{
	va_list ap;

	va_start(ap, oflag);
	last_mode = va_arg(ap, int);
	va_end(ap);
	opens++;
	last_flags = oflag;
	strncpy(last_path, path, sizeof(last_path) - 1);
	if (next_fd < 0) {
		errno = ENOENT;
		return -1;
	}
	return next_fd;
}

/* The open flags fopen(path, mode) asks for, or -1 if it does not call open. */
static int flags_for(const char *mode)
{
	int before = opens;
	FILE *fp;

	next_fd = -1;
	fp = fopen("/f", mode);
	CHECK(fp == NULL);
	return opens == before ? -1 : last_flags;
}

int main(void)
{
	int p[2], keep;
	char line[32];
	FILE *fp;

	test_malloc_setup();
	CHECK(flags_for("r") == O_RDONLY);
	CHECK(flags_for("rb") == O_RDONLY);
	CHECK(flags_for("r+") == O_RDWR);
	CHECK(flags_for("rb+") == O_RDWR);
	CHECK(flags_for("w") == (O_WRONLY | O_CREAT | O_TRUNC));
	CHECK(flags_for("w+") == (O_RDWR | O_CREAT | O_TRUNC));
	CHECK(flags_for("a") == (O_WRONLY | O_CREAT | O_APPEND));
	CHECK(flags_for("a+") == (O_RDWR | O_CREAT | O_APPEND));
	CHECK(flags_for("wxe") == (O_WRONLY | O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC));
	CHECK(flags_for("re") == (O_RDONLY | O_CLOEXEC));
	CHECK(last_mode == 0666 && strcmp(last_path, "/f") == 0);
	/* open's failure is fopen's, errno included. */
	errno = 0;
	CHECK(fopen("/f", "r") == NULL && errno == ENOENT);
	/* A bad mode never reaches open. */
	errno = 0;
	CHECK(flags_for("z") == -1 && errno == EINVAL);
	CHECK(flags_for("") == -1);

	/* Writing: the pipe's far end gets what the stream wrote once it is closed. */
	CHECK(pipe(p) == 0);
	keep = dup(p[1]);
	next_fd = p[1];
	fp = fopen("/out", "w");
	CHECK(fp != NULL && fprintf(fp, "x=%d\n", 5) == 4 && fclose(fp) == 0);
	memset(line, 0, sizeof(line));
	CHECK(read(p[0], line, sizeof(line)) == 4 && strcmp(line, "x=5\n") == 0);

	/* Reading: the stream reads what the pipe holds. */
	CHECK(write(keep, "abc\n", 4) == 4);
	next_fd = p[0];
	fp = fopen("/in", "r");
	CHECK(fp != NULL && fgets(line, sizeof(line), fp) == line && strcmp(line, "abc\n") == 0);
	CHECK(fclose(fp) == 0 && close(keep) == 0);
	return failures != 0;
}
