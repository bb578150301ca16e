/*
 * The mach_vm subsystem (XNU's mach_vm.defs, ids 4800-4899) served on a
 * task's port: another task's memory, as a BSD server loading a program or a
 * debugger reading one uses it. So far: mach_vm_allocate, deallocate,
 * protect, inherit, read, write, copy, read_overwrite, region (the
 * VM_REGION_BASIC_INFO_64 flavor), map (anonymous, or a memory entry shared
 * or copied) and mach_make_memory_entry_64 (vm/vm_named_entry.h); the rest
 * answer MIG_BAD_ID.
 *
 * read_overwrite writes into the caller's own memory: the kernel answers a
 * routine in the sending thread, so that is the current task's map.
 */
#ifndef VM_MACH_VM_SERVER_H
#define VM_MACH_VM_SERVER_H

#include <stdbool.h>

#include "ipc/ipc_kmsg.h"

struct task;

#define MACH_VM_SUBSYSTEM     4800
#define MACH_VM_SUBSYSTEM_END 4900
#define VM_MAP_SUBSYSTEM      3800 /* the older 32/64-bit interface: mach_make_memory_entry_64 */
#define VM_MAP_SUBSYSTEM_END  3900

/* Whether `id` is one of the routines mach_vm_server answers (or answers MIG_BAD_ID for). */
static inline bool mach_vm_routine(mach_msg_id_t id)
{
	return (id >= MACH_VM_SUBSYSTEM && id < MACH_VM_SUBSYSTEM_END) ||
	       (id >= VM_MAP_SUBSYSTEM && id < VM_MAP_SUBSYSTEM_END);
}

/* Answers a request to `task`'s port; the caller holds a task reference. No lock held. */
struct ipc_kmsg *mach_vm_server(struct task *task, struct ipc_kmsg *request);

#endif
