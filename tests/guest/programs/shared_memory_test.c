/*
 * Shared memory: memory entries (mach_make_memory_entry_64) for new memory,
 * for memory already mapped and for part of another entry, mapped by
 * mach_vm_map shared or as a private copy, here and in a child task; and
 * VM_INHERIT_SHARE, where task_create's child shares a range with its parent
 * while the rest is copied. Every write is checked from the other side.
 * Returns 0 when every check passes.
 */
#include <stddef.h>

#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define PAGE                   4096u
#define MACH_VM_INHERIT        4803
#define MACH_VM_WRITE          4806
#define MACH_VM_READ_OVERWRITE 4808
#define MACH_VM_MAP            4811
#define MAKE_MEMORY_ENTRY_64   3825
#define MAP_MEM_NAMED_CREATE   0x020000

static uint32_t task, reply;

union msg {
	mig_reply_error_t error;
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		int32_t RetCode;
		uint32_t value[2]; /* a 64-bit value at a 4-byte offset */
	} value;
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t port;
		uint32_t NDR[2];
		uint32_t size[2];
	} entry;
	unsigned char room[512];
};

static int call(uint32_t target, void *req, uint32_t size, union msg *m)
{
	mach_msg_header_t *h = req;
	h->msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_remote_port = target;
	h->msgh_local_port = reply;
	if (mach_msg(req, MACH_SEND_MSG, size, 0, 0, 0, 0) != MACH_MSG_SUCCESS)
		return -1;
	if (mach_msg(m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*m), reply, 1000, 0) !=
	    MACH_MSG_SUCCESS)
		return -1;
	return (m->error.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ? KERN_SUCCESS : m->error.RetCode;
}

static uint64_t value64(const union msg *m)
{
	return m->value.value[0] | (uint64_t)m->value.value[1] << 32;
}

/* mach_make_memory_entry_64: the entry's port in *entry. */
static int make_entry(uint32_t target, uint64_t size, uint64_t offset, int permission,
                      uint32_t parent, uint32_t *entry)
{
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t parent;
		uint32_t NDR[2];
		uint64_t size, offset;
		int32_t permission;
	} __attribute__((packed, aligned(4)))
	req = {.Head = {.msgh_bits = MACH_MSGH_BITS_COMPLEX, .msgh_id = MAKE_MEMORY_ENTRY_64},
	       .body = {1},
	       .parent = {.name = parent,
	                  .disposition = MACH_MSG_TYPE_COPY_SEND,
	                  .type = MACH_MSG_PORT_DESCRIPTOR},
	       .NDR = {0, 1},
	       .size = size,
	       .offset = offset,
	       .permission = permission};
	union msg m;
	int kr = call(target, &req, sizeof(req), &m);
	if (kr == KERN_SUCCESS)
		*entry = m.entry.port.name;
	return kr;
}

/* mach_vm_map with a memory entry (or none), anywhere. */
static int vm_map_entry(uint32_t target, uint64_t *address, uint64_t size, uint32_t entry,
                        uint64_t offset, int copy, int prot, int inheritance)
{
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t object;
		uint32_t NDR[2];
		uint64_t address, size, mask;
		int32_t flags;
		uint64_t offset;
		int32_t copy, cur, max;
		uint32_t inheritance;
	} __attribute__((packed, aligned(4)))
	req = {.Head = {.msgh_bits = MACH_MSGH_BITS_COMPLEX, .msgh_id = MACH_VM_MAP},
	       .body = {1},
	       .object = {.name = entry,
	                  .disposition = MACH_MSG_TYPE_COPY_SEND,
	                  .type = MACH_MSG_PORT_DESCRIPTOR},
	       .NDR = {0, 1},
	       .size = size,
	       .flags = VM_FLAGS_ANYWHERE,
	       .offset = offset,
	       .copy = copy,
	       .cur = prot,
	       .max = prot,
	       .inheritance = (uint32_t)inheritance};
	union msg m;
	int kr = call(target, &req, sizeof(req), &m);
	if (kr == KERN_SUCCESS)
		*address = value64(&m);
	return kr;
}

