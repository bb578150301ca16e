/*
 * Kernel messages: a message in flight, copied in from the sender, with the
 * port rights of its header already translated from names into ports.
 * Locking: ipc_lock while queued; the sender or receiver owns it otherwise.
 */
#ifndef IPC_IPC_KMSG_H
#define IPC_IPC_KMSG_H

#include <stddef.h>

#include "arch/arm64/cpu.h"
#include "ipc/ipc_port.h"
#include "kern/thread.h"
#include "mach/message.h"
#include "vm/vm_param.h"

#define IPC_KMSG_MAX_SIZE        (64 * 1024) /* largest inline message, header included */
#define IPC_KMSG_MAX_DESCRIPTORS 64
#define IPC_KMSG_MAX_OOL_SIZE    (4u << 20) /* out-of-line bytes the kernel copies, per descriptor */
#define IPC_KMSG_MAX_OOL_PORTS   1024
#define IPC_KMSG_CACHED_SIZE     256 /* messages this small reuse cached buffers */

/*
 * What a descriptor carries while the message is in flight. The descriptor in
 * the message buffer keeps the sender's layout; this holds the kernel's side.
 */
struct ipc_kmsg_desc {
	uint8_t type;               /* MACH_MSG_*_DESCRIPTOR */
	mach_msg_type_name_t right; /* PORT_* type of the rights carried */
	struct ipc_port *port;      /* port descriptor: holds the right, or NULL/dead */
	void *data;                 /* OOL memory: a kernel copy (kalloc), or */
	struct vm_object *object;   /* whole pages, copy-on-write (one reference) */
	struct ipc_port **ports;    /* OOL ports: the rights (kalloc'd array) */
	uint32_t size;              /* OOL bytes or OOL port count */
};

/* Pointers, then 32-bit fields, without holes: a new message's are set by a few paired stores. */
struct ipc_kmsg {
	struct ipc_kmsg *next;           /* port queue link */
	struct ipc_port *dest;           /* holds the destination right and a reference */
	struct ipc_port *reply;          /* holds the reply right and a reference, or NULL */
	struct ipc_kmsg_desc *descs;     /* complex messages: one per descriptor (kalloc) */
	mach_msg_size_t size;            /* header + body bytes */
	uint32_t sender_id;              /* the sender's task id (0: the kernel), the audit's pid */
	mach_msg_type_name_t dest_type;  /* MACH_MSG_TYPE_PORT_SEND or _SEND_ONCE */
	mach_msg_type_name_t reply_type; /* its type, when reply is set */
	uint32_t ndescs;
	/*
	 * Followed by the body, then room for the largest trailer, so that a
	 * receive copies out message and trailer at once. Aligned so copyin and
	 * copyout move whole words.
	 */
	mach_msg_header_t header __attribute__((aligned(8)));
};

/*
 * Room for `size` bytes of message (zeroed), or NULL. Takes no lock but the
 * small-message cache's own: buffers for messages up to IPC_KMSG_CACHED_SIZE
 * come back to it when freed instead of going through the heap.
 */
struct ipc_kmsg *ipc_kmsg_alloc(mach_msg_size_t size);

/* ipc_kmsg_alloc_uncleared and ipc_kmsg_free past the thread's spare buffer. */
struct ipc_kmsg *ipc_kmsg_alloc_uncleared_slow(mach_msg_size_t size);
void ipc_kmsg_free_slow(struct ipc_kmsg *kmsg);

/*
 * ipc_kmsg_alloc for a caller that writes all `size` message bytes itself
 * (copyin, or a kernel message filled field by field): they are not cleared.
 * Inline for a small message and the thread's spare buffer (ipc_kmsg.c),
 * which an RPC's messages take turns with; interrupts are masked around it
 * since interrupt handlers send too.
 */
static inline struct ipc_kmsg *ipc_kmsg_alloc_uncleared(mach_msg_size_t size)
{
	struct thread *t = current_thread();

	if (size < sizeof(mach_msg_header_t) || size > IPC_KMSG_CACHED_SIZE)
		return ipc_kmsg_alloc_uncleared_slow(size);
	uint64_t daif = irq_save();
	struct ipc_kmsg *kmsg = t->ipc_kmsg_spare;
	t->ipc_kmsg_spare = NULL;
	irq_restore(daif);
	if (!kmsg)
		return ipc_kmsg_alloc_uncleared_slow(size);
	kmsg->next = NULL;
	kmsg->size = size;
	kmsg->dest = kmsg->reply = NULL;
	kmsg->dest_type = kmsg->reply_type = 0;
	kmsg->sender_id = 0;
	kmsg->descs = NULL;
	kmsg->ndescs = 0;
	return kmsg;
}

