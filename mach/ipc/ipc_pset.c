#include "ipc/ipc_pset.h"

#include <stddef.h>

#include "kern/panic.h"
#include "vm/vm_kern.h"

struct ipc_pset *ipc_pset_alloc(void)
{
	struct ipc_pset *pset = kalloc_zeroed(sizeof(*pset));

	if (pset) {
		pset->refs = 1;
		pset->active = true;
	}
	return pset;
}

void ipc_pset_release_last(struct ipc_pset *pset)
{
	pset->refs = 0;
	if (pset->members || pset->receivers)
		panic("ipc: port set %p freed with members or receivers", pset);
	kfree(pset);
}

void ipc_pset_remove(struct ipc_port *port)
{
	struct ipc_pset *pset = port->pset;

	if (!pset)
		return;
	for (struct ipc_port **p = &pset->members; *p; p = &(*p)->pset_next)
		if (*p == port) {
			*p = port->pset_next;
			break;
		}
	pset->msgcount -= port->msgcount;
	port->pset = NULL;
	port->pset_next = NULL;
}

void ipc_pset_add(struct ipc_pset *pset, struct ipc_port *port)
{
	ipc_pset_remove(port);
	port->pset = pset;
	port->pset_next = pset->members;
	pset->members = port;
	pset->msgcount += port->msgcount;
	/* Messages already queued on the port are now the set's. */
	if (port->queue_head)
		ipc_port_wake_all(&pset->receivers, WAIT_AWAKENED);
}

void ipc_pset_destroy(struct ipc_pset *pset)
{
	pset->active = false;
	while (pset->members)
		ipc_pset_remove(pset->members);
	ipc_port_wake_all(&pset->receivers, WAIT_INTERRUPTED);
}
