/* Flags of vm_allocate, mach_vm_allocate and mach_vm_map (XNU's <mach/vm_statistics.h>). */
#ifndef _MACH_VM_STATISTICS_H_
#define _MACH_VM_STATISTICS_H_

#define VM_FLAGS_FIXED    0x0000 /* at the address given, which must be free */
#define VM_FLAGS_ANYWHERE 0x0001 /* wherever there is room; the address is a hint */

#endif
