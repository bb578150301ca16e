/*
 * A boot-time check of Mach VM before user tasks exist (boot argument
 * test.vm=1): maps, objects, faults, copyin/copyout, protection, removal and
 * running out of memory, with the user page tables checked by the MMU itself
 * and the page pool checked for exact accounting.
 *
 * Call it from the boot thread before other threads or tasks run: it takes
 * every free page for a moment and expects nothing else to allocate. It
 * prints "vm_selftest: ok (...)" or panics naming the check that failed.
 */
#ifndef VM_VM_SELFTEST_H
#define VM_VM_SELFTEST_H

void vm_selftest(void);

#endif
