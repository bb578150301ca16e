/*
 * Starting a program from the boot volume as a process (DESIGN.md,
 * "Starting a process"): a new task with no inherited memory; its special
 * ports: TASK_SYSCALL_PORT a receive right of bsdserver's (context: the
 * pid, in the receive loop's port set), TASK_BOOTSTRAP_PORT bsdserver's
 * bootstrap port, TASK_HOST_PORT the plain host port; the program and its
 * dynamic linker (LC_LOAD_DYLINKER, /usr/lib/dyld if it names none)
 * mapped at their link addresses with no slide, each segment allocated,
 * written and protected through the task port; the stack (exec_image.h)
 * below EXEC_STACK_TOP; one thread started at the dynamic linker's entry
 * with sp at the stack's mach_header word and every other register zero.
 * apple[] is "executable_path=PATH", then, as XNU gives them and fresh for
 * each process, "stack_guard=0x...", "malloc_entropy=0x...,0x..." and
 * "ptr_munge=0x...".
 *
 * The dynamic linker must be self-contained (macho_self_contained): nothing
 * applies fixups to it. Malformed files, a program and linker that overlap
 * each other or the stack, and strings that do not fit are refused.
 */
#ifndef BSDSERVER_EXEC_H
#define BSDSERVER_EXEC_H

#include "bsdserver/proc.h"

#define EXEC_STACK_TOP  0x170000000ull
#define EXEC_STACK_SIZE (8ull << 20)
#define EXEC_ARGS_MAX   (256u << 10) /* bytes of strings and pointers at the stack's top */
#define EXEC_DYLD_PATH  "/usr/lib/dyld"

/*
 * Makes p (a fresh slot from proc_alloc) run `path` with argv and envp
 * (NULL-terminated). Returns 0, or an errno with *why saying what is wrong
 * (ENOENT, ENOEXEC, E2BIG, ENOMEM, EIO); then no task is left.
 */
int exec_start(struct proc *p, const char *path, const char *const *argv, const char *const *envp,
               const char **why);

#endif
