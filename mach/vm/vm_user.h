/*
 * The Mach VM calls as XNU's mach_vm_* routines answer them: the checks on
 * user values and the map operations behind them (vm_user_*), shared by the
 * traps below and the mach_vm routines on task ports (vm/mach_vm_server.c).
 *
 * The traps take mach_vm_allocate, mach_vm_deallocate, mach_vm_protect and
 * mach_vm_map (anonymous memory only) by XNU's numbers and argument order
 * (see kern/syscall_sw.c), and Tessera's two copy traps. The target is a task name in the caller's
 * IPC space, any task the caller holds a send right to; a reference on it keeps its map for the
 * call. Every argument is a user value and is checked; errors are returned, never raised.
 *
 * Called with no locks held.
 */
#ifndef VM_VM_USER_H
#define VM_VM_USER_H

#include <stdbool.h>

#include "arch/arm64/trap.h"
#include "mach/kern_return.h"
#include "mach/vm_prot.h"
#include "vm/vm_param.h"

struct vm_map;

/* XNU's <mach/vm_statistics.h> flags understood here. */
#define VM_FLAGS_FIXED      0x0
#define VM_FLAGS_ANYWHERE   0x1
#define VM_FLAGS_ALIAS_MASK 0xff000000 /* the caller's tag (VM_MAKE_TAG): accepted, unused */

/*
 * mach_vm_allocate: new zero-filled memory, read/write (maximum all rights).
 * ANYWHERE: the lowest free range (*addr is ignored, as XNU does); FIXED: at
 * *addr truncated to a page. A zero size succeeds with *addr 0.
 */
kern_return_t vm_user_allocate(struct vm_map *map, vaddr_t *addr, uint64_t size, int flags);

/* mach_vm_deallocate: holes are not an error. */
kern_return_t vm_user_deallocate(struct vm_map *map, vaddr_t addr, uint64_t size);

/* mach_vm_protect: current or (set_max) maximum rights. */
kern_return_t vm_user_protect(struct vm_map *map, vaddr_t addr, uint64_t size, bool set_max,
                              vm_prot_t prot);

/* mach_vm_inherit: what task_create's child gets of the range. */
kern_return_t vm_user_inherit(struct vm_map *map, vaddr_t addr, uint64_t size,
                              vm_inherit_t inheritance);

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

/*
 * Tessera's copy traps (mach/tessera_vm_copy.h):
 * tessera_vm_read_overwrite_trap(target, address, size, data) and
 * tessera_vm_write_trap(target, address, data, size), mach_vm_read_overwrite
 * and mach_vm_write without the message.
 */
kern_return_t trap_tessera_vm_read_overwrite(struct trap_frame *tf);
kern_return_t trap_tessera_vm_write(struct trap_frame *tf);

#endif
