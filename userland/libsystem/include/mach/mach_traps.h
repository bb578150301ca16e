/*
 * The Mach traps as libSystem exports them, with XNU's names and argument
 * lists (userland/libsystem/mach/traps.S). Each enters the kernel once and
 * returns what the kernel returned; none retries or keeps state.
 *
 * Rights: task_self_trap, thread_self_trap (mach_thread_self) and
 * host_self_trap (mach_host_self) each add a user reference to a send right
 * the caller should release with mach_port_deallocate; mach_reply_port gives
 * a new receive right, or MACH_PORT_NULL when the space is full.
 */
#ifndef _MACH_MACH_TRAPS_H_
#define _MACH_MACH_TRAPS_H_

#include <stdint.h>

#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/port.h>
#include <mach/std_types.h>
#include <mach/vm_prot.h>

struct mach_timebase_info;

mach_port_name_t mach_reply_port(void);
mach_port_name_t task_self_trap(void);
mach_port_name_t thread_self_trap(void);
mach_port_name_t host_self_trap(void);

/* One pass through the kernel: no retry after an interruption (see mach_msg in <mach/mig.h>). */
mach_msg_return_t mach_msg_trap(mach_msg_header_t *msg, mach_msg_option_t option,
                                mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                                mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                                mach_port_name_t notify);

/* Port rights in `target`'s space (a task port; mach_task_self() for the caller's own). */
kern_return_t _kernelrpc_mach_port_allocate_trap(mach_port_name_t target, mach_port_right_t right,
                                                 mach_port_name_t *name);
kern_return_t _kernelrpc_mach_port_deallocate_trap(mach_port_name_t target, mach_port_name_t name);
kern_return_t _kernelrpc_mach_port_mod_refs_trap(mach_port_name_t target, mach_port_name_t name,
                                                 mach_port_right_t right, mach_port_delta_t delta);
kern_return_t _kernelrpc_mach_port_move_member_trap(mach_port_name_t target,
                                                    mach_port_name_t member,
                                                    mach_port_name_t after);
kern_return_t _kernelrpc_mach_port_insert_right_trap(mach_port_name_t target, mach_port_name_t name,
                                                     mach_port_name_t poly,
                                                     mach_msg_type_name_t polyPoly);
kern_return_t _kernelrpc_mach_port_insert_member_trap(mach_port_name_t target,
                                                      mach_port_name_t name, mach_port_name_t pset);
kern_return_t _kernelrpc_mach_port_extract_member_trap(mach_port_name_t target,
                                                       mach_port_name_t name,
                                                       mach_port_name_t pset);
kern_return_t _kernelrpc_mach_port_construct_trap(mach_port_name_t target,
                                                  mach_port_options_t *options, uint64_t context,
                                                  mach_port_name_t *name);
kern_return_t _kernelrpc_mach_port_destruct_trap(mach_port_name_t target, mach_port_name_t name,
                                                 mach_port_delta_t srdelta, uint64_t guard);

/* XNU's public names for the same traps. */
kern_return_t mach_port_allocate(ipc_space_t task, mach_port_right_t right, mach_port_name_t *name);
kern_return_t mach_port_deallocate(ipc_space_t task, mach_port_name_t name);
kern_return_t mach_port_mod_refs(ipc_space_t task, mach_port_name_t name, mach_port_right_t right,
                                 mach_port_delta_t delta);
kern_return_t mach_port_move_member(ipc_space_t task, mach_port_name_t member,
                                    mach_port_name_t after);
kern_return_t mach_port_insert_right(ipc_space_t task, mach_port_name_t name, mach_port_t poly,
                                     mach_msg_type_name_t polyPoly);
kern_return_t mach_port_insert_member(ipc_space_t task, mach_port_name_t name,
                                      mach_port_name_t pset);
kern_return_t mach_port_extract_member(ipc_space_t task, mach_port_name_t name,
                                       mach_port_name_t pset);
