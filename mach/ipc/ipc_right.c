#include "ipc/ipc_right.h"

#include <stddef.h>

#include "ipc/ipc_pset.h"

static void entry_drop_port_if_empty(struct ipc_space *space, mach_port_name_t name,
                                     struct ipc_entry *e)
{
	if (e->type != 0)
		return;
	struct ipc_port *port = e->port;
	e->port = NULL;
	if (port)
		ipc_port_dnrequest_cancel(port, space, name, true);
	ipc_space_free(space, name);
	if (port)
		ipc_port_release(port);
}

kern_return_t ipc_right_copyin_check(struct ipc_space *space, mach_port_name_t name,
                                     mach_msg_type_name_t disposition)
{
	struct ipc_entry *e = ipc_space_lookup(space, name);

	if (!e)
		return KERN_INVALID_NAME;
	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
		if (e->type & MACH_PORT_TYPE_DEAD_NAME)
			return KERN_INVALID_CAPABILITY;
		return (e->type & MACH_PORT_TYPE_SEND) ? KERN_SUCCESS : KERN_INVALID_RIGHT;
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return (e->type & MACH_PORT_TYPE_RECEIVE) ? KERN_SUCCESS : KERN_INVALID_RIGHT;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		if (!(e->type & MACH_PORT_TYPE_RECEIVE) || e->port->guarded)
			return KERN_INVALID_RIGHT;
		return KERN_SUCCESS;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		if (e->type & MACH_PORT_TYPE_DEAD_NAME)
			return KERN_INVALID_CAPABILITY;
		return (e->type & MACH_PORT_TYPE_SEND_ONCE) ? KERN_SUCCESS : KERN_INVALID_RIGHT;
	default: return KERN_INVALID_RIGHT;
	}
}

kern_return_t ipc_right_copyin(struct ipc_space *space, mach_port_name_t name,
                               mach_msg_type_name_t disposition, struct ipc_port **port,
                               mach_msg_type_name_t *type)
{
	kern_return_t kr = ipc_right_copyin_check(space, name, disposition);
	if (kr != KERN_SUCCESS)
		return kr;
	ipc_right_copyin_entry(space, name, ipc_space_lookup(space, name), disposition, port, type);
	return KERN_SUCCESS;
}

void ipc_right_copyin_entry(struct ipc_space *space, mach_port_name_t name, struct ipc_entry *e,
                            mach_msg_type_name_t disposition, struct ipc_port **port,
                            mach_msg_type_name_t *type)
{
	struct ipc_port *p = e->port;

	switch (disposition) {
	case MACH_MSG_TYPE_COPY_SEND:
		p->srights++;
		ipc_port_reference(p);
		*type = MACH_MSG_TYPE_PORT_SEND;
		break;
	case MACH_MSG_TYPE_MOVE_SEND:
		/* The right moves: the port's send-right count is unchanged. */
		ipc_port_reference(p);
		if (--e->urefs == 0) {
			e->type &= ~MACH_PORT_TYPE_SEND;
			/* The entry's right went into the message: the count is unchanged. */
			entry_drop_port_if_empty(space, name, e);
		} else {
			p->srights++;
		}
		*type = MACH_MSG_TYPE_PORT_SEND;
		break;
	case MACH_MSG_TYPE_MAKE_SEND:
		ipc_port_make_send(p);
		*type = MACH_MSG_TYPE_PORT_SEND;
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		p->sorights++;
		ipc_port_reference(p);
		*type = MACH_MSG_TYPE_PORT_SEND_ONCE;
		break;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		ipc_port_reference(p);
		e->type = 0;
		e->urefs = 0;
		entry_drop_port_if_empty(space, name, e);
		*type = MACH_MSG_TYPE_PORT_SEND_ONCE;
		break;
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		/* The port is in transit: no space receives from it until the message is received.
		 */
		ipc_port_reference(p);
		ipc_pset_remove(p);
		p->receiver = NULL;
		p->receiver_name = MACH_PORT_NULL;
		e->type &= ~MACH_PORT_TYPE_RECEIVE;
		entry_drop_port_if_empty(space, name, e);
		/* Receivers blocked on it in this space learn that it moved. */
		ipc_port_wake_all(&p->receivers, WAIT_INTERRUPTED);
		*type = MACH_MSG_TYPE_PORT_RECEIVE;
		break;
	}
	*port = p;
}

