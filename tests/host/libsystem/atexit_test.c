/*
 * libSystem's atexit, __cxa_atexit, __cxa_finalize and exit, in a child
 * process: the handlers write their names to a pipe, the parent checks the
 * order and the exit status.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/check.h"
#include "ts.h"
#include "pages.h"

static int out_fd;
static int dso_a, dso_b;

static void say(const char *s)
{
	CHECK(write(out_fd, s, strlen(s)) == (ssize_t)strlen(s));
}

static void h1(void)
{
	say("1");
}

static void h4(void)
{
	say("4");
}

/* Registers h4 while exit runs the handlers. */
static void h3(void)
{
	say("3");
	CHECK(ts_atexit(h4) == 0);
}

static void hcxa(void *arg)
{
	say(arg);
}

static char digits[100][4];

static void numbered(void *arg)
{
	say(arg);
}

static void child(void)
{
	test_malloc_setup();
	CHECK(ts_atexit(h1) == 0);
	CHECK(ts___cxa_atexit(hcxa, "A", &dso_a) == 0);
	CHECK(ts___cxa_atexit(hcxa, "B", &dso_b) == 0);
	CHECK(ts_atexit(h3) == 0);
	/* More than one static block's worth, all of one image. */
	for (int i = 0; i < 100; i++) {
		snprintf(digits[i], sizeof(digits[i]), "<%d", i % 10);
		CHECK(ts___cxa_atexit(numbered, digits[i], &dso_b) == 0);
	}
	/* Unloading image A runs its handler now, and only once. */
	ts___cxa_finalize(&dso_a);
	say("|");
	ts___cxa_finalize(&dso_a);
	ts_exit(7);
}

int main(void)
{
	int fds[2], status;
	char buf[1024], want[1024];
	ssize_t n, total = 0;
	pid_t pid;

	CHECK(pipe(fds) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		out_fd = fds[1];
		child();
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + total, sizeof(buf) - 1 - (size_t)total)) > 0)
		total += n;
	buf[total] = '\0';
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 7);
	/* A; then newest first: the 100 numbered ones, 3 (which adds 4, run next), B, 1. */
	strcpy(want, "A|");
	for (int i = 99; i >= 0; i--)
		snprintf(want + strlen(want), 4, "<%d", i % 10);
	strcat(want, "34B1");
	if (strcmp(buf, want) != 0) {
		fprintf(stderr, "got  %s\nwant %s\n", buf, want);
		return 1;
	}
	printf("atexit_test: ok\n");
	return 0;
}
