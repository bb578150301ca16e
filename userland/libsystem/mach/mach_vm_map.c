/*
 * mach_vm_map (<mach/mach_traps.h>). Anonymous memory: the kernel's trap
 * maps with maximum protection VM_PROT_ALL and the default inheritance;
 * anything narrower is applied afterwards through the task port, and the
 * region is given back if that fails, so the caller sees all or nothing.
 * A memory entry goes to the routine, which takes every argument at once.
 */
#include <mach/mach.h>

kern_return_t mach_vm_map(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t size,
                          mach_vm_offset_t mask, int flags, mem_entry_name_port_t object,
                          memory_object_offset_t offset, boolean_t copy, vm_prot_t cur_protection,
                          vm_prot_t max_protection, vm_inherit_t inheritance)
{
	if (object != MACH_PORT_NULL)
		return _kernelrpc_mach_vm_map(target, address, size, mask, flags, object, offset,
		                              copy, cur_protection, max_protection, inheritance);
	if ((cur_protection & ~max_protection) != 0)
		return KERN_INVALID_ARGUMENT;
	kern_return_t kr =
	    _kernelrpc_mach_vm_map_trap(target, address, size, mask, flags, cur_protection);
	if (kr != KERN_SUCCESS)
		return kr;
	if ((max_protection & VM_PROT_ALL) != VM_PROT_ALL)
		kr = mach_vm_protect(target, *address, size, TRUE, max_protection);
	if (kr == KERN_SUCCESS && inheritance != VM_INHERIT_DEFAULT)
		kr = mach_vm_inherit(target, *address, size, inheritance);
	if (kr != KERN_SUCCESS)
		mach_vm_deallocate(target, *address, size);
	return kr;
}
