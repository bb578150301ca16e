/*
 * Memory entries: a port (IKOT_NAMED_ENTRY) naming part of a memory object,
 * made by mach_make_memory_entry_64 and mapped by mach_vm_map, which is how
 * tasks share memory. The object named is shared (vm/vm_object.h) from then
 * on. The entry holds one object reference and goes with its last send right.
 *
 * Locking: the entry is fixed once made; its port is protected by ipc_lock.
 */
#ifndef VM_VM_NAMED_ENTRY_H
#define VM_VM_NAMED_ENTRY_H

#include <stdint.h>

#include "mach/vm_prot.h"

struct ipc_port;
struct vm_object;

struct vm_named_entry {
	struct vm_object *object; /* one reference; shared */
	uint64_t offset;          /* where in the object the entry starts */
	uint64_t size;            /* bytes, page aligned */
	vm_prot_t protection;     /* the most a mapping of it may have */
};

/*
 * A memory entry for [offset, offset + size) of `object`, taking over the
 * caller's object reference, and its port with one send right for the
 * caller; NULL when memory is exhausted (the reference stays the caller's).
 * ipc_lock held.
 */
struct ipc_port *vm_named_entry_create(struct vm_object *object, uint64_t offset,
                                       uint64_t size, vm_prot_t protection);

/* The entry `port` names, or NULL if it is not a memory entry. ipc_lock held. */
struct vm_named_entry *vm_named_entry_from_port(struct ipc_port *port);

/* The entry's last send right went: it and its port go. ipc_lock held. */
void vm_named_entry_no_senders(struct ipc_port *port);

#endif
