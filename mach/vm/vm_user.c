/*
 * The Mach VM traps (vm/vm_user.h): argument checks as XNU's mach_vm_*
 * routines make them, then the address map (vm/vm_map.h) does the work.
 */
#include "vm/vm_user.h"

#include <stdbool.h>
#include <stddef.h>

#include "ipc/ipc_port.h"
#include "ipc/ipc_space.h"
#include "kern/task.h"
#include "kern/thread.h"
#include "mach/port.h"
#include "mach/vm_prot.h"
#include "vm/vm_map.h"

/* The flags a caller may pass; the alias byte is a tag for accounting we do not keep. */
#define VM_FLAGS_USER (VM_FLAGS_ANYWHERE | VM_FLAGS_ALIAS_MASK)

/*
 * The task that `target` (a send right in the caller's space) names, with a
 * reference that keeps its map while the trap works on it, or NULL.
 */
static struct task *target_task(mach_port_name_t target)
{
	struct task *task = NULL;
	uint64_t daif = spin_lock_irqsave(&ipc_lock);
	struct ipc_entry *e = ipc_space_lookup(current_thread()->task->itk_space, target);

	if (e && (e->type & MACH_PORT_TYPE_SEND) && e->port->kotype == IKOT_TASK &&
	    e->port->kobject) {
		task = e->port->kobject;
		task_reference(task);
	}
	spin_unlock_irqrestore(&ipc_lock, daif);
	return task;
}

/* The caller's map, through which the traps' pointer arguments are read and written. */
static struct vm_map *caller_map(void)
{
	return current_thread()->task->map;
}

/*
 * vm_map_enter_anon with the start aligned to mask + 1 (a power of two, at
 * least a page). Anywhere, it maps size plus the alignment's slack and gives
 * back what lies outside the aligned range, so the search needs a hole that
 * large but no second pass over the map.
 */
static kern_return_t vm_user_enter_aligned(struct vm_map *map, vaddr_t *addr, uint64_t size,
                                           uint64_t mask, bool anywhere, vm_prot_t cur)
{
	uint64_t rsize = round_page(size);
	uint64_t slack = mask & ~PAGE_MASK;
	vaddr_t start = *addr, aligned;
	kern_return_t kr;

	if (rsize < size)
		return KERN_INVALID_ARGUMENT;
	if (!anywhere) {
		if (trunc_page(start) & mask)
			return KERN_NO_SPACE;
		return vm_map_enter_anon(map, addr, size, false, cur, VM_PROT_ALL);
	}
	if (rsize + slack < rsize)
		return KERN_NO_SPACE;
	kr = vm_map_enter_anon(map, &start, rsize + slack, true, cur, VM_PROT_ALL);
	if (kr != KERN_SUCCESS)
		return kr;
	/* The whole range fits below VM_MAP_MAX_ADDRESS, so none of this wraps. */
	aligned = (start + mask) & ~mask;
	kr = vm_map_remove(map, start, aligned);
	if (kr == KERN_SUCCESS)
		kr = vm_map_remove(map, aligned + rsize, start + rsize + slack);
	if (kr != KERN_SUCCESS) {
		/* What is left is whole entries: removing them needs no split and cannot fail. */
		vm_map_remove(map, start, start + rsize + slack);
		return kr;
	}
	*addr = aligned;
	return KERN_SUCCESS;
}

/*
 * Reports the start of new memory at uaddr in the caller's map. If that
 * fails nobody can learn where the memory is, so it is taken back.
 */
static kern_return_t vm_user_copyout_addr(struct vm_map *map, vaddr_t uaddr, vaddr_t addr,
                                          uint64_t size)
{
	kern_return_t kr = vm_map_copyout_bytes(caller_map(), uaddr, &addr, sizeof(addr), false);

	if (kr != KERN_SUCCESS && size != 0)
		vm_map_remove(map, addr, addr + round_page(size));
	return kr;
}

kern_return_t vm_user_allocate(struct vm_map *map, vaddr_t *addr, uint64_t size, int flags)
{
	bool anywhere = flags & VM_FLAGS_ANYWHERE;

	if (flags & ~VM_FLAGS_USER)
		return KERN_INVALID_ARGUMENT;
	if (size == 0) {
		*addr = 0;
		return KERN_SUCCESS;
	}
	/* XNU searches from the bottom of the map, whatever *address held. */
	if (anywhere)
		*addr = VM_MAP_MIN_ADDRESS;
	return vm_map_enter_anon(map, addr, size, anywhere, VM_PROT_DEFAULT, VM_PROT_ALL);
}

