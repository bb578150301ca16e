#include "ipc/ipc_kmsg.h"

#include <stddef.h>
#include <string.h>

#include "ipc/ipc_right.h"
#include "ipc/ipc_space.h"
#include "kern/copyio.h"
#include "kern/spinlock.h"
#include "kern/thread.h"
#include "mach/vm_prot.h"
#include "vm/vm_kern.h"
#include "vm/vm_map.h"
#include "vm/vm_object.h"

/*
 * Freed buffers of small messages (IPC_KMSG_CACHED_SIZE bytes of room): an
 * RPC's request and reply reuse them without the heap. Each thread keeps one
 * spare (thread->ipc_kmsg_spare: a server frees the request it received and
 * allocates its reply), touched only with interrupts masked since interrupt
 * handlers send too; behind it a bounded list shared by all, so a burst of
 * messages gives its memory back afterwards.
 */
#define KMSG_CACHE_MAX 32
static struct ipc_kmsg *kmsg_cache;                /* kmsg_cache_lock */
static unsigned kmsg_cached;                       /* kmsg_cache_lock */
static spinlock_t kmsg_cache_lock = SPINLOCK_INIT; /* a leaf, like the heap's */

size_t ipc_kmsg_cached_count(void)
{
	uint64_t daif = spin_lock_irqsave(&kmsg_cache_lock);
	size_t n = kmsg_cached;
	spin_unlock_irqrestore(&kmsg_cache_lock, daif);
	return n;
}

static struct ipc_kmsg *kmsg_cache_get(void)
{
	struct thread *t = current_thread();
	uint64_t daif = irq_save();
	struct ipc_kmsg *kmsg = t->ipc_kmsg_spare;
	t->ipc_kmsg_spare = NULL;
	irq_restore(daif);
	if (kmsg)
		return kmsg;
	daif = spin_lock_irqsave(&kmsg_cache_lock);
	kmsg = kmsg_cache;
	if (kmsg) {
		kmsg_cache = kmsg->next;
		kmsg_cached--;
	}
	spin_unlock_irqrestore(&kmsg_cache_lock, daif);
	return kmsg;
}

/* Keeps a small message's buffer for reuse; false when the cache is full. */
static bool kmsg_cache_put(struct ipc_kmsg *kmsg)
{
	struct thread *t = current_thread();
	uint64_t daif = irq_save();
	bool kept = t->ipc_kmsg_spare == NULL;
	if (kept) {
		ipc_kmsg_clean(kmsg);
		t->ipc_kmsg_spare = kmsg;
	}
	irq_restore(daif);
	if (kept)
		return true;
	daif = spin_lock_irqsave(&kmsg_cache_lock);
	kept = kmsg_cached < KMSG_CACHE_MAX;
	if (kept) {
		kmsg->next = kmsg_cache;
		kmsg_cache = kmsg;
		kmsg_cached++;
	}
	spin_unlock_irqrestore(&kmsg_cache_lock, daif);
	return kept;
}

/* A buffer for `size` bytes of message, its fields cleared; the message bytes too if `clear`. */
static struct ipc_kmsg *kmsg_alloc(mach_msg_size_t size, bool clear)
{
	struct ipc_kmsg *kmsg = NULL;

	if (size < sizeof(mach_msg_header_t) || size > IPC_KMSG_MAX_SIZE)
		return NULL;
	if (size <= IPC_KMSG_CACHED_SIZE) {
		kmsg = kmsg_cache_get();
		if (kmsg) {
			kmsg->next = NULL;
			kmsg->dest = kmsg->reply = NULL;
			kmsg->dest_type = kmsg->reply_type = 0;
			kmsg->sender_id = 0;
			kmsg->descs = NULL;
			kmsg->ndescs = 0;
			if (clear)
				memset(&kmsg->header, 0, size);
		} else {
			kmsg = kalloc_zeroed(offsetof(struct ipc_kmsg, header) +
			                     IPC_KMSG_CACHED_SIZE + MAX_TRAILER_SIZE);
		}
	} else {
		kmsg = kalloc_zeroed(offsetof(struct ipc_kmsg, header) + size + MAX_TRAILER_SIZE);
	}
	if (kmsg)
		kmsg->size = size;
	return kmsg;
}

