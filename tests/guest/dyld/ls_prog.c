/*
 * dyld through libSystem's own dlfcn (run by bsdserver as /sbin/init):
 * dlsym(RTLD_SELF/RTLD_NEXT) from the program and from libwhich1 (the
 * caller's image reaches dyld through libSystem), dlclose of libfin running
 * the handler its initializer gave __cxa_atexit, and posix_spawn of itself
 * ("child") with DYLD_INSERT_LIBRARIES and DYLD_PRINT_LIBRARIES, then
 * without them. At exit its own destructor (through __cxa_atexit) runs
 * before the dylibs' terminators.
 */
#include <dlfcn.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int w1_next(void);
int w2_next(void);

int ls_which(void)
{
	return 0;
}

__attribute__((destructor)) static void prog_term(void)
{
	if (getpid() == 1)
		printf("ls-term: prog\n");
}

static int call(void *f)
{
	return f ? ((int (*)(void))f)() : -1;
}

/* Spawns this program as "child" with envp; its exit status, or -1. */
static int spawn_child(char **envp)
{
	char *argv[] = {"/sbin/init", "child", NULL};
	pid_t pid;
	int status;

	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, envp) != 0 ||
	    waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	char *inserted[] = {"DYLD_INSERT_LIBRARIES=/usr/lib/libins2.dylib",
	                    "DYLD_PRINT_LIBRARIES=1", NULL};
	char *none[] = {NULL};
	Dl_info info;
	void *h, *f;

	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		printf("ls-child: hook %d\n", call(dlsym(RTLD_DEFAULT, "ls_hook")));
		return 0;
	}
	printf("ls-prog-self: %d\n", call(dlsym(RTLD_SELF, "ls_which")));
	printf("ls-prog-next: %d\n", call(dlsym(RTLD_NEXT, "ls_which")));
	printf("ls-w1-next: %d\n", w1_next());
	printf("ls-w2-next: %d\n", w2_next());
	printf("ls-dlerror: %s\n", dlerror());
	h = dlopen("/usr/lib/libfin.dylib", RTLD_NOW);
	f = dlsym(h, "fin_value");
	printf("ls-fin-value: %d\n", call(f));
	fflush(stdout);
	printf("ls-fin-close: %d\n", dlclose(h));
	printf("ls-fin-dladdr: %d\n", dladdr(f, &info));
	fflush(stdout);
	printf("ls-spawn-inserted: %d\n", spawn_child(inserted));
	fflush(stdout);
	printf("ls-spawn-plain: %d\n", spawn_child(none));
	return 0;
}
