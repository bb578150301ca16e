/*
 * A mach_msg receive's arguments. A thread keeps its current receive's in
 * struct thread (ipc_receive), where a sender that receives a message for it
 * (mach_msg.c: handoff_give) and a receive resumed without its kernel
 * stack (mach_msg_receive_continue) find them.
 */
#ifndef IPC_MACH_MSG_RECEIVE_H
#define IPC_MACH_MSG_RECEIVE_H

#include <stdint.h>

#include "mach/message.h"
#include "vm/vm_param.h"

struct mach_msg_receive {
	vaddr_t msg;
	mach_msg_option_t option;
	mach_msg_size_t rcv_size;
	mach_port_name_t rcv_name; /* what the message is reported under */
	mach_msg_timeout_t timeout;
	uint64_t deadline;            /* MACH_RCV_TIMEOUT: counter value to give up at */
	mach_msg_size_t trailer_size; /* from the option's trailer elements */
};

#endif