struct ipc_kmsg *ipc_kmsg_alloc(mach_msg_size_t size)
{
	return kmsg_alloc(size, true);
}

struct ipc_kmsg *ipc_kmsg_alloc_uncleared_slow(mach_msg_size_t size)
{
	return kmsg_alloc(size, false);
}

void ipc_kmsg_free_slow(struct ipc_kmsg *kmsg)
{
	if (kmsg->descs) {
		for (uint32_t i = 0; i < kmsg->ndescs; i++) {
			kfree(kmsg->descs[i].data);
			kfree(kmsg->descs[i].ports);
			if (kmsg->descs[i].object)
				vm_object_deallocate(kmsg->descs[i].object);
		}
		kfree(kmsg->descs);
	}
	if (kmsg->size <= IPC_KMSG_CACHED_SIZE && kmsg_cache_put(kmsg))
		return;
	kfree(kmsg);
}

void ipc_kmsg_thread_done(struct thread *t)
{
	kfree(t->ipc_kmsg_spare);
	t->ipc_kmsg_spare = NULL;
}

void ipc_kmsg_release_descs(struct ipc_kmsg_desc *descs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		struct ipc_kmsg_desc *d = &descs[i];
		if (d->port)
			ipc_right_release(d->port, d->right);
		d->port = NULL;
		if (d->ports) {
			for (uint32_t j = 0; j < d->size; j++)
				if (d->ports[j])
					ipc_right_release(d->ports[j], d->right);
			kfree(d->ports);
			d->ports = NULL;
		}
		kfree(d->data);
		d->data = NULL;
		if (d->object)
			vm_object_deallocate(d->object);
		d->object = NULL;
	}
}

void ipc_kmsg_destroy(struct ipc_kmsg *kmsg)
{
	if (kmsg->dest)
		ipc_right_release(kmsg->dest, kmsg->dest_type);
	if (kmsg->reply)
		ipc_right_release(kmsg->reply, kmsg->reply_type);
	if (kmsg->descs)
		ipc_kmsg_release_descs(kmsg->descs, kmsg->ndescs);
	ipc_kmsg_free(kmsg);
}

/* The descriptors start after the header and the body's count. */
#define DESC_BASE (sizeof(mach_msg_header_t) + sizeof(mach_msg_body_t))

static uint8_t *kmsg_bytes(struct ipc_kmsg *kmsg)
{
	return (uint8_t *)&kmsg->header;
}

static bool is_port_disposition(uint32_t d)
{
	return d == MACH_MSG_TYPE_MOVE_RECEIVE || d == MACH_MSG_TYPE_MOVE_SEND ||
	       d == MACH_MSG_TYPE_COPY_SEND || d == MACH_MSG_TYPE_MAKE_SEND ||
	       d == MACH_MSG_TYPE_MOVE_SEND_ONCE || d == MACH_MSG_TYPE_MAKE_SEND_ONCE;
}

