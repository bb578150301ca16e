/*
 * Port sets: a receiver names one set and gets the next message from any of
 * its member ports. A port is in at most one set, and only while its receive
 * right stays in the set's space. Locking: ipc_lock (ipc_port.h).
 */
#ifndef IPC_IPC_PSET_H
#define IPC_IPC_PSET_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc/ipc_port.h"

struct ipc_pset {
	uint32_t refs;            /* the naming entry, and each blocked receiver */
	bool active;              /* false once destroyed */
	struct ipc_port *members; /* linked through port->pset_next */
	uint32_t msgcount;        /* messages queued on the members, together */
	struct thread *receivers; /* threads blocked receiving on the set */
};

/* A new, empty set with one reference, or NULL. */
struct ipc_pset *ipc_pset_alloc(void);

static inline void ipc_pset_reference(struct ipc_pset *pset)
{
	pset->refs++;
}

/* Frees a set whose last reference goes (ipc_pset_release). */
void ipc_pset_release_last(struct ipc_pset *pset);

/* Drops a reference; frees the set at zero. Inline: every set receive holds one. */
static inline void ipc_pset_release(struct ipc_pset *pset)
{
	if (pset->refs > 1)
		pset->refs--;
	else
		ipc_pset_release_last(pset);
}

/* Puts `port` in `pset`, moving it out of any other set. */
void ipc_pset_add(struct ipc_pset *pset, struct ipc_port *port);

/* Takes `port` out of its set, if it is in one. */
void ipc_pset_remove(struct ipc_port *port);

/* The set dies: members leave it, blocked receivers wake. */
void ipc_pset_destroy(struct ipc_pset *pset);

/* A member with a queued message (first such member), or NULL. Inline: every set receive looks. */
static inline struct ipc_port *ipc_pset_ready_member(const struct ipc_pset *pset)
{
	if (pset->msgcount == 0)
		return NULL;
	for (struct ipc_port *p = pset->members; p; p = p->pset_next)
		if (p->queue_head)
			return p;
	return NULL;
}

#endif
