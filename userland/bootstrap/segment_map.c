#include "userland/bootstrap/segment_map.h"

#define WRITE_CHUNK (1u << 20) /* bytes per mach_vm_write, so one message stays bounded */

kern_return_t segment_map(task_t task, const uint8_t *file, const struct macho_segment *seg)
{
	struct macho_load_step step;

	macho_plan_segment(file, seg, &step);
	mach_vm_address_t address = step.map_start;
	kern_return_t kr = mach_vm_allocate(task, &address, step.map_size, VM_FLAGS_FIXED);
	/* The rest of the segment is demand-zero memory already. */
	for (uint64_t at = 0; kr == KERN_SUCCESS && at < step.copy_size; at += WRITE_CHUNK) {
		uint64_t n = step.copy_size - at < WRITE_CHUNK ? step.copy_size - at : WRITE_CHUNK;
		kr = mach_vm_write(task, step.map_start + at, step.src + at,
		                   (mach_msg_type_number_t)n);
	}
	if (kr == KERN_SUCCESS)
		kr = mach_vm_protect(task, step.map_start, step.map_size, true,
		                     (vm_prot_t)seg->maxprot);
	if (kr == KERN_SUCCESS)
		kr = mach_vm_protect(task, step.map_start, step.map_size, false,
		                     (vm_prot_t)step.prot);
	return kr;
}
