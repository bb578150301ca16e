/*
 * /sbin/init for spawn_test.sh: starts /bin/spawn_child (programs/
 * spawn_child.c) with posix_spawn and posix_spawnp and reaps it with
 * waitpid and wait: exit statuses, argv and envp, inherited and
 * close-on-exec descriptors, file actions (open, close, dup2 redirecting the
 * child's stdout, inherit with POSIX_SPAWN_CLOEXEC_DEFAULT), attributes and
 * the ones bsdserver refuses, errors (missing file, not Mach-O, bad
 * pointers, arguments too long), WNOHANG and ECHILD, many spawns in a row,
 * and a child that faults. Each check prints one line; the last child
 * outlives init.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD "/bin/spawn_child"
#define DATA  "/test/data.txt"
#define LOOPS 100

static int failures;

static void check(int ok, const char *what)
{
	printf("spawn_init: %s: %s\n", ok ? "ok" : "FAILED", what);
	if (!ok)
		failures++;
}

/* Spawns CHILD with args (NULL-terminated, after argv[0]): its pid, or -error. */
static pid_t spawn_args(const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
                        char **envp, const char *const *args)
{
	char *argv[10] = {CHILD};
	pid_t pid = -1;

	for (int i = 0; i < 8 && args[i] != NULL; i++)
		argv[i + 1] = (char *)args[i];
	int err = posix_spawn(&pid, CHILD, fa, attr, argv, envp);
	return err != 0 ? -err : pid;
}

#define spawn(fa, attr, envp, ...) spawn_args(fa, attr, envp, (const char *[]){__VA_ARGS__, NULL})

/* Waits for pid; its wait status, or -1. */
static int reap(pid_t pid)
{
	int status = -1;

	if (pid <= 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* The child ran and exited with `code`. */
static int exited(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static void test_status_and_args(void)
{
	char me[16];
	char *envp[] = {"SPAWN_VAR=hello", "OTHER=1", NULL};

	check(exited(reap(spawn(NULL, NULL, envp, "exit", "7")), 7), "exit status 7");
	check(exited(reap(spawn(NULL, NULL, envp, "exit", "0")), 0), "exit status 0");
	snprintf(me, sizeof(me), "%d", getpid());
	check(exited(reap(spawn(NULL, NULL, envp, "parent", me)), 0),
	      "the child's parent is the caller, its pid another");
	check(exited(reap(spawn(NULL, NULL, envp, "args", "two words", "", "last")), 0),
	      "argv and envp reach the child");
	check(exited(reap(spawn(NULL, NULL, NULL, "noenv")), 0),
	      "a NULL envp is an empty environment");
	check(exited(reap(spawn(NULL, NULL, NULL, "dyld-text")), 0),
	      "dyld's shared text cannot be made writable");
}

static void test_descriptors(void)
{
	posix_spawn_file_actions_t fa;
	char keep[8], cloexec[8];
	char *envp[] = {NULL};
	int a = open(DATA, O_RDONLY), b = open(DATA, O_RDONLY | O_CLOEXEC);

	snprintf(keep, sizeof(keep), "%d", a);
	snprintf(cloexec, sizeof(cloexec), "%d", b);
	check(a >= 3 && b >= 3, "two descriptors opened");
	check(exited(reap(spawn(NULL, NULL, envp, "fds", keep, "-", cloexec)), 0),
	      "descriptors inherited, close-on-exec ones closed");

	/* open at 5, dup2 a to 6, close a. */
	posix_spawn_file_actions_init(&fa);
	check(posix_spawn_file_actions_addopen(&fa, 5, DATA, O_RDONLY, 0) == 0 &&
	          posix_spawn_file_actions_adddup2(&fa, a, 6) == 0 &&
	          posix_spawn_file_actions_addclose(&fa, a) == 0,
	      "file actions recorded");
	check(exited(reap(spawn(&fa, NULL, envp, "fds", "5", "6", "-")), 0) &&
	          exited(reap(spawn(&fa, NULL, envp, "fds", "-", keep)), 0),
	      "file actions open, dup2 and close");
	posix_spawn_file_actions_destroy(&fa);

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 3, DATA, O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 3, 1);
	posix_spawn_file_actions_addclose(&fa, 3);
	check(exited(reap(spawn(&fa, NULL, envp, "stdout-file")), 0),
	      "dup2 redirects the child's stdout");
	posix_spawn_file_actions_destroy(&fa);

	/* A dup2 of a close-on-exec descriptor is inherited; so is one dup2'ed onto itself. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, b, 7);
	posix_spawn_file_actions_adddup2(&fa, b, b);
	check(exited(reap(spawn(&fa, NULL, envp, "fds", "7", cloexec)), 0),
	      "dup2 clears close-on-exec");
	posix_spawn_file_actions_destroy(&fa);

	/* More actions than a new object has room for. */
	posix_spawn_file_actions_init(&fa);
	for (int fd = 10; fd < 30; fd++)
		posix_spawn_file_actions_addopen(&fa, fd, DATA, O_RDONLY, 0);
	posix_spawn_file_actions_addclose(&fa, 20);
	check(exited(reap(spawn(&fa, NULL, envp, "fds", "10", "19", "29", "-", "20", "30")), 0),
	      "twenty-one file actions");
	posix_spawn_file_actions_destroy(&fa);

	/* POSIX_SPAWN_CLOEXEC_DEFAULT: only what an action names is inherited. */
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_CLOEXEC_DEFAULT);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addinherit_np(&fa, a);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/console", O_WRONLY, 0);
	check(exited(reap(spawn(&fa, &attr, envp, "fds", keep, "2", "-", "0")), 0),
	      "POSIX_SPAWN_CLOEXEC_DEFAULT keeps only the named descriptors");
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);

	close(a);
	close(b);
}

