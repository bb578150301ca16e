/*
 * Reading and writing a process's memory through its task port, with
 * Tessera's copy traps (mach/tessera_vm_copy.h: mach_vm_read_overwrite and
 * mach_vm_write without a message). Every user address and length
 * comes from an untrusted caller: a range that wraps, is unmapped or lacks
 * the right protection is EFAULT, never a fault in bsdserver.
 */
#ifndef BSDSERVER_COPYIO_H
#define BSDSERVER_COPYIO_H

#include <stddef.h>
#include <stdint.h>

#include <mach/mach.h>

/* Copies n bytes at uaddr in task into kbuf: 0 or EFAULT. */
int copyin(task_t task, uint64_t uaddr, void *kbuf, size_t n);

/* Copies n bytes from kbuf to uaddr in task: 0 or EFAULT. */
int copyout(task_t task, const void *kbuf, uint64_t uaddr, size_t n);

/*
 * Copies the NUL-terminated string at uaddr into buf (cap bytes, NUL
 * included): 0, EFAULT, or ENAMETOOLONG when it does not fit.
 */
int copyinstr(task_t task, uint64_t uaddr, char *buf, size_t cap);

#endif
