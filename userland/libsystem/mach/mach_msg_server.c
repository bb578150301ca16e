/*
 * The receive loop of a server built on a generated demux function
 * (NAME_server): receive a request, let the demux answer it, send the reply,
 * as <mach/mig.h> describes. The request and reply buffers come from
 * mach_vm_allocate, sized for max_size plus the largest trailer.
 */
#include <mach/mach.h>

#define RCV_OPTIONS  (MACH_RCV_TIMEOUT | MACH_RCV_INTERRUPT | 0xff000000u) /* + trailer request */
#define SEND_OPTIONS (MACH_SEND_TIMEOUT | MACH_SEND_INTERRUPT)

/*
 * Answers one received request. Returns the send's result; a reply that
 * could not be delivered is destroyed with what it carries.
 */
static mach_msg_return_t serve(mig_demux_t demux, mach_msg_header_t *request,
                               mig_reply_error_t *reply, mach_msg_option_t options)
{
	demux(request, &reply->Head);

	if (!(reply->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
		if (reply->RetCode == MIG_NO_REPLY) {
			/* The routine kept the reply right, and the request with it. */
			return MACH_MSG_SUCCESS;
		}
		if (reply->RetCode != KERN_SUCCESS) {
			/* Nothing was taken: release the request but its reply right. */
			request->msgh_remote_port = MACH_PORT_NULL;
			mach_msg_destroy(request);
		}
	}
	if (reply->Head.msgh_remote_port == MACH_PORT_NULL) {
		/* A simpleroutine, or the client asked for no answer. */
		if (reply->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX)
			mach_msg_destroy(&reply->Head);
		return MACH_MSG_SUCCESS;
	}
	mach_msg_return_t mr =
	    mach_msg(&reply->Head, MACH_SEND_MSG | (options & SEND_OPTIONS), reply->Head.msgh_size,
	             0, MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	switch (mr) {
	case MACH_SEND_INVALID_DEST:
	case MACH_SEND_TIMED_OUT:
	case MACH_SEND_INTERRUPTED:
		/* The client is gone or will not take it: the reply's rights are ours. */
		mach_msg_destroy(&reply->Head);
		return MACH_MSG_SUCCESS;
	default: return mr;
	}
}

static kern_return_t buffers(mach_msg_size_t max_size, mach_vm_address_t *request,
                             mach_vm_address_t *reply, mach_vm_size_t *size)
{
	if (max_size < sizeof(mig_reply_error_t) || max_size > 0x7fffffffu - MAX_TRAILER_SIZE)
		return KERN_INVALID_ARGUMENT;
	*size = (mach_vm_size_t)max_size + MAX_TRAILER_SIZE;
	kern_return_t kr = mach_vm_allocate(mach_task_self(), request, *size, VM_FLAGS_ANYWHERE);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = mach_vm_allocate(mach_task_self(), reply, *size, VM_FLAGS_ANYWHERE);
	if (kr != KERN_SUCCESS)
		mach_vm_deallocate(mach_task_self(), *request, *size);
	return kr;
}

static mach_msg_return_t receive(mach_msg_header_t *request, mach_msg_size_t size,
                                 mach_port_t rcv_name, mach_msg_option_t options)
{
	return mach_msg(request, MACH_RCV_MSG | (options & RCV_OPTIONS), 0, size, rcv_name,
	                MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

mach_msg_return_t mach_msg_server_once(mig_demux_t demux, mach_msg_size_t max_size,
                                       mach_port_t rcv_name, mach_msg_option_t options)
{
	mach_vm_address_t request, reply;
	mach_vm_size_t size;
	kern_return_t kr = buffers(max_size, &request, &reply, &size);
	if (kr != KERN_SUCCESS)
		return kr;

	mach_msg_return_t mr = receive((mach_msg_header_t *)(uintptr_t)request,
	                               (mach_msg_size_t)size, rcv_name, options);
	if (mr == MACH_MSG_SUCCESS)
		mr = serve(demux, (mach_msg_header_t *)(uintptr_t)request,
		           (mig_reply_error_t *)(uintptr_t)reply, options);
	mach_vm_deallocate(mach_task_self(), request, size);
	mach_vm_deallocate(mach_task_self(), reply, size);
	return mr;
}

mach_msg_return_t mach_msg_server(mig_demux_t demux, mach_msg_size_t max_size, mach_port_t rcv_name,
                                  mach_msg_option_t options)
{
	mach_vm_address_t request, reply;
	mach_vm_size_t size;
	kern_return_t kr = buffers(max_size, &request, &reply, &size);
	if (kr != KERN_SUCCESS)
		return kr;

	mach_msg_return_t mr;
	do {
		mr = receive((mach_msg_header_t *)(uintptr_t)request, (mach_msg_size_t)size,
		             rcv_name, options);
		if (mr == MACH_MSG_SUCCESS)
			mr = serve(demux, (mach_msg_header_t *)(uintptr_t)request,
			           (mig_reply_error_t *)(uintptr_t)reply, options);
	} while (mr == MACH_MSG_SUCCESS);
	mach_vm_deallocate(mach_task_self(), request, size);
	mach_vm_deallocate(mach_task_self(), reply, size);
	return mr;
}
