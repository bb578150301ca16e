/*
 * Kernel messages: a message in flight, copied in from the sender, with the
 * port rights of its header already translated from names into ports.
 * Locking: ipc_lock while queued; the sender or receiver owns it otherwise.
 */
#ifndef IPC_IPC_KMSG_H
#define IPC_IPC_KMSG_H

#include "ipc/ipc_port.h"
#include "mach/message.h"

#define IPC_KMSG_MAX_SIZE (64 * 1024) /* largest inline message, header included */

struct ipc_kmsg {
	struct ipc_kmsg *next;           /* port queue link */
	mach_msg_size_t size;            /* header + body bytes */
	struct ipc_port *dest;           /* holds the destination right and a reference */
	mach_msg_type_name_t dest_type;  /* MACH_MSG_TYPE_PORT_SEND or _SEND_ONCE */
	struct ipc_port *reply;          /* holds the reply right and a reference, or NULL */
	mach_msg_type_name_t reply_type; /* its type, when reply is set */
	audit_token_t audit;             /* the sender's identity, for the audit trailer */
	mach_msg_header_t header;        /* followed by the body */
};

/* Room for `size` bytes of message, or NULL. Takes no lock. */
struct ipc_kmsg *ipc_kmsg_alloc(mach_msg_size_t size);

/* Frees the buffer only (its rights must already be gone). */
void ipc_kmsg_free(struct ipc_kmsg *kmsg);

/* Releases the rights the message carries, then frees it. ipc_lock held. */
void ipc_kmsg_destroy(struct ipc_kmsg *kmsg);

#endif