/*
 * Makes a buffer fit to be a thread's spare, which records no queue link,
 * rights or descriptors: mach_msg_rpc takes it as it is.
 */
static inline void ipc_kmsg_clean(struct ipc_kmsg *kmsg)
{
	kmsg->next = NULL;
	kmsg->dest = kmsg->reply = NULL;
	kmsg->descs = NULL;
	kmsg->ndescs = 0;
}

/*
 * Frees the buffer and any out-of-line copies (its rights must already be
 * gone). Inline when a small message's buffer becomes the thread's spare.
 */
static inline void ipc_kmsg_free(struct ipc_kmsg *kmsg)
{
	struct thread *t = current_thread();

	if (!kmsg->descs && kmsg->size <= IPC_KMSG_CACHED_SIZE) {
		uint64_t daif = irq_save();
		bool kept = t->ipc_kmsg_spare == NULL;
		if (kept) {
			ipc_kmsg_clean(kmsg);
			t->ipc_kmsg_spare = kmsg;
		}
		irq_restore(daif);
		if (kept)
			return;
	}
	ipc_kmsg_free_slow(kmsg);
}

/*
 * ipc_kmsg_free into the spare of `t` instead, when `t` waits (and so is not
 * touching its spare) and has none: a forwarded BSD call's answer goes back
 * to the caller, whose next call needs a buffer, so that neither side goes to
 * the shared cache. ipc_lock held (interrupts masked); takes sched_lock,
 * which keeps `t` waiting meanwhile.
 */
static inline void ipc_kmsg_free_to(struct ipc_kmsg *kmsg, struct thread *t)
{
	if (!kmsg->descs && kmsg->size <= IPC_KMSG_CACHED_SIZE) {
		spin_lock(&sched_lock);
		bool kept = t->state == THREAD_WAITING && !t->ipc_kmsg_spare;
		if (kept) {
			ipc_kmsg_clean(kmsg);
			t->ipc_kmsg_spare = kmsg;
		}
		spin_unlock(&sched_lock);
		if (kept)
			return;
	}
	ipc_kmsg_free(kmsg);
}

/* Buffers in the small-message cache shared by all threads, for leak checks. */
size_t ipc_kmsg_cached_count(void);

/* Frees the spare buffer a halted thread kept (see ipc_kmsg.c); by the reaper. */
struct thread;
void ipc_kmsg_thread_done(struct thread *t);

/* Releases the rights and memory the message carries, then frees it. ipc_lock held. */
void ipc_kmsg_destroy(struct ipc_kmsg *kmsg);

struct ipc_space;
struct vm_map;

/*
 * Complex messages, sender side. Step 1, without ipc_lock: checks the body's
 * layout and copies out-of-line memory and port names in from `map`
 * (MACH_SEND_MSG_TOO_SMALL, MACH_SEND_INVALID_TYPE, MACH_SEND_TOO_LARGE,
 * MACH_SEND_INVALID_MEMORY, MACH_SEND_NO_BUFFER). Step 2, with ipc_lock held:
 * turns the port names into rights taken from `space` (MACH_SEND_INVALID_RIGHT;
 * on failure nothing stays held). Before the message is queued, the sender
 * notes the regions it asked to give away (ipc_kmsg_regions_to_deallocate,
 * at most IPC_KMSG_MAX_DESCRIPTORS) and removes them once it is sent.
 */
mach_msg_return_t ipc_kmsg_copyin_body_memory(struct ipc_kmsg *kmsg, struct vm_map *map);
mach_msg_return_t ipc_kmsg_copyin_body_rights(struct ipc_kmsg *kmsg, struct ipc_space *space);
struct ipc_kmsg_region {
	vaddr_t start, end;
};
unsigned ipc_kmsg_regions_to_deallocate(const struct ipc_kmsg *kmsg, struct ipc_kmsg_region *out);

/*
 * Receiver side. With ipc_lock held: puts the carried rights into `space` and
 * writes their names into the descriptors. Then without it: maps out-of-line
 * memory and port arrays into `map` (MACH_RCV_BODY_ERROR if that fails).
 */
void ipc_kmsg_copyout_body_rights(struct ipc_kmsg *kmsg, struct ipc_space *space);
mach_msg_return_t ipc_kmsg_copyout_body_memory(struct ipc_kmsg *kmsg, struct vm_map *map);

/* Releases what descriptors [0, n) carry (a partly copied-in body). ipc_lock held. */
void ipc_kmsg_release_descs(struct ipc_kmsg_desc *descs, uint32_t n);

#endif
