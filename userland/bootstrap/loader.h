/*
 * Starting a program from the boot volume in a new task, without dyld: the
 * program must be a self-contained Mach-O executable (mach/kern/macho.h),
 * which is mapped at its link addresses into an empty task and entered at
 * its entry point with argc, argv, envp and apple on a new stack, as the
 * kernel starts the bootstrap itself (mach/kern/bootstrap.c).
 *
 * Two steps, so the caller can give the task its special ports before any
 * of its code runs: bootstrap_program_load makes the task and maps the
 * program, bootstrap_program_start starts its thread. A task that is not
 * started is ended with bootstrap_program_discard.
 */
#ifndef USERLAND_BOOTSTRAP_LOADER_H
#define USERLAND_BOOTSTRAP_LOADER_H

#include <mach/mach.h>

#include "kern/fat.h"

struct bootstrap_program {
	task_t task;         /* a send right to the new task's port */
	uint64_t entry;      /* first instruction */
	uint64_t sp;         /* stack pointer, at argc */
	uint64_t args[4];    /* x0..x3: argc, argv, envp, apple */
	kern_return_t error; /* after a failure: the kernel's answer, or KERN_SUCCESS */
};

/*
 * Makes a task (no inherited memory) and maps `path` from the boot volume
 * into it, with argv = { path } and apple = { "executable_path=PATH" }. With
 * share_volume, the boot volume's own mapping (vol's image, read-only) is
 * mapped into the task too, no copy, through a memory entry, and apple[1]
 * names it as the kernel names it to the bootstrap:
 * "boot_volume=0xADDRESS,0xSIZE" with the task's address.
 * Returns NULL, or a sentence saying why the program cannot be started, with
 * prog->error set when a Mach call failed; then no task is left.
 */
const char *bootstrap_program_load(const struct fat_volume *vol, const char *path,
                                   bool share_volume, struct bootstrap_program *prog);

/*
 * Starts the program's first thread. On failure it returns the kernel's
 * error and the task is still the caller's to discard.
 */
kern_return_t bootstrap_program_start(struct bootstrap_program *prog);

/* Ends a task that was loaded but did not start, and drops the right to it. */
void bootstrap_program_discard(struct bootstrap_program *prog);

#endif