mach_msg_return_t ipc_kmsg_copyin_body_memory(struct ipc_kmsg *kmsg, struct vm_map *map)
{
	uint8_t *bytes = kmsg_bytes(kmsg);
	uint32_t count;

	if (kmsg->size < DESC_BASE)
		return MACH_SEND_MSG_TOO_SMALL;
	memcpy(&count, bytes + sizeof(mach_msg_header_t), sizeof(count));
	if (count > IPC_KMSG_MAX_DESCRIPTORS)
		return MACH_SEND_TOO_LARGE;
	kmsg->descs = kalloc_zeroed((count ? count : 1) * sizeof(struct ipc_kmsg_desc));
	if (!kmsg->descs)
		return MACH_SEND_NO_BUFFER;
	kmsg->ndescs = 0;
	size_t offset = DESC_BASE;
	for (uint32_t i = 0; i < count; i++) {
		struct ipc_kmsg_desc *d = &kmsg->descs[i];
		if (offset + sizeof(mach_msg_port_descriptor_t) > kmsg->size)
			return MACH_SEND_MSG_TOO_SMALL;
		d->type = bytes[offset + 11];
		kmsg->ndescs = i + 1;
		if (d->type == MACH_MSG_PORT_DESCRIPTOR) {
			offset += sizeof(mach_msg_port_descriptor_t);
			continue;
		}
		if (d->type != MACH_MSG_OOL_DESCRIPTOR &&
		    d->type != MACH_MSG_OOL_VOLATILE_DESCRIPTOR &&
		    d->type != MACH_MSG_OOL_PORTS_DESCRIPTOR)
			return MACH_SEND_INVALID_TYPE;
		if (offset + sizeof(mach_msg_ool_descriptor64_t) > kmsg->size)
			return MACH_SEND_MSG_TOO_SMALL;
		mach_msg_ool_descriptor64_t ool;
		memcpy(&ool, bytes + offset, sizeof(ool));
		offset += sizeof(ool);
		/* The same word is the byte size of OOL memory and the count of OOL ports. */
		uint64_t nbytes = d->type == MACH_MSG_OOL_PORTS_DESCRIPTOR
		                      ? (uint64_t)ool.size * sizeof(mach_port_name_t)
		                      : ool.size;
		if (d->type == MACH_MSG_OOL_PORTS_DESCRIPTOR && ool.size > IPC_KMSG_MAX_OOL_PORTS)
			return MACH_SEND_TOO_LARGE;
		d->size = ool.size;
		if (nbytes == 0)
			continue;
		/* Whole pages inside one mapping travel copy-on-write; anything else is copied. */
		if (d->type != MACH_MSG_OOL_PORTS_DESCRIPTOR &&
		    !((ool.address | nbytes) & PAGE_MASK) &&
		    vm_map_copy_object(map, ool.address, nbytes, &d->object) == KERN_SUCCESS)
			continue;
		if (nbytes > IPC_KMSG_MAX_OOL_SIZE)
			return MACH_SEND_TOO_LARGE;
		d->data = kalloc(nbytes);
		if (!d->data)
			return MACH_SEND_NO_BUFFER;
		if (copyin(ool.address, d->data, nbytes) != KERN_SUCCESS)
			return MACH_SEND_INVALID_MEMORY;
	}
	return MACH_MSG_SUCCESS;
}

/*
 * The right for one name: NULL for MACH_PORT_NULL and MACH_PORT_DEAD, carried
 * as is. Either way *type is the right the disposition carries, which the
 * receiver sees as the descriptor's disposition even for no port.
 */
static kern_return_t copyin_name(struct ipc_space *space, mach_port_name_t name, uint32_t disp,
                                 struct ipc_port **port, mach_msg_type_name_t *type)
{
	*port = NULL;
	*type = disp == MACH_MSG_TYPE_MOVE_RECEIVE ? MACH_MSG_TYPE_PORT_RECEIVE
	        : disp == MACH_MSG_TYPE_MOVE_SEND_ONCE || disp == MACH_MSG_TYPE_MAKE_SEND_ONCE
	            ? MACH_MSG_TYPE_PORT_SEND_ONCE
	            : MACH_MSG_TYPE_PORT_SEND;
	if (!MACH_PORT_VALID(name))
		return KERN_SUCCESS;
	return ipc_right_copyin(space, name, disp, port, type);
}