static void test_attributes(void)
{
	posix_spawnattr_t attr;
	short flags = 0;
	char *envp[] = {NULL};

	check(posix_spawnattr_init(&attr) == 0, "posix_spawnattr_init");
	check(exited(reap(spawn(NULL, &attr, envp, "exit", "3")), 3),
	      "spawn with default attributes");
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_RESETIDS);
	check(posix_spawnattr_getflags(&attr, &flags) == 0 && flags == POSIX_SPAWN_RESETIDS &&
	          exited(reap(spawn(NULL, &attr, envp, "exit", "4")), 4),
	      "POSIX_SPAWN_RESETIDS");
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	check(spawn(NULL, &attr, envp, "exit", "0") == -ENOTSUP, "POSIX_SPAWN_SETPGROUP: ENOTSUP");
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	check(spawn(NULL, &attr, envp, "exit", "0") == -ENOTSUP, "POSIX_SPAWN_SETSIGMASK: ENOTSUP");
	sigset_t mask = 0x5, got = 0;
	pid_t group = 0;
	check(posix_spawnattr_setsigmask(&attr, &mask) == 0 &&
	          posix_spawnattr_getsigmask(&attr, &got) == 0 && got == mask &&
	          posix_spawnattr_setsigdefault(&attr, &mask) == 0 &&
	          posix_spawnattr_getsigdefault(&attr, &got) == 0 && got == mask &&
	          posix_spawnattr_setpgroup(&attr, 42) == 0 &&
	          posix_spawnattr_getpgroup(&attr, &group) == 0 && group == 42,
	      "attributes keep what they are given");
	posix_spawnattr_setflags(&attr, 0x1000);
	check(spawn(NULL, &attr, envp, "exit", "0") == -EINVAL, "an unknown flag: EINVAL");
	posix_spawnattr_destroy(&attr);
}

static const char *huge_path(void)
{
	static char path[PATH_MAX + 10];

	memset(path, 'p', sizeof(path) - 1);
	path[0] = '/';
	return path;
}

static void test_errors(void)
{
	char *argv[] = {"x", NULL};
	char *bad_argv[] = {"x", (char *)8, NULL};
	posix_spawn_file_actions_t fa;
	pid_t pid = 0;

	check(posix_spawn(&pid, "/bin/nothere", NULL, NULL, argv, NULL) == ENOENT,
	      "a missing file: ENOENT");
	check(posix_spawn(&pid, DATA, NULL, NULL, argv, NULL) == ENOEXEC,
	      "a file that is not Mach-O: ENOEXEC");
	check(posix_spawn(&pid, (const char *)8, NULL, NULL, argv, NULL) == EFAULT,
	      "a bad path pointer: EFAULT");
	check(posix_spawn(&pid, CHILD, NULL, NULL, (char **)8, NULL) == EFAULT,
	      "a bad argv pointer: EFAULT");
	check(posix_spawn(&pid, CHILD, NULL, NULL, bad_argv, NULL) == EFAULT,
	      "a bad argument string: EFAULT");
	check(posix_spawn(&pid, CHILD, NULL, NULL, argv, (char **)8) == EFAULT,
	      "a bad envp pointer: EFAULT");
	check(posix_spawn((pid_t *)8, CHILD, NULL, NULL, argv, NULL) == EFAULT,
	      "a bad pid pointer: EFAULT, and no child");

	/* ARG_MAX bounds the strings and pointers together. */
	size_t big = ARG_MAX;
	char *huge = malloc(big + 1), len[16];
	memset(huge, 'a', big);
	huge[big] = '\0';
	char *big_argv[] = {"x", huge, NULL};
	check(posix_spawn(&pid, CHILD, NULL, NULL, big_argv, NULL) == E2BIG,
	      "arguments over ARG_MAX: E2BIG");
	huge[ARG_MAX * 3 / 4] = '\0';
	snprintf(len, sizeof(len), "%d", ARG_MAX * 3 / 4);
	check(exited(reap(spawn(NULL, NULL, NULL, "arglen", len, huge)), 0),
	      "an argument of 3/4 ARG_MAX reaches the child whole");
	free(huge);

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 4, "/test/nothere", O_RDONLY, 0);
	check(posix_spawn(&pid, CHILD, &fa, NULL, argv, NULL) == ENOENT,
	      "an open action on a missing file: ENOENT");
	posix_spawn_file_actions_destroy(&fa);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, 77, 4);
	check(posix_spawn(&pid, CHILD, &fa, NULL, argv, NULL) == EBADF,
	      "dup2 of a descriptor not open: EBADF");
	posix_spawn_file_actions_destroy(&fa);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addclose(&fa, 77);
	check(posix_spawn(&pid, CHILD, &fa, NULL, argv, NULL) == EBADF,
	      "close of a descriptor not open: EBADF");
	check(posix_spawn_file_actions_adddup2(&fa, -1, 4) == EBADF, "adddup2(-1): EBADF");
	check(posix_spawn_file_actions_addopen(&fa, 4, huge_path(), O_RDONLY, 0) == ENAMETOOLONG,
	      "addopen of a path over PATH_MAX: ENAMETOOLONG");
	posix_spawn_file_actions_destroy(&fa);
	errno = 0;
	check(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD,
	      "no child was left by the refused spawns: ECHILD");
}

