/*
 * IPC spaces: a task's table of port names. An entry names one port and the
 * rights the task holds to it: a receive right and/or send rights (one name,
 * with a user-reference count for the send rights), or one send-once right,
 * or a dead name (a send right whose port died). Names are
 * MACH_PORT_MAKE(index, generation): a freed index comes back with the next
 * generation, so a stale name does not silently reach a new port.
 *
 * Locking: ipc_lock (ipc_port.h).
 */
#ifndef IPC_IPC_SPACE_H
#define IPC_IPC_SPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc/ipc_port.h"
#include "kern/panic.h"
#include "mach/kern_return.h"
#include "mach/port.h"

struct ipc_pset;

struct ipc_entry {
	struct ipc_port *port; /* holds one reference; NULL for a free, dead-name or set entry */
	struct ipc_pset *pset; /* a port set entry's set (holds one reference) */
	mach_port_type_t type; /* MACH_PORT_TYPE_* bits; 0: free */
	uint32_t urefs;        /* user references of the send right or dead name */
	uint8_t gen;           /* generation of the name using this index */
	uint32_t next_free;    /* free list link (an index); valid while free */
};

struct ipc_space {
	struct ipc_entry *table; /* table[0] is never used: MACH_PORT_NULL */
	uint32_t size;           /* entries in table */
	uint32_t free_head;      /* first free index, 0 if none */
	uint32_t entries_used;
	bool active; /* false once destroyed */
};

#define IPC_SPACE_MAX_ENTRIES 65536

/* A new, empty space, or NULL when memory is exhausted. */
struct ipc_space *ipc_space_create(void);

/* Releases every right in the space (destroying its receive rights) and frees it. ipc_lock held. */
void ipc_space_destroy(struct ipc_space *space);

/* Turns an entry's send or send-once right whose port died into a dead name. */
void ipc_space_entry_port_died(struct ipc_entry *entry);

/*
 * The entry in use for `name`, or NULL, as it stands: a right to a port that
 * has died is not yet a dead name. For callers that check the port
 * themselves and leave a dead one to ipc_space_lookup.
 */
static inline __attribute__((always_inline)) struct ipc_entry *
ipc_space_entry(struct ipc_space *space, mach_port_name_t name)
{
	uint32_t index = MACH_PORT_INDEX(name);

	/*
	 * One comparison refuses them all: index 0 (MACH_PORT_NULL's) is never
	 * in use, MACH_PORT_DEAD's is past any table, and a destroyed space has
	 * size 0.
	 */
	_Static_assert(MACH_PORT_INDEX(MACH_PORT_DEAD) >= IPC_SPACE_MAX_ENTRIES,
	               "dead name's index");
	if (index >= space->size)
		return NULL;
	struct ipc_entry *entry = &space->table[index];
	if (entry->type == 0 || entry->gen != MACH_PORT_GEN(name))
		return NULL;
	return entry;
}

/*
 * The live entry for `name`, or NULL (KERN_INVALID_NAME). A send or send-once
 * right whose port has died is turned into a dead name on the way. Inline:
 * every message looks names up.
 */
static inline struct ipc_entry *ipc_space_lookup(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *entry = ipc_space_entry(space, name);

	if (entry && entry->port && !entry->port->active &&
	    (entry->type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_SEND_ONCE)))
		ipc_space_entry_port_died(entry);
	return entry;
}

/* ipc_space_alloc when the free list is empty (the table grows) or the space is dead. */
kern_return_t ipc_space_alloc_slow(struct ipc_space *space, mach_port_name_t *name,
                                   struct ipc_entry **entry);

/*
 * A fresh entry from the free list, or NULL when that is empty or the space
 * dead (ipc_space_alloc then says why); its name is ipc_space_entry_name.
 * Inline: a received reply right takes a new name.
 */
static inline __attribute__((always_inline)) struct ipc_entry *
ipc_space_alloc_entry(struct ipc_space *space)
{
	uint32_t index = space->free_head;

	if (__builtin_expect(index == 0 || !space->active, 0))
		return NULL;
	struct ipc_entry *e = &space->table[index];
	space->free_head = e->next_free;
	/* A new generation per use, so a stale name for this index no longer matches. */
	e->gen++;
	/* Empty already: ipc_space_free checked port and set and cleared type and urefs. */
	space->entries_used++;
	return e;
}

/* The name of entry `e` of `space`. */
static inline mach_port_name_t ipc_space_entry_name(const struct ipc_space *space,
                                                    const struct ipc_entry *e)
{
	return MACH_PORT_MAKE((uint32_t)(e - space->table), e->gen);
}

/* A fresh entry and its name, or KERN_NO_SPACE / KERN_RESOURCE_SHORTAGE / KERN_INVALID_TASK. */
static inline kern_return_t ipc_space_alloc(struct ipc_space *space, mach_port_name_t *name,
                                            struct ipc_entry **entry)
{
	struct ipc_entry *e = ipc_space_alloc_entry(space);

	if (!e)
		return ipc_space_alloc_slow(space, name, entry);
	*name = ipc_space_entry_name(space, e);
	*entry = e;
	return KERN_SUCCESS;
}

/*
 * Returns an entry (already emptied of rights: no port or set) to the free
 * list. Every free entry is empty (a grown table's new ones are zeroed), which
 * ipc_space_alloc relies on.
 */
static inline __attribute__((always_inline)) void ipc_space_free(struct ipc_space *space,
                                                                 mach_port_name_t name)
{
	uint32_t index = MACH_PORT_INDEX(name);
	struct ipc_entry *e = &space->table[index];

	if (e->port || e->pset)
		panic("ipc: freeing entry 0x%x that still names a port or set", name);
	e->type = 0;
	e->urefs = 0;
	e->next_free = space->free_head;
	space->free_head = index;
	space->entries_used--;
}

/* The name under which the space holds send rights or the receive right to `port`, or 0. */
mach_port_name_t ipc_space_reverse_lookup(struct ipc_space *space, struct ipc_port *port);

#endif
