/*
 * Port rights: moving them between a space's names and messages (copyin and
 * copyout, by the dispositions of <mach/message.h>), and the mach_port_*
 * operations on a space. Every function here runs with ipc_lock held.
 */
#ifndef IPC_IPC_RIGHT_H
#define IPC_IPC_RIGHT_H

#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "mach/kern_return.h"
#include "mach/message.h"

/*
 * Takes the right `disposition` asks for out of `name` in `space` (MOVE_SEND,
 * COPY_SEND, MAKE_SEND, MOVE_SEND_ONCE, MAKE_SEND_ONCE, MOVE_RECEIVE), giving
 * the port with a reference and the type of right now held (PORT_SEND,
 * PORT_SEND_ONCE or PORT_RECEIVE).
 * KERN_INVALID_NAME, KERN_INVALID_RIGHT or KERN_INVALID_CAPABILITY (dead port).
 */
kern_return_t ipc_right_copyin(struct ipc_space *space, mach_port_name_t name,
                               mach_msg_type_name_t disposition, struct ipc_port **port,
                               mach_msg_type_name_t *type);

/*
 * ipc_right_copyin for a caller that has already looked `name` up (entry `e`)
 * and checked it with ipc_right_copyin_check: it cannot fail.
 */
void ipc_right_copyin_entry(struct ipc_space *space, mach_port_name_t name, struct ipc_entry *e,
                            mach_msg_type_name_t disposition, struct ipc_port **port,
                            mach_msg_type_name_t *type);

/* Whether ipc_right_copyin would succeed, without changing anything. */
kern_return_t ipc_right_copyin_check(struct ipc_space *space, mach_port_name_t name,
                                     mach_msg_type_name_t disposition);

/*
 * Puts a right of `type` to `port` (whose reference it consumes) into `space`,
 * merging send rights into an existing name. A dead port gives MACH_PORT_DEAD.
 */
kern_return_t ipc_right_copyout(struct ipc_space *space, struct ipc_port *port,
                                mach_msg_type_name_t type, mach_port_name_t *name);

/*
 * Drops a right a message held (and its reference) without it being used: an
 * unused send-once right still delivers a send-once notification.
 */
void ipc_right_release(struct ipc_port *port, mach_msg_type_name_t type);

/*
 * The destination right of a message that was received: used up, no
 * notification. Inline for every message; only the last send right going
 * has anything more to do (ipc_port_srights_dropped).
 */
static inline __attribute__((always_inline)) void ipc_right_consume(struct ipc_port *port,
                                                                    mach_msg_type_name_t type)
{
	if (type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		port->sorights--;
	else if (port->srights > 1)
		port->srights--;
	else
		ipc_port_srights_dropped(port);
	ipc_port_release(port);
}

/* mach_port_allocate: a new receive right (port) or dead name. */
kern_return_t ipc_right_allocate(struct ipc_space *space, mach_port_right_t right,
                                 mach_port_name_t *name);

/*
 * mach_port_construct: a new receive right shaped by `options` (MPO_QLIMIT,
 * MPO_INSERT_SEND_RIGHT, MPO_CONTEXT_AS_GUARD with MPO_STRICT); `context` is
 * the port's context word, and its guard when guarded. Other flags are
 * KERN_INVALID_ARGUMENT: nothing here implements them.
 */
kern_return_t ipc_right_construct(struct ipc_space *space, const mach_port_options_t *options,
                                  uint64_t context, mach_port_name_t *name);

/*
 * mach_port_destruct: drops -srdelta send references, then destroys the
 * receive right. A guarded right needs its guard. Nothing changes on error.
 */
kern_return_t ipc_right_destruct(struct ipc_space *space, mach_port_name_t name,
                                 mach_port_delta_t srdelta, uint64_t guard);

/* mach_port_deallocate: one user reference of a send, send-once or dead-name right. */
kern_return_t ipc_right_deallocate(struct ipc_space *space, mach_port_name_t name);

/* mach_port_mod_refs. */
kern_return_t ipc_right_mod_refs(struct ipc_space *space, mach_port_name_t name,
                                 mach_port_right_t right, mach_port_delta_t delta);

/*
 * Port set membership: puts the receive right `member` into the set `pset`
 * (moving it out of any other), or out of every set if pset is MACH_PORT_NULL.
 * With `must_be_in`, the member must already be in `pset` and leaves it
 * (mach_port_extract_member).
 */
kern_return_t ipc_right_move_member(struct ipc_space *space, mach_port_name_t member,
                                    mach_port_name_t pset, bool must_be_in);

/* mach_port_insert_right: a right taken from `from` (name, disposition) into `to` at `name`. */
kern_return_t ipc_right_insert(struct ipc_space *to, mach_port_name_t name, struct ipc_space *from,
                               mach_port_name_t poly, mach_msg_type_name_t disposition);

#endif
