/*
 * The mach_vm subsystem (XNU's mach_vm.defs, ids 4800-4899) served on a
 * task's port: another task's memory, as a BSD server loading a program or a
 * debugger reading one uses it. So far: mach_vm_allocate, deallocate,
 * protect, inherit, read, write, copy, read_overwrite and region (the
 * VM_REGION_BASIC_INFO_64 flavor); the rest answer MIG_BAD_ID.
 *
 * read_overwrite writes into the caller's own memory: the kernel answers a
 * routine in the sending thread, so that is the current task's map.
 */
#ifndef VM_MACH_VM_SERVER_H
#define VM_MACH_VM_SERVER_H

#include "ipc/ipc_kmsg.h"

struct task;

#define MACH_VM_SUBSYSTEM     4800
#define MACH_VM_SUBSYSTEM_END 4900

/* Answers a request to `task`'s port; the caller holds a task reference. No lock held. */
struct ipc_kmsg *mach_vm_server(struct task *task, struct ipc_kmsg *request);

#endif