/* The first 8 bytes at `address` in `target` (mach_vm_read_overwrite). */
static uint64_t peek(uint32_t target, uint64_t address)
{
	uint64_t out = ~0ull;
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		uint64_t address, size, data;
	} __attribute__((packed, aligned(4))) req = {.Head = {.msgh_id = MACH_VM_READ_OVERWRITE},
	                                             .NDR = {0, 1},
	                                             .address = address,
	                                             .size = 8,
	                                             .data = (uint64_t)&out};
	union msg m;
	call(target, &req, sizeof(req), &m);
	return out;
}

/* Writes 8 bytes at `address` in `target` (mach_vm_write). */
static int poke(uint32_t target, uint64_t address, uint64_t value)
{
	static uint64_t data;
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_ool_descriptor64_t data;
		uint32_t NDR[2];
		uint64_t address;
		uint32_t count;
	} __attribute__((packed, aligned(4)))
	req = {.Head = {.msgh_bits = MACH_MSGH_BITS_COMPLEX, .msgh_id = MACH_VM_WRITE},
	       .body = {1},
	       .NDR = {0, 1},
	       .address = address,
	       .count = 8};
	union msg m;

	data = value;
	req.data.address = (uint64_t)&data;
	req.data.size = 8;
	req.data.copy = MACH_MSG_VIRTUAL_COPY;
	req.data.type = MACH_MSG_OOL_DESCRIPTOR;
	return call(target, &req, sizeof(req), &m);
}

static int set_inherit(uint64_t address, uint64_t size, int inheritance)
{
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		uint64_t address, size;
		int32_t inheritance;
	} __attribute__((packed, aligned(4))) req = {.Head = {.msgh_id = MACH_VM_INHERIT},
	                                             .NDR = {0, 1},
	                                             .address = address,
	                                             .size = size,
	                                             .inheritance = inheritance};
	union msg m;
	return call(task, &req, sizeof(req), &m);
}

static volatile uint64_t *at(uint64_t address)
{
	return (volatile uint64_t *)address;
}