kern_return_t mach_port_construct(ipc_space_t task, mach_port_options_t *options, uint64_t context,
                                  mach_port_name_t *name);
kern_return_t mach_port_destruct(ipc_space_t task, mach_port_name_t name, mach_port_delta_t srdelta,
                                 uint64_t guard);

/* Memory in `target`'s address space. */
kern_return_t _kernelrpc_mach_vm_allocate_trap(mach_port_name_t target, mach_vm_address_t *address,
                                               mach_vm_size_t size, int flags);
kern_return_t _kernelrpc_mach_vm_deallocate_trap(mach_port_name_t target, mach_vm_address_t address,
                                                 mach_vm_size_t size);
kern_return_t _kernelrpc_mach_vm_protect_trap(mach_port_name_t target, mach_vm_address_t address,
                                              mach_vm_size_t size, boolean_t set_maximum,
                                              vm_prot_t new_protection);
/* Anonymous memory only: the trap takes no object, offset, copy, maximum or inheritance. */
kern_return_t _kernelrpc_mach_vm_map_trap(mach_port_name_t target, mach_vm_address_t *address,
                                          mach_vm_size_t size, mach_vm_offset_t mask, int flags,
                                          vm_prot_t cur_protection);

kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t size,
                               int flags);
kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size);
kern_return_t mach_vm_protect(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size,
                              boolean_t set_maximum, vm_prot_t new_protection);
/* vm_address_t is 64 bits on arm64: these are the mach_vm_ calls under their old names. */
kern_return_t vm_allocate(vm_map_t target, vm_address_t *address, vm_size_t size, int flags);
kern_return_t vm_deallocate(vm_map_t target, vm_address_t address, vm_size_t size);
kern_return_t vm_protect(vm_map_t target, vm_address_t address, vm_size_t size,
                         boolean_t set_maximum, vm_prot_t new_protection);

/*
 * mach_vm_map of anonymous memory (object MACH_PORT_NULL): the trap, then
 * mach_vm_protect and mach_vm_inherit for a maximum protection other than
 * VM_PROT_ALL or an inheritance other than VM_INHERIT_DEFAULT. With a memory
 * entry (object, from mach_make_memory_entry_64) it is the routine
 * _kernelrpc_mach_vm_map: the entry's memory shared, or a private copy of it
 * (copy); offset and copy only matter with an object.
 */
kern_return_t mach_vm_map(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t size,
                          mach_vm_offset_t mask, int flags, mem_entry_name_port_t object,
                          memory_object_offset_t offset, boolean_t copy, vm_prot_t cur_protection,
                          vm_prot_t max_protection, vm_inherit_t inheritance);

/* Semaphores (made by semaphore_create on a task port). */
kern_return_t semaphore_signal_trap(mach_port_name_t signal_name);
kern_return_t semaphore_signal_all_trap(mach_port_name_t signal_name);
kern_return_t semaphore_wait_trap(mach_port_name_t wait_name);
kern_return_t semaphore_wait_signal_trap(mach_port_name_t wait_name, mach_port_name_t signal_name);
kern_return_t semaphore_timedwait_trap(mach_port_name_t wait_name, unsigned int sec,
                                       clock_res_t nsec);
kern_return_t semaphore_timedwait_signal_trap(mach_port_name_t wait_name,
                                              mach_port_name_t signal_name, unsigned int sec,
                                              clock_res_t nsec);

/*
 * Giving up the processor. thread_switch: options in <mach/thread_switch.h>;
 * thread_name, a thread to run next if it is ready. swtch and swtch_pri
 * (which lowers the caller's priority while others run, for one time slice)
 * return whether other threads are still ready to run.
 */
kern_return_t thread_switch(mach_port_name_t thread_name, int option,
                            mach_msg_timeout_t option_time);
boolean_t swtch_pri(int pri);
boolean_t swtch(void);

/* mach_timebase_info's trap (<mach/mach_time.h> has the public calls, mk_timer.h the timers). */
kern_return_t mach_timebase_info_trap(struct mach_timebase_info *info);

#endif
