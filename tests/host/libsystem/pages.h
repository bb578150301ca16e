/*
 * The page source the host tests give libSystem's malloc: anonymous mmap,
 * standing in for vm_allocate on Tessera.
 */
#ifndef TESTS_HOST_LIBSYSTEM_PAGES_H
#define TESTS_HOST_LIBSYSTEM_PAGES_H

/* Installs the mmap page source (no lock: the tests are single-threaded). */
void test_malloc_setup(void);

#endif
