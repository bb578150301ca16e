/*
 * Starting the first user task. The kernel loads the bootstrap program (boot
 * argument bootstrap=PATH, default /bootstrap) from the boot volume itself: it
 * must be a self-contained Mach-O executable (no dylibs, nothing for dyld to
 * bind), mapped at its link addresses and entered at LC_MAIN's entry point
 * with x0 = argc, x1 = argv, x2 = envp, x3 = apple and sp pointing at argc.
 * See DESIGN.md, "The first task".
 */
#ifndef KERN_BOOTSTRAP_H
#define KERN_BOOTSTRAP_H

#include <stdbool.h>

#include "kern/platform.h"

struct thread;

/*
 * Creates the bootstrap task and its thread, not yet runnable: the caller
 * starts it with thread_start once it has said what it has to say (the new
 * thread could otherwise run, and even end the machine, first). Returns
 * NULL, after saying why on the console, if there is nothing to run.
 */
struct thread *bootstrap_start(const struct platform *p);

#endif
