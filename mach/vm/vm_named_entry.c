#include "vm/vm_named_entry.h"

#include "ipc/ipc_kobject.h"
#include "vm/vm_kern.h"
#include "vm/vm_object.h"

struct ipc_port *vm_named_entry_create(struct vm_object *object, uint64_t offset,
                                       uint64_t size, vm_prot_t protection)
{
	struct vm_named_entry *entry = kalloc(sizeof(*entry));
	struct ipc_port *port = entry ? ipc_kobject_port_alloc(IKOT_NAMED_ENTRY, entry) : NULL;

	if (!port) {
		kfree(entry);
		return NULL;
	}
	object->shared = true;
	entry->object = object;
	entry->offset = offset;
	entry->size = size;
	entry->protection = protection;
	ipc_port_make_send(port);
	return port;
}

struct vm_named_entry *vm_named_entry_from_port(struct ipc_port *port)
{
	return port && port->kotype == IKOT_NAMED_ENTRY ? port->kobject : NULL;
}

void vm_named_entry_no_senders(struct ipc_port *port)
{
	struct vm_named_entry *entry = port->kobject;

	if (!entry)
		return;
	ipc_kobject_port_destroy(port);
	vm_object_deallocate(entry->object);
	kfree(entry);
}