mach_msg_return_t ipc_kmsg_copyin_body_rights(struct ipc_kmsg *kmsg, struct ipc_space *space)
{
	uint8_t *bytes = kmsg_bytes(kmsg);
	size_t offset = DESC_BASE;

	for (uint32_t i = 0; i < kmsg->ndescs; i++) {
		struct ipc_kmsg_desc *d = &kmsg->descs[i];
		kern_return_t kr = KERN_SUCCESS;
		if (d->type == MACH_MSG_PORT_DESCRIPTOR) {
			mach_msg_port_descriptor_t pd;
			memcpy(&pd, bytes + offset, sizeof(pd));
			offset += sizeof(pd);
			if (!is_port_disposition(pd.disposition))
				kr = KERN_INVALID_RIGHT;
			/* A receive right cannot travel into itself, however deep (a loop). */
			else if (pd.disposition == MACH_MSG_TYPE_MOVE_RECEIVE &&
			         ipc_space_lookup(space, pd.name) &&
			         ipc_space_lookup(space, pd.name)->port &&
			         ipc_port_would_loop(ipc_space_lookup(space, pd.name)->port,
			                             kmsg->dest))
				kr = KERN_INVALID_RIGHT;
			else
				kr = copyin_name(space, pd.name, pd.disposition, &d->port,
				                 &d->right);
			/* Remember NULL versus DEAD for the receiver. */
			if (kr == KERN_SUCCESS && !d->port)
				d->size = pd.name;
		} else {
			mach_msg_ool_ports_descriptor64_t od;
			memcpy(&od, bytes + offset, sizeof(od));
			offset += sizeof(od);
			if (d->type != MACH_MSG_OOL_PORTS_DESCRIPTOR || d->size == 0)
				continue;
			if (!is_port_disposition(od.disposition) ||
			    od.disposition == MACH_MSG_TYPE_MOVE_RECEIVE) {
				kr = KERN_INVALID_RIGHT;
			} else {
				d->ports = kalloc_zeroed(d->size * sizeof(struct ipc_port *));
				if (!d->ports)
					kr = KERN_RESOURCE_SHORTAGE;
				const mach_port_name_t *names = d->data;
				for (uint32_t j = 0; kr == KERN_SUCCESS && j < d->size; j++) {
					mach_msg_type_name_t type;
					kr = copyin_name(space, names[j], od.disposition,
					                 &d->ports[j], &type);
					d->right = type;
				}
			}
		}
		if (kr != KERN_SUCCESS) {
			/* The rights taken so far go, and every descriptor's memory, copied in already. */
			ipc_kmsg_release_descs(kmsg->descs, kmsg->ndescs);
			kmsg->ndescs = 0;
			return kr == KERN_RESOURCE_SHORTAGE ? MACH_SEND_NO_BUFFER
			                                    : MACH_SEND_INVALID_RIGHT;
		}
	}
	return MACH_MSG_SUCCESS;
}

unsigned ipc_kmsg_regions_to_deallocate(const struct ipc_kmsg *kmsg, struct ipc_kmsg_region *out)
{
	const uint8_t *bytes = (const uint8_t *)&kmsg->header;
	size_t offset = DESC_BASE;
	unsigned n = 0;

	for (uint32_t i = 0; i < kmsg->ndescs; i++) {
		if (kmsg->descs[i].type == MACH_MSG_PORT_DESCRIPTOR) {
			offset += sizeof(mach_msg_port_descriptor_t);
			continue;
		}
		mach_msg_ool_descriptor64_t ool;
		memcpy(&ool, bytes + offset, sizeof(ool));
		offset += sizeof(ool);
		uint64_t nbytes = ool.type == MACH_MSG_OOL_PORTS_DESCRIPTOR
		                      ? (uint64_t)ool.size * sizeof(mach_port_name_t)
		                      : ool.size;
		if (ool.deallocate && nbytes && ool.address + nbytes > ool.address) {
			out[n].start = trunc_page(ool.address);
			out[n].end = round_page(ool.address + nbytes);
			n++;
		}
	}
	return n;
}

