/*
 * Starting a program from the boot volume as a process (DESIGN.md,
 * "Starting a process"): a new task with no inherited memory; its special
 * ports: TASK_SYSCALL_PORT a receive right of bsdserver's (context: the
 * pid, in the receive loop's port set), TASK_BOOTSTRAP_PORT bsdserver's
 * bootstrap port, TASK_HOST_PORT the plain host port, and bsd.exc as the
 * exception port for faults (exc.h); the program and its dynamic linker
 * (LC_LOAD_DYLINKER, /usr/lib/dyld if it names none) mapped at their link
 * addresses with no slide, each segment some process may write allocated,
 * written and protected through the task port, each other one mapped
 * shared from a memory entry; the stack (exec_image.h) below
 * EXEC_STACK_TOP; one thread started at the dynamic linker's entry with sp
 * at the stack's mach_header word and every other register zero. apple[]
 * is "executable_path=PATH", then, as XNU gives them and fresh for each
 * process, "stack_guard=0x...", "malloc_entropy=0x...,0x..." and
 * "ptr_munge=0x...".
 *
 * The dynamic linker must be self-contained (macho_self_contained): nothing
 * applies fixups to it. Both files come from image_cache.h (read once and
 * kept). Malformed files, a program and linker that overlap each other or
 * the stack, and strings that do not fit are refused.
 */
#ifndef BSDSERVER_EXEC_H
#define BSDSERVER_EXEC_H

#include "bsdserver/proc.h"

#define EXEC_STACK_TOP  0x170000000ull
#define EXEC_STACK_SIZE (8ull << 20)
#define EXEC_ARGS_MAX   (1u << 20) /* bytes of strings and pointers at the stack's top: ARG_MAX */
#define EXEC_DYLD_PATH  "/usr/lib/dyld"

/*
 * The one way a process starts (init at boot, and posix_spawn): a new
 * process slot, child of `parent` (NULL for init: no parent, root
 * credentials) with parent's credentials and the descriptor table *fds,
 * whose references it takes over (*fds is left empty, whatever happens),
 * running `path` with argv and envp (NULL-terminated). Returns 0 and *out,
 * or an errno with *why saying what is wrong (EAGAIN: the process table is
 * full; ENOENT, ENOEXEC, E2BIG, ENOMEM, EIO); then no process, task or
 * descriptor is left.
 */
int exec_process(const struct proc *parent, struct fdtable *fds, const char *path,
                 const char *const *argv, const char *const *envp, struct proc **out,
                 const char **why);

#endif
