/*
 * The Mach VM traps: mach_vm_allocate, mach_vm_deallocate, mach_vm_protect
 * and mach_vm_map (anonymous memory only), by XNU's numbers and argument
 * order (see kern/syscall_sw.c), answering as XNU's mach_vm_* routines do.
 *
 * The target is a task name in the caller's IPC space. Only the caller's own
 * task can be named for now (anything else is KERN_INVALID_TASK): acting on
 * another task's map needs a task reference (task_reference) held across the
 * call, since that task may terminate meanwhile. Every argument is a user
 * value and is checked; errors are returned, never raised.
 *
 * Called from syscall_dispatch with no locks held.
 */
#ifndef VM_VM_USER_H
#define VM_VM_USER_H

#include "arch/arm64/trap.h"
#include "mach/kern_return.h"

/* XNU's <mach/vm_statistics.h> flags understood here. */
#define VM_FLAGS_FIXED      0x0
#define VM_FLAGS_ANYWHERE   0x1
#define VM_FLAGS_ALIAS_MASK 0xff000000 /* the caller's tag (VM_MAKE_TAG): accepted, unused */

/*
 * _kernelrpc_mach_vm_allocate_trap(target, address *, size, flags): new
 * zero-filled memory, read/write (maximum all rights). ANYWHERE: the lowest
 * free range (the address passed in is ignored, as XNU does); FIXED: at
 * *address truncated to a page. A zero size succeeds with address 0. If the
 * address cannot be copied out, the memory is taken back.
 */
kern_return_t trap_mach_vm_allocate(struct trap_frame *tf);

/* _kernelrpc_mach_vm_deallocate_trap(target, address, size): holes are not an error. */
kern_return_t trap_mach_vm_deallocate(struct trap_frame *tf);

/* _kernelrpc_mach_vm_protect_trap(target, address, size, set_maximum, new_protection). */
kern_return_t trap_mach_vm_protect(struct trap_frame *tf);

/*
 * _kernelrpc_mach_vm_map_trap(target, address *, size, mask, flags,
 * cur_protection): anonymous memory with maximum rights all, its start a
 * multiple of mask + 1. The mask (with the page bits added) must be one less
 * than a power of two, else KERN_INVALID_ARGUMENT; FIXED at a misaligned
 * address is KERN_NO_SPACE. ANYWHERE searches upwards from *address for a hole
 * of size plus the alignment, which can miss an aligned hole just big enough.
 */
kern_return_t trap_mach_vm_map(struct trap_frame *tf);

#endif
