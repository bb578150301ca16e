/*
 * libSystem's initializer: the first code of libSystem that runs in a
 * process. dyld runs it (from __mod_init_func, before any other image's
 * initializers, since every image depends on libSystem) with the arguments
 * the process was started with: argc, argv, envp and apple.
 */
#include <crt_externs.h>
#include <mach/mach.h>
#include <stdlib.h>
#include <unistd.h>

#include "start/start.h"

__attribute__((constructor)) static void libsystem_initializer(int argc, char **argv, char **envp,
                                                               char **apple)
{
	static const char no_malloc[] = "libSystem: no page size from the host; malloc is off\n";

	/* The task port and the main thread's TSD (errno, the MIG reply port) come first. */
	mach_init();
	start_locks();
	if (start_malloc() != 0)
		write(STDERR_FILENO, no_malloc, sizeof(no_malloc) - 1);
	*_NSGetEnviron() = envp;
	start_arguments(argc, argv);
	if (argc > 0 && argv != NULL && argv[0] != NULL)
		setprogname(argv[0]);
	start_stack_guard(apple);
}
