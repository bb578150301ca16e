/*
 * The C types of MIG's standard .defs types (XNU's <mach/std_types.h>,
 * <mach/machine/vm_types.h>, <mach/boolean.h> on arm64). The interface
 * compiler knows these names; see toolchain/mig/types.c.
 */
#ifndef _MACH_STD_TYPES_H_
#define _MACH_STD_TYPES_H_

#include <stdint.h>

#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"

typedef int boolean_t;
typedef int integer_t;
typedef unsigned int natural_t;
typedef natural_t mach_msg_type_number_t;
typedef uintptr_t vm_offset_t;
typedef uintptr_t vm_address_t;
typedef uintptr_t vm_size_t;
typedef vm_offset_t pointer_t;
typedef uint64_t mach_vm_address_t;
typedef uint64_t mach_vm_size_t;

#endif
