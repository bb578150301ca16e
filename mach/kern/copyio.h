/*
 * Copying between the kernel and the current task's user memory with plain
 * loads and stores (user pages are reachable from EL1 through TTBR0). A page
 * not yet there is faulted in; an address the task may not use gives an error
 * (KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE, KERN_RESOURCE_SHORTAGE),
 * never a panic. Call without spin locks held: faults may allocate.
 */
#ifndef KERN_COPYIO_H
#define KERN_COPYIO_H

#include <stddef.h>

#include "mach/kern_return.h"
#include "vm/vm_param.h"

kern_return_t copyin(vaddr_t user_src, void *dst, size_t len);
kern_return_t copyout(const void *src, vaddr_t user_dst, size_t len);

#endif
