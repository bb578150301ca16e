/*
 * The pieces of libSystem's start-up (initializer.c), each set up once on
 * the main thread before the program's code runs.
 */
#ifndef USERLAND_LIBSYSTEM_START_START_H
#define USERLAND_LIBSYSTEM_START_START_H

/* Installs the lock environment (lock.c): before any other thread exists. */
void start_locks(void);

/* Gives malloc its pages and lock (pages.c); -1 if the host page size is unknown. */
int start_malloc(void);

/* Sets __stack_chk_guard from apple[]'s stack_guard= or getentropy (stack_chk.c). */
void start_stack_guard(char **apple);

/* Records argc and argv for _NSGetArgc and _NSGetArgv (crt_externs.c). */
void start_arguments(int argc, char **argv);

#endif