void ipc_kmsg_copyout_body_rights(struct ipc_kmsg *kmsg, struct ipc_space *space)
{
	uint8_t *bytes = kmsg_bytes(kmsg);
	size_t offset = DESC_BASE;

	for (uint32_t i = 0; i < kmsg->ndescs; i++) {
		struct ipc_kmsg_desc *d = &kmsg->descs[i];
		if (d->type == MACH_MSG_PORT_DESCRIPTOR) {
			mach_msg_port_descriptor_t pd = {.type = MACH_MSG_PORT_DESCRIPTOR};
			pd.name = d->size; /* MACH_PORT_NULL or MACH_PORT_DEAD when no port */
			pd.disposition = d->right;
			if (d->port) {
				if (ipc_right_copyout(space, d->port, d->right, &pd.name) !=
				    KERN_SUCCESS) {
					ipc_right_release(d->port, d->right);
					pd.name = MACH_PORT_DEAD;
				}
				d->port = NULL;
			}
			memcpy(bytes + offset, &pd, sizeof(pd));
			offset += sizeof(pd);
			continue;
		}
		if (d->type == MACH_MSG_OOL_PORTS_DESCRIPTOR && d->right) {
			/* The receiver sees the right carried, not the sender's disposition. */
			mach_msg_ool_ports_descriptor64_t od;
			memcpy(&od, bytes + offset, sizeof(od));
			od.disposition = (uint8_t)d->right;
			memcpy(bytes + offset, &od, sizeof(od));
		}
		offset += sizeof(mach_msg_ool_descriptor64_t);
		if (!d->ports)
			continue;
		/* Port arrays become names, written over the copied-in names. */
		mach_port_name_t *names = d->data;
		for (uint32_t j = 0; j < d->size; j++) {
			names[j] = MACH_PORT_NULL;
			if (d->ports[j] && ipc_right_copyout(space, d->ports[j], d->right,
			                                     &names[j]) != KERN_SUCCESS) {
				ipc_right_release(d->ports[j], d->right);
				names[j] = MACH_PORT_DEAD;
			}
		}
		kfree(d->ports);
		d->ports = NULL;
	}
}

mach_msg_return_t ipc_kmsg_copyout_body_memory(struct ipc_kmsg *kmsg, struct vm_map *map)
{
	uint8_t *bytes = kmsg_bytes(kmsg);
	size_t offset = DESC_BASE;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	for (uint32_t i = 0; i < kmsg->ndescs; i++) {
		struct ipc_kmsg_desc *d = &kmsg->descs[i];
		if (d->type == MACH_MSG_PORT_DESCRIPTOR) {
			offset += sizeof(mach_msg_port_descriptor_t);
			continue;
		}
		mach_msg_ool_ports_descriptor64_t od;
		memcpy(&od, bytes + offset, sizeof(od));
		uint64_t nbytes = d->type == MACH_MSG_OOL_PORTS_DESCRIPTOR
		                      ? (uint64_t)d->size * sizeof(mach_port_name_t)
		                      : d->size;
		vaddr_t addr = 0;
		if (d->object) {
			if (vm_map_enter_object(map, &addr, nbytes, d->object, VM_PROT_DEFAULT,
			                        VM_PROT_ALL) == KERN_SUCCESS) {
				d->object = NULL; /* the new mapping holds the reference now */
			} else {
				mr = MACH_RCV_BODY_ERROR;
				addr = 0;
			}
		} else if (nbytes > 0) {
			if (vm_map_enter_anon(map, &addr, round_page(nbytes), true, VM_PROT_DEFAULT,
			                      VM_PROT_ALL) != KERN_SUCCESS ||
			    copyout(d->data, addr, nbytes) != KERN_SUCCESS) {
				mr = MACH_RCV_BODY_ERROR;
				addr = 0;
			}
		}
		od.address = addr;
		od.deallocate = 0;
		od.copy = MACH_MSG_VIRTUAL_COPY;
		if (d->type != MACH_MSG_OOL_PORTS_DESCRIPTOR)
			od.disposition = 0; /* the pad byte of an OOL memory descriptor */
		else
			od.disposition = d->right;
		memcpy(bytes + offset, &od, sizeof(od));
		offset += sizeof(od);
	}
	return mr;
}
