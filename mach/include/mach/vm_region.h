/* mach_vm_region's basic flavor, as XNU's <mach/vm_region.h> lays it out (4-byte packing). */
#ifndef _MACH_VM_REGION_H_
#define _MACH_VM_REGION_H_

#include <stdint.h>

#include "mach/vm_prot.h"

#define VM_REGION_BASIC_INFO_64       9
#define VM_REGION_BASIC_INFO_COUNT_64 9 /* 32-bit words */

typedef struct vm_region_basic_info_64 {
	vm_prot_t protection;
	vm_prot_t max_protection;
	vm_inherit_t inheritance;
	uint32_t shared;   /* boolean_t */
	uint32_t reserved; /* boolean_t */
	uint64_t offset;   /* memory_object_offset_t */
	int32_t behavior;  /* vm_behavior_t */
	uint16_t user_wired_count;
} __attribute__((packed, aligned(4))) vm_region_basic_info_data_64_t;

#endif
