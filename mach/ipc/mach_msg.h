/*
 * mach_msg: sending and receiving messages, the kernel's half of
 * mach_msg_trap and mach_msg_overwrite_trap (Mach traps 31 and 32).
 */
#ifndef IPC_MACH_MSG_H
#define IPC_MACH_MSG_H

#include <stdbool.h>

#include "ipc/ipc_kmsg.h"
#include "mach/message.h"
#include "vm/vm_param.h"

/*
 * mach_msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout, notify),
 * receiving into rcv_msg instead of msg when it is not 0
 * (mach_msg_overwrite_trap).
 */
mach_msg_return_t mach_msg_trap(vaddr_t msg, mach_msg_option_t option, mach_msg_size_t send_size,
                                mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
                                mach_msg_timeout_t timeout, vaddr_t rcv_msg);

/*
 * mach_msg_trap's call in `tf` (vectors.S comes here first) when it is an
 * RPC's step, done the quickest way: MACH_SEND_MSG and MACH_RCV_MSG without a
 * receive timeout, a small message of an RPC's shape (COPY_SEND or
 * MOVE_SEND_ONCE, with MAKE_SEND_ONCE on another name or no reply right) to a
 * port with a thread waiting for it, or answering a forwarded BSD call, the
 * caller then receiving on an idle port or set of its own. The message is
 * received for the thread that waits for it, the caller waits without a
 * kernel stack and the CPU goes straight to that thread: then this does not
 * return. True, the call done and its result in tf->x[0], when the caller's
 * receive ended otherwise; false, having changed nothing, in every other
 * case, for syscall_dispatch.
 */
struct trap_frame;
bool mach_msg_rpc(struct trap_frame *tf);

/*
 * Queues a message the kernel built (a reply from a kernel object) on `dest`,
 * consuming the right of `dest_type` it holds. ipc_lock held.
 */
void mach_msg_send_from_kernel(struct ipc_kmsg *kmsg);

/*
 * Gives a message the kernel built to `receiver`, waiting for it on `port`
 * (ipc_handoff_receiver's answer), and receives it for that thread there and
 * then: it only copies the message out when it runs. The message has no
 * descriptors and is no larger than IPC_KMSG_CACHED_SIZE (the receiver
 * keeps the buffer); its reply right is taken, and its destination right too
 * unless kmsg->dest is NULL (the kernel lends it). ipc_lock held.
 */
void mach_msg_deliver_from_kernel(struct ipc_port *port, struct thread *receiver,
                                  struct ipc_kmsg *kmsg);

#endif