static void test_waiting(void)
{
	char *envp[] = {NULL};
	int status = 0;

	pid_t slow = spawn(NULL, NULL, envp, "sleep", "200");
	check(slow > 0 && waitpid(slow, &status, WNOHANG) == 0, "WNOHANG on a running child: 0");
	check(exited(reap(slow), 0), "then waitpid waits for it");
	errno = 0;
	check(waitpid(slow, &status, 0) == -1 && errno == ECHILD, "a reaped child: ECHILD");

	pid_t kids[3];
	int seen = 0;
	for (int i = 0; i < 3; i++)
		kids[i] = spawn(NULL, NULL, envp, "exit", i == 0 ? "10" : i == 1 ? "11" : "12");
	for (int i = 0; i < 3; i++) {
		pid_t got = wait(&status);
		for (int k = 0; k < 3; k++)
			if (got == kids[k] && WIFEXITED(status) && WEXITSTATUS(status) == 10 + k)
				seen |= 1 << k;
	}
	check(seen == 7, "wait reaps three children, each with its status");

	/* A fault ends the child as if killed by the signal its exception stands for. */
	static const struct {
		const char *how;
		int signal;
	} faults[] = {{"fault", SIGSEGV}, {"trap", SIGTRAP}, {"undefined", SIGILL}};
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		status = reap(spawn(NULL, NULL, envp, faults[i].how));
		printf("spawn_init: %s: %s, signal %d\n", faults[i].how,
		       status != -1 && WIFSIGNALED(status) ? "signaled" : "not signaled",
		       status != -1 ? WTERMSIG(status) : -1);
		check(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == faults[i].signal,
		      "a child that faults ends with its exception's signal");
	}
}

static void test_path_search(void)
{
	char *argv[] = {"spawn_child", "exit", "5", NULL};
	char *envp[] = {NULL};
	pid_t pid = 0;

	setenv("PATH", "/nowhere:/test:/bin", 1);
	check(posix_spawnp(&pid, "spawn_child", NULL, NULL, argv, envp) == 0 &&
	          exited(reap(pid), 5),
	      "posix_spawnp searches PATH");
	check(posix_spawnp(&pid, "nothere", NULL, NULL, argv, envp) == ENOENT,
	      "posix_spawnp of a name on no PATH directory: ENOENT");
	unsetenv("PATH");
}

static void test_many(void)
{
	char *envp[] = {NULL};
	char code[8];
	int ok = 0;

	for (int i = 0; i < LOOPS; i++) {
		snprintf(code, sizeof(code), "%d", i);
		ok += exited(reap(spawn(NULL, NULL, envp, "exit", code)), i);
	}
	printf("spawn_init: %d of %d spawns in a row exited right\n", ok, LOOPS);
	check(ok == LOOPS && getppid() == 0, "many spawns, and bsdserver still answers");
}

int main(void)
{
	printf("spawn_init: init is pid %d\n", getpid());
	test_status_and_args();
	test_descriptors();
	test_attributes();
	test_errors();
	test_waiting();
	test_path_search();
	test_many();
	if (failures == 0)
		printf("spawn_init: all checks passed\n");
	/* This child outlives init: bsdserver must wait for it before powering off. */
	spawn(NULL, NULL, NULL, "late");
	return failures == 0 ? 0 : 1;
}
