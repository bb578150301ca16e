#include "ipc/ipc_kmsg.h"

#include <stddef.h>

#include "ipc/ipc_right.h"
#include "vm/vm_kern.h"

struct ipc_kmsg *ipc_kmsg_alloc(mach_msg_size_t size)
{
	if (size < sizeof(mach_msg_header_t) || size > IPC_KMSG_MAX_SIZE)
		return NULL;
	struct ipc_kmsg *kmsg = kalloc_zeroed(offsetof(struct ipc_kmsg, header) + size);
	if (kmsg)
		kmsg->size = size;
	return kmsg;
}

void ipc_kmsg_free(struct ipc_kmsg *kmsg)
{
	kfree(kmsg);
}

void ipc_kmsg_destroy(struct ipc_kmsg *kmsg)
{
	if (kmsg->dest)
		ipc_right_release(kmsg->dest, kmsg->dest_type);
	if (kmsg->reply)
		ipc_right_release(kmsg->reply, kmsg->reply_type);
	ipc_kmsg_free(kmsg);
}
