/*
 * The C names XNU's <mach/mach_types.h> gives kernel objects and their
 * arguments in user space: every object is a port name, so these are
 * mach_port_t under another name, for readable prototypes.
 */
#ifndef _MACH_MACH_TYPES_H_
#define _MACH_MACH_TYPES_H_

#include <stdint.h>

#include <mach/port.h>
#include <mach/std_types.h>

typedef mach_port_t task_t;
typedef mach_port_t task_name_t;
typedef mach_port_t thread_t;
typedef mach_port_t thread_act_t;
typedef mach_port_t host_t;
typedef mach_port_t host_priv_t;
typedef mach_port_t semaphore_t;
typedef mach_port_t clock_serv_t;
typedef mach_port_t clock_ctrl_t;
typedef mach_port_t vm_map_t;
typedef mach_port_t ipc_space_t;
typedef mach_port_t mem_entry_name_port_t;
typedef mach_port_t memory_object_name_t;
typedef mach_port_t exception_handler_t;
typedef mach_port_t ledger_t;
typedef mach_port_t *ledger_array_t;

typedef uint64_t mach_vm_offset_t;
typedef uint64_t memory_object_offset_t;
typedef uint64_t memory_object_size_t;
typedef int clock_res_t;

typedef int thread_state_flavor_t;
typedef natural_t *thread_state_t;
typedef unsigned int exception_mask_t;
typedef int exception_behavior_t;
typedef int host_flavor_t;
typedef integer_t *host_info_t;
typedef char kernel_version_t[512];
typedef int vm_region_flavor_t;
typedef int *vm_region_info_t;
typedef int mach_port_flavor_t;
typedef integer_t *mach_port_info_t;
typedef uint32_t mach_port_mscount_t;

#endif
