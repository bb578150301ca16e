/*
 * For host tests that call libSystem from several host threads: a lock
 * environment standing in for Tessera's (threads named by a thread-local
 * address, waiting by sched_yield, no pthread calls) and malloc's mmap page
 * source with one of libSystem's own locks.
 */
#ifndef TESTS_HOST_LIBSYSTEM_THREADS_H
#define TESTS_HOST_LIBSYSTEM_THREADS_H

/* Installs both, before the test starts its first thread. */
void test_threads_setup(void);

#endif
