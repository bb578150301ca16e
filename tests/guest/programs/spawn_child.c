/*
 * The child spawn_test (programs/spawn_init.c) starts with posix_spawn from
 * /bin/spawn_child: argv[1] says what to do, and the exit status says
 * whether what it found was right (0) or which check failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <mach/mach_init.h>
#include <mach/mach_traps.h>
#include <mach/vm_prot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DYLD_TEXT 0x7f00000000ull /* where /usr/lib/dyld's __TEXT sits (DESIGN.md) */

extern char **environ;

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* Prints its arguments and environment for the test to check, one per line. */
static int show_args(int argc, char **argv, char **envp)
{
	int n = 0;

	printf("child: argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("child: argv[%d] %s\n", i, argv[i]);
	for (; envp[n] != NULL; n++)
		printf("child: env %s\n", envp[n]);
	printf("child: %d environment strings, SPAWN_VAR %s\n", n,
	       getenv("SPAWN_VAR") != NULL ? getenv("SPAWN_VAR") : "(unset)");
	return argv[argc] == NULL ? 0 : 1;
}

/* Descriptors argv[2..] open, the ones after "-" closed. */
static int check_fds(int argc, char **argv)
{
	int want_open = 1;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			want_open = 0;
			continue;
		}
		int fd = atoi(argv[i]);
		if (is_open(fd) != want_open)
			return 10 + i;
		if (!want_open && errno != EBADF)
			return 40 + i;
	}
	return 0;
}

/* Standard output redirected to a boot-volume file: it reads, it does not write. */
static int check_stdout_file(void)
{
	struct stat st;
	char line[64];

	if (fstat(1, &st) != 0 || !S_ISREG(st.st_mode))
		return 2;
	if (write(1, "x", 1) != -1 || errno != EBADF)
		return 3;
	ssize_t n = read(1, line, sizeof(line) - 1);
	if (n <= 0)
		return 4;
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	dprintf(2, "child: stdout reads \"%s\"\n", line);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	if (argc < 2)
		return 100;
	const char *what = argv[1];
	if (strcmp(what, "exit") == 0 && argc == 3)
		return atoi(argv[2]);
	if (strcmp(what, "args") == 0)
		return show_args(argc, argv, envp);
	if (strcmp(what, "arglen") == 0 && argc == 4)
		return strlen(argv[3]) == (size_t)atoi(argv[2]) ? 0 : 1;
	/* dyld's text is shared by every process: nobody may make it writable. */
	if (strcmp(what, "dyld-text") == 0)
		return mach_vm_protect(mach_task_self(), DYLD_TEXT, 4096, 0,
		                       VM_PROT_READ | VM_PROT_WRITE) != KERN_SUCCESS &&
		               *(volatile const uint32_t *)DYLD_TEXT == 0xfeedfacf
		           ? 0
		           : 1;
	if (strcmp(what, "noenv") == 0)
		return environ[0] == NULL && envp[0] == NULL ? 0 : 1;
	if (strcmp(what, "parent") == 0 && argc == 3)
		return getppid() == atoi(argv[2]) && getpid() != atoi(argv[2]) ? 0 : 1;
	if (strcmp(what, "fds") == 0)
		return check_fds(argc, argv);
	if (strcmp(what, "stdout-file") == 0)
		return check_stdout_file();
	if (strcmp(what, "sleep") == 0 && argc == 3) {
		usleep((useconds_t)atoi(argv[2]) * 1000);
		return 0;
	}
	if (strcmp(what, "late") == 0) {
		usleep(300000);
		printf("child: still running after init ended, parent %d\n", getppid());
		return 0;
	}
	if (strcmp(what, "fault") == 0) {
		*(volatile int *)8 = 1;
		return 99;
	}
	if (strcmp(what, "trap") == 0)
		__builtin_trap();
	if (strcmp(what, "undefined") == 0)
		__asm__ volatile(".inst 0x00000000"); /* udf #0 */
	return 101;
}
