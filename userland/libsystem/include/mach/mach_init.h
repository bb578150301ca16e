/*
 * What a program (or a thread) sets up before it uses the Mach library.
 *
 * mach_init runs once, on the main thread, before anything else: libSystem's
 * initializer calls it; a self-contained program (the boot task, a driver, a
 * guest test) calls it first thing in main. It sets mach_task_self_ and, if
 * the thread has none, gives the main thread its thread-specific data (TSD),
 * where the MIG reply port lives. It may be called again; it changes nothing
 * then.
 *
 * Every other thread needs a TSD of its own before its first MIG call:
 * whoever starts the thread (pthread, or a program calling thread_create)
 * hands it TSD_SLOT_COUNT pointer-sized slots, zeroed, that outlive the
 * thread's use of Mach, through _thread_set_tsd_base on that thread. A thread
 * with no TSD gets MACH_PORT_DEAD from mig_get_reply_port, so its MIG calls
 * fail with MACH_SEND_INVALID_REPLY before anything is sent.
 */
#ifndef _MACH_MACH_INIT_H_
#define _MACH_MACH_INIT_H_

#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <mach/port.h>

/* XNU's layout: slot 2 holds the MIG reply port; 0..9 belong to libSystem. */
#define TSD_SLOT_COUNT 16

/* The caller's task port (a send right held for the task's life), set by mach_init. */
extern mach_port_t mach_task_self_;
#define mach_task_self() mach_task_self_
#define current_task()   mach_task_self()

int mach_init(void);

/* A new send right reference on the task's host port (host_priv for the boot task). */
mach_port_t mach_host_self(void);
/* A new send right reference on the calling thread's port. */
mach_port_t mach_thread_self(void);
/* The kernel's page size (the _host_page_size routine on `host`). */
kern_return_t host_page_size(host_t host, vm_size_t *out_page_size);

/* Makes `tsd` (TSD_SLOT_COUNT slots) the calling thread's TSD; the kernel keeps it per thread. */
void _thread_set_tsd_base(void *tsd);

#endif
