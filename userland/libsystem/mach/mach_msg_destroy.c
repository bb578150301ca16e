/*
 * mach_msg_destroy: gives up what a message holds — the reply right in its
 * header and, in a complex message, every port right, out-of-line region and
 * out-of-line port array its descriptors carry. The destination
 * (msgh_local_port of a received message) is the receiving port's name, not
 * a right the message holds, so it is left alone. Descriptors are read only
 * within msgh_size; a malformed message is released as far as it is whole.
 */
#include <mach/mach.h>

#include <stddef.h>
#include <string.h>

/* Releases one right of a received (PORT_*) or sent-by-move (MOVE_*) disposition. */
static void destroy_right(mach_port_name_t name, mach_msg_type_name_t disposition)
{
	if (!MACH_PORT_VALID(name))
		return;
	switch (disposition) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_RECEIVE, -1);
		break;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_MOVE_SEND_ONCE: mach_port_deallocate(mach_task_self(), name); break;
	default: break; /* COPY_SEND and MAKE_*: the message holds no right of its own */
	}
}

static void destroy_ool_ports(const mach_msg_ool_ports_descriptor64_t *d)
{
	mach_port_name_t *names = (mach_port_name_t *)(uintptr_t)d->address;

	if (names == NULL || d->count == 0)
		return;
	for (mach_msg_size_t i = 0; i < d->count; i++)
		destroy_right(names[i], d->disposition);
	mach_vm_deallocate(mach_task_self(), d->address,
	                   (mach_vm_size_t)d->count * sizeof(mach_port_name_t));
}

void mach_msg_destroy(mach_msg_header_t *msg)
{
	destroy_right(msg->msgh_remote_port, MACH_MSGH_BITS_REMOTE(msg->msgh_bits));
	if (!(msg->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    msg->msgh_size < sizeof(*msg) + sizeof(mach_msg_body_t))
		return;

	const uint8_t *end = (const uint8_t *)msg + msg->msgh_size;
	const mach_msg_body_t *body = (const mach_msg_body_t *)(msg + 1);
	const uint8_t *p = (const uint8_t *)(body + 1);
	for (mach_msg_size_t i = 0; i < body->msgh_descriptor_count; i++) {
		/* Every descriptor has its type in byte 11, and is at least 12 bytes long. */
		if ((size_t)(end - p) < sizeof(mach_msg_port_descriptor_t))
			return;
		switch (p[11]) {
		case MACH_MSG_PORT_DESCRIPTOR: {
			mach_msg_port_descriptor_t d;
			memcpy(&d, p, sizeof(d));
			destroy_right(d.name, d.disposition);
			p += sizeof(d);
			break;
		}
		case MACH_MSG_OOL_DESCRIPTOR:
		case MACH_MSG_OOL_VOLATILE_DESCRIPTOR: {
			mach_msg_ool_descriptor64_t d;
			if ((size_t)(end - p) < sizeof(d))
				return;
			memcpy(&d, p, sizeof(d));
			if (d.address != 0 && d.size != 0)
				mach_vm_deallocate(mach_task_self(), d.address, d.size);
			p += sizeof(d);
			break;
		}
		case MACH_MSG_OOL_PORTS_DESCRIPTOR: {
			mach_msg_ool_ports_descriptor64_t d;
			if ((size_t)(end - p) < sizeof(d))
				return;
			memcpy(&d, p, sizeof(d));
			destroy_ool_ports(&d);
			p += sizeof(d);
			break;
		}
		default: return; /* not a descriptor: nothing after it can be trusted */
		}
	}
}