void ipc_right_release(struct ipc_port *port, mach_msg_type_name_t type)
{
	if (type == MACH_MSG_TYPE_PORT_RECEIVE && port->active)
		ipc_port_destroy(port);
	else if (type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		ipc_port_send_once_dropped(port);
	else if (type == MACH_MSG_TYPE_PORT_SEND)
		ipc_port_srights_dropped(port);
	ipc_port_release(port);
}

kern_return_t ipc_right_copyout(struct ipc_space *space, struct ipc_port *port,
                                mach_msg_type_name_t type, mach_port_name_t *name)
{
	struct ipc_entry *e;
	kern_return_t kr;

	if (!port->active) {
		ipc_right_release(port, type);
		*name = MACH_PORT_DEAD;
		return KERN_SUCCESS;
	}
	if (type == MACH_MSG_TYPE_PORT_RECEIVE) {
		/* Send rights this space already holds share the receive right's name. */
		mach_port_name_t existing = ipc_space_reverse_lookup(space, port);
		if (existing != MACH_PORT_NULL) {
			e = ipc_space_lookup(space, existing);
			e->type |= MACH_PORT_TYPE_RECEIVE;
			port->receiver = space;
			port->receiver_name = existing;
			ipc_port_release(port);
			*name = existing;
			return KERN_SUCCESS;
		}
	}
	if (type == MACH_MSG_TYPE_PORT_SEND) {
		mach_port_name_t existing = ipc_space_reverse_lookup(space, port);
		if (existing != MACH_PORT_NULL) {
			e = ipc_space_lookup(space, existing);
			if (e->type & MACH_PORT_TYPE_SEND) {
				/* Merged into the existing send right: one right, more user
				 * references. */
				if (e->urefs >= MACH_PORT_UREFS_MAX)
					return KERN_UREFS_OVERFLOW;
				e->urefs++;
				port->srights--;
			} else {
				e->type |= MACH_PORT_TYPE_SEND;
				e->urefs = 1;
			}
			ipc_port_release(port);
			*name = existing;
			return KERN_SUCCESS;
		}
	}
	kr = ipc_space_alloc(space, name, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	e->port = port; /* takes over the caller's reference */
	if (type == MACH_MSG_TYPE_PORT_SEND) {
		e->type = MACH_PORT_TYPE_SEND;
		e->urefs = 1;
	} else if (type == MACH_MSG_TYPE_PORT_SEND_ONCE) {
		e->type = MACH_PORT_TYPE_SEND_ONCE;
		e->urefs = 1;
	} else {
		e->type = MACH_PORT_TYPE_RECEIVE;
		port->receiver = space;
		port->receiver_name = *name;
	}
	return KERN_SUCCESS;
}

kern_return_t ipc_right_allocate(struct ipc_space *space, mach_port_right_t right,
                                 mach_port_name_t *name)
{
	struct ipc_entry *e;
	kern_return_t kr;

	if (right == MACH_PORT_RIGHT_PORT_SET) {
		struct ipc_pset *pset = ipc_pset_alloc();
		if (!pset)
			return KERN_RESOURCE_SHORTAGE;
		kr = ipc_space_alloc(space, name, &e);
		if (kr != KERN_SUCCESS) {
			ipc_pset_release(pset);
			return kr;
		}
		e->pset = pset;
		e->type = MACH_PORT_TYPE_PORT_SET;
		return KERN_SUCCESS;
	}
	if (right != MACH_PORT_RIGHT_RECEIVE && right != MACH_PORT_RIGHT_DEAD_NAME)
		return KERN_INVALID_VALUE;
	struct ipc_port *port = NULL;
	if (right == MACH_PORT_RIGHT_RECEIVE && !(port = ipc_port_alloc()))
		return KERN_RESOURCE_SHORTAGE;
	kr = ipc_space_alloc(space, name, &e);
	if (kr != KERN_SUCCESS) {
		if (port)
			ipc_port_release(port);
		return kr;
	}
	if (port) {
		e->port = port;
		e->type = MACH_PORT_TYPE_RECEIVE;
		port->receiver = space;
		port->receiver_name = *name;
	} else {
		e->type = MACH_PORT_TYPE_DEAD_NAME;
		e->urefs = 1;
	}
	return KERN_SUCCESS;
}

#define MPO_SUPPORTED (MPO_CONTEXT_AS_GUARD | MPO_QLIMIT | MPO_INSERT_SEND_RIGHT | MPO_STRICT)

kern_return_t ipc_right_construct(struct ipc_space *space, const mach_port_options_t *options,
                                  uint64_t context, mach_port_name_t *name)
{
	if (options->flags & ~MPO_SUPPORTED)
		return KERN_INVALID_ARGUMENT;
	if ((options->flags & MPO_QLIMIT) && options->mpl_qlimit > MACH_PORT_QLIMIT_MAX)
		return KERN_INVALID_VALUE;
	kern_return_t kr = ipc_right_allocate(space, MACH_PORT_RIGHT_RECEIVE, name);
	if (kr != KERN_SUCCESS)
		return kr;
	struct ipc_port *port = ipc_space_lookup(space, *name)->port;
	if (options->flags & MPO_QLIMIT)
		port->qlimit = options->mpl_qlimit;
	port->context = context;
	if (options->flags & MPO_INSERT_SEND_RIGHT) {
		kr = ipc_right_insert(space, *name, space, *name, MACH_MSG_TYPE_MAKE_SEND);
		if (kr != KERN_SUCCESS) {
			ipc_right_mod_refs(space, *name, MACH_PORT_RIGHT_RECEIVE, -1);
			return kr;
		}
	}
	/* Guarded last, so the unwinding above could still drop the right. */
	port->guarded = (options->flags & MPO_CONTEXT_AS_GUARD) != 0;
	return KERN_SUCCESS;
}

kern_return_t ipc_right_destruct(struct ipc_space *space, mach_port_name_t name,
                                 mach_port_delta_t srdelta, uint64_t guard)
{
	struct ipc_entry *e = ipc_space_lookup(space, name);

	if (!e)
		return KERN_INVALID_NAME;
	if (!(e->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	if (e->port->guarded && guard != e->port->context)
		return KERN_INVALID_ARGUMENT;
	if (srdelta > 0)
		return KERN_INVALID_VALUE;
	if (srdelta < 0) {
		if (!(e->type & MACH_PORT_TYPE_SEND))
			return KERN_INVALID_RIGHT;
		if ((uint32_t)-srdelta > e->urefs)
			return KERN_INVALID_VALUE;
	}
	e->port->guarded = false;
	if (srdelta < 0)
		ipc_right_mod_refs(space, name, MACH_PORT_RIGHT_SEND, srdelta);
	return ipc_right_mod_refs(space, name, MACH_PORT_RIGHT_RECEIVE, -1);
}

kern_return_t ipc_right_mod_refs(struct ipc_space *space, mach_port_name_t name,
                                 mach_port_right_t right, mach_port_delta_t delta)
{
	struct ipc_entry *e = ipc_space_lookup(space, name);

	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	if (!e)
		return KERN_INVALID_NAME;
	mach_port_type_t bit = MACH_PORT_TYPE(right);
	if (!(e->type & bit)) {
		/* A dead name answers for the send right it used to be. */
		if (right == MACH_PORT_RIGHT_SEND && (e->type & MACH_PORT_TYPE_DEAD_NAME))
			bit = MACH_PORT_TYPE_DEAD_NAME;
		else
			return delta == 0 ? KERN_SUCCESS : KERN_INVALID_RIGHT;
	}
	struct ipc_port *port = e->port;
	switch (bit) {
	case MACH_PORT_TYPE_PORT_SET:
		if (delta == 0)
			return KERN_SUCCESS;
		if (delta != -1)
			return KERN_INVALID_VALUE;
		ipc_pset_destroy(e->pset);
		ipc_pset_release(e->pset);
		e->pset = NULL;
		e->type = 0;
		break;
	case MACH_PORT_TYPE_RECEIVE:
	case MACH_PORT_TYPE_SEND_ONCE:
		if (delta == 0)
			return KERN_SUCCESS;
		if (delta != -1)
			return KERN_INVALID_VALUE;
		if (bit == MACH_PORT_TYPE_RECEIVE) {
			/* A guarded receive right goes only through mach_port_destruct. */
			if (port->guarded)
				return KERN_INVALID_RIGHT;
			e->type &= ~MACH_PORT_TYPE_RECEIVE;
			ipc_port_destroy(port);
			/* Rescued by a port-destroyed request: our send rights still work. */
			if (port->active && e->type != 0)
				return KERN_SUCCESS;
			/* Send rights under the same name now name a dead port. */
			if (e->type & MACH_PORT_TYPE_SEND) {
				port->srights--;
				e->type = MACH_PORT_TYPE_DEAD_NAME;
				e->port = NULL;
				ipc_port_release(port);
				return KERN_SUCCESS;
			}
		} else {
			ipc_port_send_once_dropped(port);
			e->type = 0;
		}
		break;
	default: /* send or dead name: user references */
		if (delta < 0 && (uint32_t)-delta > e->urefs)
			return KERN_INVALID_VALUE;
		if (delta > 0 && e->urefs + (uint32_t)delta > MACH_PORT_UREFS_MAX)
			return KERN_UREFS_OVERFLOW;
		e->urefs += delta;
		if (e->urefs > 0)
			return KERN_SUCCESS;
		e->type &= ~bit;
		if (bit == MACH_PORT_TYPE_SEND)
			ipc_port_srights_dropped(port);
		if (e->type != 0)
			return KERN_SUCCESS; /* the receive right keeps the name */
		break;
	}
	if (e->type == 0)
		entry_drop_port_if_empty(space, name, e);
	return KERN_SUCCESS;
}

kern_return_t ipc_right_deallocate(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *e = ipc_space_lookup(space, name);

	if (!e)
		return KERN_INVALID_NAME;
	if (e->type & MACH_PORT_TYPE_SEND_ONCE)
		return ipc_right_mod_refs(space, name, MACH_PORT_RIGHT_SEND_ONCE, -1);
	if (e->type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DEAD_NAME))
		return ipc_right_mod_refs(space, name, MACH_PORT_RIGHT_SEND, -1);
	return KERN_INVALID_RIGHT;
}

kern_return_t ipc_right_insert(struct ipc_space *to, mach_port_name_t name, struct ipc_space *from,
                               mach_port_name_t poly, mach_msg_type_name_t disposition)
{
	struct ipc_port *port;
	mach_msg_type_name_t type;
	struct ipc_entry *e;

	if (!MACH_PORT_VALID(name) || MACH_PORT_INDEX(name) == 0)
		return KERN_INVALID_VALUE;
	kern_return_t kr = ipc_right_copyin_check(from, poly, disposition);
	if (kr != KERN_SUCCESS)
		return kr;
	e = ipc_space_lookup(to, name);
	if (e) {
		/*
		 * A name in use may only gain the other half of send + receive for
		 * the same port: send rights next to its receive right, or the
		 * receive right next to its send rights.
		 */
		struct ipc_entry *src = ipc_space_lookup(from, poly);
		bool send = disposition == MACH_MSG_TYPE_MAKE_SEND ||
		            disposition == MACH_MSG_TYPE_COPY_SEND ||
		            disposition == MACH_MSG_TYPE_MOVE_SEND;
		bool receive = disposition == MACH_MSG_TYPE_MOVE_RECEIVE;
		if (e->port != src->port || !((send && (e->type & MACH_PORT_TYPE_RECEIVE)) ||
		                              (receive && (e->type & MACH_PORT_TYPE_SEND))))
			return KERN_NAME_EXISTS;
		ipc_right_copyin(from, poly, disposition, &port, &type);
		return ipc_right_copyout(to, port, type, &name);
	}
	/* The name must be free in `to`: claim exactly that index. */
	uint32_t index = MACH_PORT_INDEX(name);
	if (index >= to->size)
		return KERN_NO_SPACE;
	if (to->table[index].type != 0)
		return KERN_NAME_EXISTS;
	ipc_right_copyin(from, poly, disposition, &port, &type);
	/* Unlink the index from the free list and give it the requested generation. */
	for (uint32_t *link = &to->free_head; *link; link = &to->table[*link].next_free)
		if (*link == index) {
			*link = to->table[index].next_free;
			break;
		}
	e = &to->table[index];
	e->gen = MACH_PORT_GEN(name);
	e->port = port;
	e->urefs = 1;
	if (type == MACH_MSG_TYPE_PORT_RECEIVE) {
		e->type = MACH_PORT_TYPE_RECEIVE;
		e->urefs = 0;
		port->receiver = to;
		port->receiver_name = name;
	} else {
		e->type = type == MACH_MSG_TYPE_PORT_SEND ? MACH_PORT_TYPE_SEND
		                                          : MACH_PORT_TYPE_SEND_ONCE;
	}
	to->entries_used++;
	return KERN_SUCCESS;
}

kern_return_t ipc_right_move_member(struct ipc_space *space, mach_port_name_t member,
                                    mach_port_name_t pset_name, bool must_be_in)
{
	struct ipc_entry *m = ipc_space_lookup(space, member);
	struct ipc_entry *s = NULL;

	if (!m)
		return KERN_INVALID_NAME;
	if (!(m->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	if (pset_name != MACH_PORT_NULL) {
		s = ipc_space_lookup(space, pset_name);
		if (!s)
			return KERN_INVALID_NAME;
		if (!(s->type & MACH_PORT_TYPE_PORT_SET))
			return KERN_INVALID_RIGHT;
	}
	if (must_be_in) {
		if (!s || m->port->pset != s->pset)
			return KERN_NOT_IN_SET;
		ipc_pset_remove(m->port);
		return KERN_SUCCESS;
	}
	if (s && m->port->pset == s->pset)
		return KERN_ALREADY_IN_SET;
	if (s)
		ipc_pset_add(s->pset, m->port);
	else
		ipc_pset_remove(m->port);
	return KERN_SUCCESS;
}
