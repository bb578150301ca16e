/*
 * Tessera's Mach traps for copying between the caller's memory and another
 * task's without a message: what mach_vm_read_overwrite and mach_vm_write do
 * on a task port, for servers (bsdserver's copyin and copyout) that copy a
 * few bytes per call and would otherwise spend most of it on the round trip.
 *
 * The numbers are slots XNU leaves empty (kern_invalid there); a stub puts
 * the negated number in x16 and enters with `svc #0x80`, the arguments in
 * x0..x3, the result in x0. `target` names a send right to a task port in
 * the caller's space (KERN_INVALID_TASK otherwise). Errors are the routines':
 * KERN_INVALID_ADDRESS for an unmapped page or a range that wraps,
 * KERN_PROTECTION_FAILURE for a page without the right (reading the target
 * for read_overwrite and the caller for write, writing the other); both
 * ranges are checked before anything is copied, so these leave the
 * destination untouched. Size 0 succeeds.
 */
#ifndef _MACH_TESSERA_VM_COPY_H_
#define _MACH_TESSERA_VM_COPY_H_

/* (target, address, size, data): target's [address, +size) to the caller's data. */
#define TESSERA_VM_READ_OVERWRITE_TRAP 8

/* (target, address, data, size): the caller's [data, +size) to target's address. */
#define TESSERA_VM_WRITE_TRAP 9

#endif
