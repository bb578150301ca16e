/*
 * Starting the program (DESIGN.md, "Starting a process"): read the stack
 * __dyld_start hands over and the DYLD_* variables of its environment,
 * load and link the program's dylibs (after DYLD_INSERT_LIBRARIES), run
 * the initializers, call main and exit with its result. Any refusal is one line
 * "dyld: ..." on fd 2 and exit status DYLD_EXIT_REFUSED.
 */
#include <string.h>

#include "runtime.h"
#include "sys.h"

#define EXECUTABLE_PATH "executable_path="
#define LIBSYSTEM       "/usr/lib/libSystem.B.dylib"

typedef int (*main_fn)(int argc, char **argv, char **envp, char **apple);
typedef void (*exit_fn)(int status);

/* The lowest address a task may map (the kernel's VM_MAP_MIN_ADDRESS). */
#define VM_MIN 0x1000u

/*
 * Makes [VM_MIN, the program's header) -- its __PAGEZERO, which whoever
 * mapped the program may have left free -- no-access for good: dyld's own
 * memory and the dylibs then land above the program, and a pointer near
 * NULL faults instead of reaching them. Nothing to do if it is taken.
 */
static void reserve_pagezero(uint64_t header)
{
	uint64_t at = VM_MIN;

	if (header <= VM_MIN || dyld_vm_allocate(dyld_task(), &at, header - VM_MIN, 0) != 0)
		return;
	dyld_vm_protect(dyld_task(), at, header - VM_MIN, 1, 0);
	dyld_vm_protect(dyld_task(), at, header - VM_MIN, 0, 0);
}

static void check(enum dyld_error err)
{
	if (err != DYLD_OK)
		dyld_die();
}

/* libSystem's exit if the program has libSystem (it flushes stdio, runs atexit), else the call. */
static void __attribute__((noreturn)) exit_with(int status)
{
	for (unsigned i = 0; i < dyld_nimages; i++) {
		const struct dyld_record *r = dyld_images[i];
		struct dyld_definition def;

		if (r->img.install_name && strcmp(r->img.install_name, LIBSYSTEM) == 0 &&
		    dyld_link_find(&r->loaded, "_exit", &def) == DYLD_OK &&
		    (def.flags & DYLD_EXPORT_KIND_MASK) == DYLD_EXPORT_KIND_REGULAR)
			((exit_fn)(uintptr_t)def.address)(status);
	}
	dyld_sys_exit(status);
}

void __attribute__((noreturn)) dyld_start(uintptr_t *sp)
{
	const void *header = (const void *)sp[0];
	struct dyld_process *p = &dyld_process;
	const struct dyld_record *program;
	struct dyld_record *none;
	char **end;

	reserve_pagezero((uint64_t)(uintptr_t)header);
	p->argc = (int)sp[1];
	p->argv = (char **)&sp[2];
	p->envp = p->argv + p->argc + 1;
	for (end = p->envp; *end; end++)
		;
	p->apple = end + 1;
	for (char **a = p->apple; *a; a++) {
		if (strncmp(*a, EXECUTABLE_PATH, strlen(EXECUTABLE_PATH)) == 0)
			p->executable_path = *a + strlen(EXECUTABLE_PATH);
	}
	if (p->executable_path == NULL) {
		dyld_fail_text(NULL, "no executable_path= among the apple[] strings");
		dyld_die();
	}
	dyld_search_environment(p->envp, dyld_sys_issetugid() != 0, &p->env);
	p->env.search.executable_path = p->executable_path;
	check(dyld_images_add_program(p->executable_path, header));
	program = dyld_images[0];
	if (!program->img.macho.has_main) {
		dyld_fail_text(p->executable_path, "no LC_MAIN: dyld starts programs through main");
		dyld_die();
	}
	check(dyld_images_load(NULL, NULL, &none));
	check(dyld_images_initialize());
	exit_with(
	    ((main_fn)(uintptr_t)program->img.macho.entry)(p->argc, p->argv, p->envp, p->apple));
}
