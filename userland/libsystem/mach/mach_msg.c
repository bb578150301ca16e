/*
 * mach_msg with XNU's retry rule: an interrupted send (the message was not
 * queued) is tried again whole, an interrupted receive (after the send, if
 * any, completed) is tried again as a receive alone, unless the caller asked
 * to see interruptions with MACH_SEND_INTERRUPT or MACH_RCV_INTERRUPT.
 */
#include <mach/mach.h>

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
                           mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                           mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                           mach_port_name_t notify)
{
	mach_msg_return_t mr =
	    mach_msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout, notify);

	if (!(option & MACH_SEND_INTERRUPT))
		while (mr == MACH_SEND_INTERRUPTED)
			mr = mach_msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout,
			                   notify);
	if (!(option & MACH_RCV_INTERRUPT))
		while (mr == MACH_RCV_INTERRUPTED)
			mr = mach_msg_trap(msg, option & ~MACH_SEND_MSG, 0, rcv_size, rcv_name,
			                   timeout, notify);
	return mr;
}
