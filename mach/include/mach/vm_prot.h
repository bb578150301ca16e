/* vm_prot_t and vm_inherit_t, as XNU's <mach/vm_prot.h> and <mach/vm_inherit.h> define them. */
#ifndef _MACH_VM_PROT_H_
#define _MACH_VM_PROT_H_

typedef int vm_prot_t;

#define VM_PROT_NONE    ((vm_prot_t)0x00)
#define VM_PROT_READ    ((vm_prot_t)0x01)
#define VM_PROT_WRITE   ((vm_prot_t)0x02)
#define VM_PROT_EXECUTE ((vm_prot_t)0x04)
#define VM_PROT_DEFAULT (VM_PROT_READ | VM_PROT_WRITE)
#define VM_PROT_ALL     (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)

typedef unsigned int vm_inherit_t;

#define VM_INHERIT_SHARE   ((vm_inherit_t)0)
#define VM_INHERIT_COPY    ((vm_inherit_t)1)
#define VM_INHERIT_NONE    ((vm_inherit_t)2)
#define VM_INHERIT_DEFAULT VM_INHERIT_COPY

#endif