int main(void)
{
	uint32_t entry, sub, existing, child;
	uint64_t a = 0, b = 0, c = 0, d = 0, e = 0, remote = 0;

	task = task_self();
	reply = mach_reply_port();

	/* 1: new memory, mapped twice here: one mapping's writes are the other's. */
	CHECK(1, make_entry(task, 3 * PAGE, 0, MAP_MEM_NAMED_CREATE | VM_PROT_DEFAULT, 0, &entry) ==
	             KERN_SUCCESS);
	CHECK(1, vm_map_entry(task, &a, 3 * PAGE, entry, 0, 0, VM_PROT_DEFAULT, 1) == KERN_SUCCESS);
	CHECK(1,
	      vm_map_entry(task, &b, 2 * PAGE, entry, PAGE, 0, VM_PROT_DEFAULT, 1) == KERN_SUCCESS);
	*at(a + PAGE) = 0x1111;
	CHECK(1, *at(b) == 0x1111);
	*at(b + PAGE + 8) = 0x2222;
	CHECK(1, *at(a + 2 * PAGE + 8) == 0x2222);

	/* 2: a private copy sees the memory as it was and keeps it. */
	CHECK(2, vm_map_entry(task, &c, 3 * PAGE, entry, 0, 1, VM_PROT_DEFAULT, 1) == KERN_SUCCESS);
	CHECK(2, *at(c + PAGE) == 0x1111);
	*at(a + PAGE) = 0x3333;
	CHECK(2, *at(c + PAGE) == 0x1111);
	*at(c) = 0x4444;
	CHECK(2, *at(a) == 0);

	/* 3: shared with a child task, both ways. */
	child = task_create_simple(task, reply, 0);
	CHECK(3, MACH_PORT_VALID(child));
	CHECK(3, vm_map_entry(child, &remote, 3 * PAGE, entry, 0, 0, VM_PROT_DEFAULT, 1) ==
	             KERN_SUCCESS);
	CHECK(3, peek(child, remote + PAGE) == 0x3333);
	CHECK(3, poke(child, remote + 16, 0x5555) == KERN_SUCCESS);
	CHECK(3, *at(a + 16) == 0x5555);

	/* 4: an entry for memory already mapped here, and one for part of another entry. */
	CHECK(4, mach_vm_allocate(task, &d, 2 * PAGE, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	*at(d + PAGE) = 0x6666;
	CHECK(4, make_entry(task, 2 * PAGE, d, VM_PROT_DEFAULT, 0, &existing) == KERN_SUCCESS);
	CHECK(4,
	      vm_map_entry(task, &e, 2 * PAGE, existing, 0, 0, VM_PROT_DEFAULT, 1) == KERN_SUCCESS);
	CHECK(4, *at(e + PAGE) == 0x6666);
	*at(e) = 0x7777;
	CHECK(4, *at(d) == 0x7777);
	CHECK(4, make_entry(task, PAGE, PAGE, VM_PROT_READ, entry, &sub) == KERN_SUCCESS);
	uint64_t f = 0;
	CHECK(4, vm_map_entry(task, &f, PAGE, sub, 0, 0, VM_PROT_READ, 1) == KERN_SUCCESS);
	CHECK(4, *at(f) == 0x3333);

	/* 5: what an entry does not cover or allow is refused. */
	uint64_t g = 0;
	CHECK(5, vm_map_entry(task, &g, 2 * PAGE, sub, 0, 0, VM_PROT_READ, 1) ==
	             KERN_INVALID_ARGUMENT);
	CHECK(5, vm_map_entry(task, &g, PAGE, sub, 0, 0, VM_PROT_DEFAULT, 1) ==
	             KERN_PROTECTION_FAILURE);
	CHECK(5,
	      vm_map_entry(task, &g, PAGE, task, 0, 0, VM_PROT_READ, 1) == KERN_INVALID_ARGUMENT);
	CHECK(5, make_entry(task, PAGE, 0x10000000, VM_PROT_READ, 0, &sub) == KERN_INVALID_ADDRESS);
	CHECK(5, make_entry(task, 4 * PAGE, 0, VM_PROT_READ, entry, &sub) == KERN_INVALID_ARGUMENT);

	/* 6: VM_INHERIT_SHARE: the child of task_create shares d's range; the rest is copied. */
	CHECK(6, set_inherit(d, 2 * PAGE, VM_INHERIT_SHARE) == KERN_SUCCESS);
	uint32_t twin = task_create_simple(task, reply, 1);
	CHECK(6, MACH_PORT_VALID(twin));
	*at(d + 8) = 0x8888; /* shared: the twin sees it */
	*at(c + 8) = 0x9999; /* copied at fork: the twin does not */
	CHECK(6, peek(twin, d + 8) == 0x8888 && peek(twin, c + 8) == 0);
	CHECK(6, poke(twin, d + PAGE + 8, 0xaaaa) == KERN_SUCCESS && *at(d + PAGE + 8) == 0xaaaa);

	/* 7: a shared range inherited by copy is the child's own from then on. */
	CHECK(7, set_inherit(d, 2 * PAGE, VM_INHERIT_COPY) == KERN_SUCCESS);
	uint32_t third = task_create_simple(task, reply, 1);
	CHECK(7, MACH_PORT_VALID(third));
	*at(d + 8) = 0xbbbb;
	CHECK(7, peek(third, d + 8) == 0x8888 && peek(twin, d + 8) == 0xbbbb);

	kernel_request(third, TASK_TERMINATE);
	kernel_request(twin, TASK_TERMINATE);
	kernel_request(child, TASK_TERMINATE);
	mach_port_deallocate(task, third);
	mach_port_deallocate(task, twin);
	mach_port_deallocate(task, child);
	mach_port_deallocate(task, entry);
	mach_port_deallocate(task, existing);
	mach_port_deallocate(task, sub);
	/* 8: the memory outlives its entries while mapped. */
	CHECK(8, *at(b) == 0x3333 && *at(e + PAGE) == 0x6666);
	return 0;
}
