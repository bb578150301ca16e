#include "ipc/ipc_space.h"

#include <string.h>

#include "ipc/ipc_pset.h"
#include "vm/vm_kern.h"

#define IPC_SPACE_INITIAL_SIZE 64

static bool ipc_space_grow(struct ipc_space *space)
{
	uint32_t new_size = space->size * 2;

	if (new_size > IPC_SPACE_MAX_ENTRIES)
		return false;
	struct ipc_entry *table = kalloc_zeroed(new_size * sizeof(*table));
	if (!table)
		return false;
	memcpy(table, space->table, space->size * sizeof(*table));
	/* Chain the new indexes onto the free list, lowest first. */
	for (uint32_t i = new_size - 1; i >= space->size; i--) {
		table[i].next_free = space->free_head;
		space->free_head = i;
	}
	kfree(space->table);
	space->table = table;
	space->size = new_size;
	return true;
}

struct ipc_space *ipc_space_create(void)
{
	struct ipc_space *space = kalloc_zeroed(sizeof(*space));
	if (!space)
		return NULL;
	space->table = kalloc_zeroed(IPC_SPACE_INITIAL_SIZE * sizeof(struct ipc_entry));
	if (!space->table) {
		kfree(space);
		return NULL;
	}
	space->size = IPC_SPACE_INITIAL_SIZE;
	for (uint32_t i = IPC_SPACE_INITIAL_SIZE - 1; i >= 1; i--) {
		space->table[i].next_free = space->free_head;
		space->free_head = i;
	}
	space->active = true;
	return space;
}

void ipc_space_entry_port_died(struct ipc_entry *entry)
{
	/* The right becomes a dead name with the same references. */
	struct ipc_port *port = entry->port;
	if (entry->type & MACH_PORT_TYPE_SEND)
		port->srights--;
	else
		port->sorights--;
	if (entry->type & MACH_PORT_TYPE_SEND_ONCE)
		entry->urefs = 1;
	entry->type = MACH_PORT_TYPE_DEAD_NAME;
	entry->port = NULL;
	ipc_port_release(port);
}

kern_return_t ipc_space_alloc_slow(struct ipc_space *space, mach_port_name_t *name,
                                   struct ipc_entry **entry)
{
	if (!space->active)
		return KERN_INVALID_TASK;
	if (space->free_head == 0 && !ipc_space_grow(space))
		return space->size * 2 > IPC_SPACE_MAX_ENTRIES ? KERN_NO_SPACE
		                                               : KERN_RESOURCE_SHORTAGE;
	return ipc_space_alloc(space, name, entry);
}

mach_port_name_t ipc_space_reverse_lookup(struct ipc_space *space, struct ipc_port *port)
{
	/* A linear scan: fine for today's small spaces; a hash belongs here when they grow. */
	for (uint32_t i = 1; i < space->size; i++) {
		struct ipc_entry *e = &space->table[i];
		if (e->port == port && (e->type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_RECEIVE)))
			return MACH_PORT_MAKE(i, e->gen);
	}
	return MACH_PORT_NULL;
}

void ipc_space_destroy(struct ipc_space *space)
{
	uint32_t size = space->size;

	/* From here no name is found (ipc_space_lookup) and none is made. */
	space->active = false;
	space->size = 0;
	for (uint32_t i = 1; i < size; i++) {
		struct ipc_entry *e = &space->table[i];
		if (e->pset) {
			ipc_pset_destroy(e->pset);
			ipc_pset_release(e->pset);
			e->pset = NULL;
		}
	}
	for (uint32_t i = 1; i < size; i++) {
		struct ipc_entry *e = &space->table[i];
		struct ipc_port *port = e->port;
		if (!port)
			continue;
		ipc_port_dnrequest_cancel(port, space, MACH_PORT_MAKE(i, e->gen), false);
		if (e->type & MACH_PORT_TYPE_SEND)
			ipc_port_srights_dropped(port);
		if (e->type & MACH_PORT_TYPE_SEND_ONCE)
			ipc_port_send_once_dropped(port);
		if (e->type & MACH_PORT_TYPE_RECEIVE)
			ipc_port_destroy(port);
		e->port = NULL;
		ipc_port_release(port);
	}
	kfree(space->table);
	kfree(space);
}
