/*
 * <mach/mach.h>: the Mach library as a program sees it — the traps and
 * their public names, start-up, time, semaphores and timers, the MIG
 * runtime and receive loop, and the client stubs of the kernel's
 * interfaces (task, thread_act, mach_port, mach_vm, vm_map, mach_host,
 * host_priv, clock, clock_priv, Tessera's device and random routines).
 */
#ifndef _MACH_MACH_H_
#define _MACH_MACH_H_

#include <stdbool.h>

#include <mach/boolean.h>
#include <mach/clock.h>
#include <mach/clock_priv.h>
#include <mach/clock_types.h>
#include <mach/host_device.h>
#include <mach/host_priv.h>
#include <mach/host_random.h>
#include <mach/kern_return.h>
#include <mach/mach_host.h>
#include <mach/mach_init.h>
#include <mach/mach_port.h>
#include <mach/mach_time.h>
#include <mach/mach_traps.h>
#include <mach/mach_types.h>
#include <mach/mach_vm.h>
#include <mach/message.h>
#include <mach/mig.h>
#include <mach/mk_timer.h>
#include <mach/port.h>
#include <mach/semaphore.h>
#include <mach/task.h>
#include <mach/task_name.h>
#include <mach/thread_act.h>
#include <mach/vm_map.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>

/* Does nothing: the reply port stays the thread's (see mig_get_reply_port). */
void mig_put_reply_port(mach_port_t reply_port);

/* A generated server's demux function, NAME_server (see <mach/mig.h>). */
typedef bool (*mig_demux_t)(mach_msg_header_t *request, mach_msg_header_t *reply);

/*
 * Receives one request on rcv_name (a port or port set) into a buffer of
 * max_size bytes plus the trailer, has `demux` answer it and sends the reply.
 * max_size must hold the largest request and the largest reply. options:
 * MACH_RCV_TIMEOUT (poll), MACH_RCV_INTERRUPT, trailer requests,
 * MACH_SEND_TIMEOUT (never block on a full reply port), MACH_SEND_INTERRUPT.
 * A reply the client's port refuses (dead, full, timed out) is destroyed and
 * counts as served. Returns the receive's or the send's error, or
 * MACH_MSG_SUCCESS; KERN_INVALID_ARGUMENT for a max_size that cannot hold a
 * reply, or a mach_vm_allocate error.
 */
mach_msg_return_t mach_msg_server_once(mig_demux_t demux, mach_msg_size_t max_size,
                                       mach_port_t rcv_name, mach_msg_option_t options);
/* The same, request after request, until a receive or send fails: returns that error. */
mach_msg_return_t mach_msg_server(mig_demux_t demux, mach_msg_size_t max_size, mach_port_t rcv_name,
                                  mach_msg_option_t options);

#endif