kern_return_t vm_user_deallocate(struct vm_map *map, vaddr_t addr, uint64_t size)
{
	if (addr + size < addr)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	/* An end that rounds past the top wraps to 0, which vm_map_remove refuses. */
	return vm_map_remove(map, trunc_page(addr), round_page(addr + size));
}

kern_return_t vm_user_protect(struct vm_map *map, vaddr_t addr, uint64_t size, bool set_max,
                              vm_prot_t prot)
{
	/* VM_PROT_COPY (copy-on-write remapping) is not provided: refused with the rest. */
	if (addr + size < addr || (prot & ~VM_PROT_ALL))
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	return vm_map_protect(map, addr, addr + size, set_max, prot);
}

kern_return_t vm_user_inherit(struct vm_map *map, vaddr_t addr, uint64_t size,
                              vm_inherit_t inheritance)
{
	if (addr + size < addr || inheritance > VM_INHERIT_NONE)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	return vm_map_inherit(map, addr, addr + size, inheritance);
}

kern_return_t trap_mach_vm_allocate(struct trap_frame *tf)
{
	struct task *task = target_task((mach_port_name_t)tf->x[0]);
	vaddr_t uaddr = tf->x[1];
	uint64_t size = tf->x[2];
	vaddr_t addr;

	if (!task)
		return KERN_INVALID_TASK;
	kern_return_t kr = vm_map_copyin_bytes(caller_map(), uaddr, &addr, sizeof(addr), false);
	if (kr == KERN_SUCCESS)
		kr = vm_user_allocate(task->map, &addr, size, (int)tf->x[3]);
	if (kr == KERN_SUCCESS)
		kr = vm_user_copyout_addr(task->map, uaddr, addr, size);
	task_deallocate(task);
	return kr;
}

kern_return_t trap_mach_vm_deallocate(struct trap_frame *tf)
{
	struct task *task = target_task((mach_port_name_t)tf->x[0]);

	if (!task)
		return KERN_INVALID_TASK;
	kern_return_t kr = vm_user_deallocate(task->map, tf->x[1], tf->x[2]);
	task_deallocate(task);
	return kr;
}

kern_return_t trap_mach_vm_protect(struct trap_frame *tf)
{
	struct task *task = target_task((mach_port_name_t)tf->x[0]);

	if (!task)
		return KERN_INVALID_TASK;
	kern_return_t kr =
	    vm_user_protect(task->map, tf->x[1], tf->x[2], (int)tf->x[3] != 0, (vm_prot_t)tf->x[4]);
	task_deallocate(task);
	return kr;
}

kern_return_t trap_mach_vm_map(struct trap_frame *tf)
{
	struct task *task = target_task((mach_port_name_t)tf->x[0]);
	vaddr_t uaddr = tf->x[1];
	uint64_t size = tf->x[2];
	uint64_t mask = tf->x[3] | PAGE_MASK;
	int flags = (int)tf->x[4];
	vm_prot_t cur = (vm_prot_t)tf->x[5];
	vaddr_t addr;

	if (!task)
		return KERN_INVALID_TASK;
	kern_return_t kr = vm_map_copyin_bytes(caller_map(), uaddr, &addr, sizeof(addr), false);
	/* Unlike mach_vm_allocate, XNU's mach_vm_map refuses a zero size. */
	if (kr == KERN_SUCCESS &&
	    ((flags & ~VM_FLAGS_USER) || (cur & ~VM_PROT_ALL) || size == 0 || (mask & (mask + 1))))
		kr = KERN_INVALID_ARGUMENT;
	if (kr == KERN_SUCCESS)
		kr = vm_user_enter_aligned(task->map, &addr, size, mask, flags & VM_FLAGS_ANYWHERE,
		                           cur);
	if (kr == KERN_SUCCESS)
		kr = vm_user_copyout_addr(task->map, uaddr, addr, size);
	task_deallocate(task);
	return kr;
}

kern_return_t trap_tessera_vm_read_overwrite(struct trap_frame *tf)
{
	struct task *task = target_task((mach_port_name_t)tf->x[0]);

	if (!task)
		return KERN_INVALID_TASK;
	kern_return_t kr =
	    vm_map_copy_between(task->map, tf->x[1], caller_map(), tf->x[3], tf->x[2]);
	task_deallocate(task);
	return kr;
}

kern_return_t trap_tessera_vm_write(struct trap_frame *tf)
{
	struct task *task = target_task((mach_port_name_t)tf->x[0]);

	if (!task)
		return KERN_INVALID_TASK;
	kern_return_t kr =
	    vm_map_copy_between(caller_map(), tf->x[2], task->map, tf->x[1], tf->x[3]);
	task_deallocate(task);
	return kr;
}
