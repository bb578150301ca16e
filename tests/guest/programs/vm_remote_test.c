/*
 * Another task's memory through its task port: the mach_vm routines
 * (allocate, write, read, read_overwrite, copy, region, protect, inherit,
 * deallocate) and the VM traps on a child task, with the contents checked
 * byte for byte; inheritance seen by a grandchild; malformed and hostile
 * requests; copies that cross pages on both sides, land on copy-on-write
 * pages, read untouched pages or overlap, and errors that leave the
 * destination untouched; the same through Tessera's copy traps. Returns 0
 * when every check passes.
 */
#include <stddef.h>

#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "mach/tessera_vm_copy.h"
#include "mach/vm_region.h"
#include "threads.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define PAGE 4096u

#define MACH_VM_ALLOCATE       4800
#define MACH_VM_DEALLOCATE     4801
#define MACH_VM_PROTECT        4802
#define MACH_VM_INHERIT        4803
#define MACH_VM_READ           4804
#define MACH_VM_WRITE          4806
#define MACH_VM_COPY           4807
#define MACH_VM_READ_OVERWRITE 4808
#define MACH_VM_REGION         4816

#pragma pack(push, 4)
struct request { /* every simple mach_vm request: up to three 64-bit words and two ints */
	mach_msg_header_t Head;
	uint32_t NDR[2];
	uint64_t w[3];
	int32_t i[2];
};

struct write_request {
	mach_msg_header_t Head;
	mach_msg_body_t body;
	mach_msg_ool_descriptor64_t data;
	uint32_t NDR[2];
	uint64_t address;
	uint32_t dataCnt;
};

union reply {
	mig_reply_error_t error;
	struct {
		mach_msg_header_t Head;
		uint32_t NDR[2];
		int32_t RetCode;
		uint64_t value;
	} value;
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_ool_descriptor64_t data;
		uint32_t NDR[2];
		uint32_t dataCnt;
	} read;
	struct {
		mach_msg_header_t Head;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t object_name;
		uint32_t NDR[2];
		uint64_t address;
		uint64_t size;
		uint32_t infoCnt;
		vm_region_basic_info_data_64_t info;
	} region;
	unsigned char room[256];
};
#pragma pack(pop)

static uint32_t task, reply;
static unsigned char pages[4 * PAGE] __attribute__((aligned(PAGE)));
static unsigned char local[4 * PAGE];
static unsigned char landing[3 * PAGE] __attribute__((aligned(PAGE)));

/* Sends a request to `target` and receives the reply; its RetCode (or the send's error). */
static int call(uint32_t target, void *req, uint32_t size, union reply *r)
{
	mach_msg_header_t *h = req;
	h->msgh_bits |= MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_remote_port = target;
	h->msgh_local_port = reply;
	int mr = mach_msg(req, MACH_SEND_MSG, size, 0, 0, 0, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	mr = mach_msg(r, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(*r), reply, 1000, 0);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (r->error.Head.msgh_id != h->msgh_id + 100)
		return -1;
	return (r->error.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ? KERN_SUCCESS : r->error.RetCode;
}

/* A simple request of `words` 64-bit words then `ints` ints. */
static int simple(uint32_t target, int id, int words, const uint64_t *w, int ints, const int32_t *i,
                  union reply *r)
{
	struct request req = {.Head.msgh_id = id, .NDR = {0, 1}};
	unsigned char *at = (unsigned char *)req.w;

	for (int k = 0; k < words; k++, at += 8)
		__builtin_memcpy(at, &w[k], 8);
	for (int k = 0; k < ints; k++, at += 4)
		__builtin_memcpy(at, &i[k], 4);
	return call(target, &req, (uint32_t)(at - (unsigned char *)&req), r);
}

static int vm_allocate_in(uint32_t target, uint64_t *address, uint64_t size, int flags)
{
	union reply r;
	int kr = simple(target, MACH_VM_ALLOCATE, 2, (uint64_t[]){*address, size}, 1, &flags, &r);
	if (kr == KERN_SUCCESS)
		*address = r.value.value;
	return kr;
}

static int vm_write_to(uint32_t target, uint64_t address, const void *data, uint32_t size,
                       uint32_t count)
{
	struct write_request req = {.Head.msgh_bits = MACH_MSGH_BITS_COMPLEX,
	                            .Head.msgh_id = MACH_VM_WRITE,
	                            .body.msgh_descriptor_count = 1,
	                            .NDR = {0, 1},
	                            .address = address,
	                            .dataCnt = count};
	union reply r;

	req.data.address = (uint64_t)data;
	req.data.size = size;
	req.data.copy = MACH_MSG_VIRTUAL_COPY;
	req.data.type = MACH_MSG_OOL_DESCRIPTOR;
	return call(target, &req, sizeof(req), &r);
}

/* mach_vm_read: the data is mapped into our space; we compare and give it back. */
static int vm_read_matches(uint32_t target, uint64_t address, const unsigned char *expect,
                           uint32_t size)
{
	union reply r;
	int kr = simple(target, MACH_VM_READ, 2, (uint64_t[]){address, size}, 0, NULL, &r);
	if (kr != KERN_SUCCESS)
		return kr;
	if (r.read.dataCnt != size || r.read.data.size != size)
		return -2;
	const unsigned char *got = (const unsigned char *)r.read.data.address;
	for (uint32_t k = 0; k < size; k++)
		if (got[k] != expect[k])
			return -3;
	mach_vm_deallocate(task, r.read.data.address, size);
	return KERN_SUCCESS;
}

static int vm_read_overwrite_from(uint32_t target, uint64_t address, uint64_t size, void *to)
{
	union reply r;
	int kr = simple(target, MACH_VM_READ_OVERWRITE, 3,
	                (uint64_t[]){address, size, (uint64_t)to}, 0, NULL, &r);
	if (kr == KERN_SUCCESS && r.value.value != size)
		return -2;
	return kr;
}

static int vm_region_of(uint32_t target, uint64_t *address, uint64_t *size,
                        vm_region_basic_info_data_64_t *info)
{
	union reply r;
	int32_t ints[2] = {VM_REGION_BASIC_INFO_64, VM_REGION_BASIC_INFO_COUNT_64};
	int kr = simple(target, MACH_VM_REGION, 1, address, 2, ints, &r);
	if (kr != KERN_SUCCESS)
		return kr;
	if (r.region.infoCnt != VM_REGION_BASIC_INFO_COUNT_64 ||
	    r.region.object_name.name != MACH_PORT_NULL)
		return -2;
	*address = r.region.address;
	*size = r.region.size;
	*info = r.region.info;
	return KERN_SUCCESS;
}

static int same(const unsigned char *a, const unsigned char *b, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++)
		if (a[k] != b[k])
			return 0;
	return 1;
}

static void fill(unsigned char *p, unsigned char value, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++)
		p[k] = value;
}

static int all(const unsigned char *p, unsigned char value, uint32_t n)
{
	for (uint32_t k = 0; k < n; k++)
		if (p[k] != value)
			return 0;
	return 1;
}

/*
 * 10-14: copies straight from page to page (mach_vm_read_overwrite,
 * mach_vm_write, mach_vm_copy). c: four fresh pages in `child`, the first
 * two written with `pages`, the last one unmapped.
 */
static int check_page_copies(uint32_t child)
{
	union reply r;
	uint64_t c = 0;

	CHECK(10, vm_allocate_in(child, &c, 4 * PAGE, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	CHECK(10, simple(child, MACH_VM_DEALLOCATE, 2, (uint64_t[]){c + 3 * PAGE, PAGE}, 0, NULL,
	                 &r) == KERN_SUCCESS);
	CHECK(10, vm_write_to(child, c, pages, 2 * PAGE, 2 * PAGE) == KERN_SUCCESS);

	/* 10: across pages on both sides at different offsets, into a page never touched. */
	fill(landing, 0xaa, sizeof(landing));
	CHECK(10, vm_read_overwrite_from(child, c + PAGE - 50, PAGE + 100, landing + 70) ==
	              KERN_SUCCESS);
	CHECK(10, landing[69] == 0xaa && same(landing + 70, pages + PAGE - 50, PAGE + 50) &&
	              all(landing + 70 + PAGE + 50, 0, 50) && landing[70 + PAGE + 100] == 0xaa);
	fill(landing, 0xaa, PAGE);
	CHECK(10,
	      vm_read_overwrite_from(child, c + 2 * PAGE + 1, PAGE - 1, landing) == KERN_SUCCESS);
	CHECK(10, all(landing, 0, PAGE - 1) && landing[PAGE - 1] == 0xaa);

	/* 11: into copy-on-write pages: a grandchild's copies and writes stay its own. */
	uint32_t grandchild = task_create_simple(child, reply, 1);
	CHECK(11, MACH_PORT_VALID(grandchild));
	CHECK(11, vm_write_to(grandchild, c + 10, "grandchild", 10, 10) == KERN_SUCCESS);
	CHECK(11,
	      simple(grandchild, MACH_VM_COPY, 3, (uint64_t[]){c + PAGE, 300, c + 2 * PAGE - 100},
	             0, NULL, &r) == KERN_SUCCESS);
	fill(landing, 0xaa, PAGE);
	CHECK(11, vm_write_to(grandchild, c + PAGE, landing, PAGE, PAGE) == KERN_SUCCESS);
	CHECK(11, vm_read_overwrite_from(grandchild, c, 3 * PAGE, local) == KERN_SUCCESS);
	CHECK(11, same(local + 10, (const unsigned char *)"grandchild", 10) &&
	              same(local + 20, pages + 20, PAGE - 20));
	CHECK(11, all(local + PAGE, 0xaa, PAGE) &&
	              same(local + 2 * PAGE, pages + PAGE + 100, 200) &&
	              all(local + 2 * PAGE + 200, 0, PAGE - 200));
	CHECK(11, vm_read_matches(child, c, pages, 2 * PAGE) == KERN_SUCCESS);
	CHECK(11, vm_read_overwrite_from(child, c + 2 * PAGE, PAGE, local) == KERN_SUCCESS &&
	              all(local, 0, PAGE));
	kernel_request(grandchild, TASK_TERMINATE);
	mach_port_deallocate(task, grandchild);

	/* 12: read_overwrite into our own copy-on-write page: a child of ours keeps the old bytes.
	 */
	fill(landing, 0x55, sizeof(landing));
	uint32_t copy = task_create_simple(task, reply, 1);
	CHECK(12, MACH_PORT_VALID(copy));
	CHECK(12, vm_read_overwrite_from(child, c, 2 * PAGE, landing + 8) == KERN_SUCCESS);
	CHECK(12, same(landing + 8, pages, 2 * PAGE) && landing[7] == 0x55);
	CHECK(12, vm_read_overwrite_from(copy, (uint64_t)landing, sizeof(landing), local) ==
	              KERN_SUCCESS);
	CHECK(12, all(local, 0x55, sizeof(landing)));
	kernel_request(copy, TASK_TERMINATE);
	mach_port_deallocate(task, copy);

	/* 13: overlapping ranges in one task (here our own), upwards and downwards, as memmove. */
	for (uint32_t k = 0; k < sizeof(landing); k++)
		landing[k] = (unsigned char)(k * 13 + 1);
	CHECK(13, vm_read_overwrite_from(task, (uint64_t)landing, 2 * PAGE, landing + 100) ==
	              KERN_SUCCESS);
	for (uint32_t k = 0; k < 2 * PAGE; k++)
		CHECK(13, landing[100 + k] == (unsigned char)(k * 13 + 1));
	CHECK(13, vm_read_overwrite_from(task, (uint64_t)landing + 100, 2 * PAGE, landing + 1) ==
	              KERN_SUCCESS);
	for (uint32_t k = 0; k < 2 * PAGE; k++)
		CHECK(13, landing[1 + k] == (unsigned char)(k * 13 + 1));

	/*
	 * 14: an unmapped or protected page, first or later, on either side: the
	 * error, and nothing copied (XNU copies the source in whole before it
	 * overwrites, and checks the whole destination first).
	 */
	fill(landing, 0x55, sizeof(landing));
	CHECK(14, vm_read_overwrite_from(child, c + 3 * PAGE, 16, landing) == KERN_INVALID_ADDRESS);
	CHECK(14, vm_read_overwrite_from(child, c + 2 * PAGE + 100, PAGE, landing) ==
	              KERN_INVALID_ADDRESS);
	CHECK(14, simple(child, MACH_VM_COPY, 3, (uint64_t[]){c, 2 * PAGE, c + PAGE + 8}, 0, NULL,
	                 &r) == KERN_INVALID_ADDRESS);
	CHECK(14, vm_write_to(child, c + 3 * PAGE - 10, landing, 20, 20) == KERN_INVALID_ADDRESS);
	CHECK(14, vm_write_to(child, c + 2 * PAGE, landing, 2 * PAGE, 2 * PAGE) ==
	              KERN_INVALID_ADDRESS);
	CHECK(14, vm_read_overwrite_from(child, c + 2 * PAGE, PAGE, local) == KERN_SUCCESS &&
	              all(local, 0, PAGE));
	CHECK(14, simple(child, MACH_VM_PROTECT, 2, (uint64_t[]){c + 2 * PAGE, PAGE}, 2,
	                 (int32_t[]){0, VM_PROT_NONE}, &r) == KERN_SUCCESS);
	CHECK(14,
	      vm_read_overwrite_from(child, c + 2 * PAGE, 16, landing) == KERN_PROTECTION_FAILURE);
	CHECK(14, vm_read_overwrite_from(child, c + PAGE + 100, PAGE, landing) ==
	              KERN_PROTECTION_FAILURE);
	CHECK(14, all(landing, 0x55, sizeof(landing)));
	CHECK(14,
	      vm_write_to(child, c + 2 * PAGE - 10, landing, 20, 20) == KERN_PROTECTION_FAILURE);
	CHECK(14,
	      vm_write_to(child, c + PAGE, landing, 2 * PAGE, 2 * PAGE) == KERN_PROTECTION_FAILURE);
	CHECK(14, vm_read_matches(child, c, pages, 2 * PAGE) == KERN_SUCCESS);
	/* Our side: two pages, the second read-only, then gone. */
	uint64_t mine = 0;
	CHECK(14, mach_vm_allocate(task, &mine, 2 * PAGE, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	CHECK(14, mach_vm_protect(task, mine + PAGE, PAGE, 0, VM_PROT_READ) == KERN_SUCCESS);
	CHECK(14, vm_read_overwrite_from(child, c, 200, (void *)(mine + PAGE - 100)) ==
	              KERN_PROTECTION_FAILURE);
	CHECK(14, vm_read_overwrite_from(child, c, 16, (void *)(mine + PAGE)) ==
	              KERN_PROTECTION_FAILURE);
	CHECK(14, all((const unsigned char *)mine, 0, 2 * PAGE));
	CHECK(14, mach_vm_deallocate(task, mine + PAGE, PAGE) == KERN_SUCCESS);
	CHECK(14, vm_read_overwrite_from(child, c, 200, (void *)(mine + PAGE - 100)) ==
	              KERN_INVALID_ADDRESS);
	CHECK(14, all((const unsigned char *)mine, 0, PAGE));
	CHECK(14, mach_vm_deallocate(task, mine, PAGE) == KERN_SUCCESS);
	CHECK(14, simple(child, MACH_VM_DEALLOCATE, 2, (uint64_t[]){c, 3 * PAGE}, 0, NULL, &r) ==
	              KERN_SUCCESS);
	return 0;
}

/* Tessera's copy traps: mach_vm_read_overwrite and mach_vm_write without the message. */
static int read_trap(uint32_t target, uint64_t address, uint64_t size, void *to)
{
	return (int)trap6(-TESSERA_VM_READ_OVERWRITE_TRAP, target, address, size, (uint64_t)to, 0,
	                  0);
}

static int write_trap(uint32_t target, uint64_t address, const void *from, uint64_t size)
{
	return (int)trap6(-TESSERA_VM_WRITE_TRAP, target, address, (uint64_t)from, size, 0, 0);
}

/* 15: the copy traps on two pages of `child` (the second read-only), both ways and refused. */
static int check_copy_traps(uint32_t child)
{
	union reply r;
	uint64_t c = 0;

	CHECK(15, vm_allocate_in(child, &c, 2 * PAGE, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	CHECK(15, write_trap(child, c + PAGE - 100, pages, 200) == KERN_SUCCESS);
	fill(landing, 0xaa, PAGE);
	CHECK(15, read_trap(child, c + PAGE - 150, 300, landing + 1) == KERN_SUCCESS);
	CHECK(15, landing[0] == 0xaa && all(landing + 1, 0, 50) && same(landing + 51, pages, 200) &&
	              all(landing + 251, 0, 50) && landing[301] == 0xaa);
	CHECK(15, read_trap(child, c, 0, (void *)0x10) == KERN_SUCCESS &&
	              write_trap(child, 0x10, pages, 0) == KERN_SUCCESS);
	CHECK(15, simple(child, MACH_VM_PROTECT, 2, (uint64_t[]){c + PAGE, PAGE}, 2,
	                 (int32_t[]){0, VM_PROT_READ}, &r) == KERN_SUCCESS);
	CHECK(15, write_trap(child, c + PAGE - 4, "abcdefgh", 8) == KERN_PROTECTION_FAILURE);
	CHECK(15, write_trap(child, c + 2 * PAGE, "abcdefgh", 8) == KERN_INVALID_ADDRESS);
	CHECK(15, write_trap(child, c, (void *)0x10, 8) == KERN_INVALID_ADDRESS);
	CHECK(15, read_trap(child, c + PAGE, 8, (void *)0x10) == KERN_INVALID_ADDRESS);
	CHECK(15, read_trap(child, c + 2 * PAGE - 4, 8, landing) == KERN_INVALID_ADDRESS);
	CHECK(15, read_trap(child, ~0ull - 4, 8, landing) == KERN_INVALID_ADDRESS);
	CHECK(15, read_trap(reply, c, 8, landing) == KERN_INVALID_TASK);
	CHECK(15, write_trap(0x12345, c, landing, 8) == KERN_INVALID_TASK);
	CHECK(15, read_trap(child, c + PAGE - 100, 200, local) == KERN_SUCCESS &&
	              same(local, pages, 200));
	CHECK(15, simple(child, MACH_VM_DEALLOCATE, 2, (uint64_t[]){c, 2 * PAGE}, 0, NULL, &r) ==
	              KERN_SUCCESS);
	return 0;
}

/*
 * 16: copies in our own map between the two parts of an entry whose first
 * page went copy-on-write into a message: that page's object now shadows the
 * object the rest of the entry still maps.
 */
static int check_split_entry(void)
{
	union reply r;
	uint64_t m = 0;

	CHECK(16, mach_vm_allocate(task, &m, 4 * PAGE, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	unsigned char *p = (unsigned char *)m;
	for (uint32_t k = 0; k < PAGE; k++)
		p[k] = (unsigned char)(k * 5 + 2);
	CHECK(16, vm_write_to(task, m + 3 * PAGE, p, PAGE, PAGE) == KERN_SUCCESS);
	CHECK(16, same(p + 3 * PAGE, p, PAGE));
	CHECK(16, vm_read_overwrite_from(task, m, PAGE, p + 2 * PAGE) == KERN_SUCCESS);
	CHECK(16, same(p + 2 * PAGE, p, PAGE));
	CHECK(16, simple(task, MACH_VM_COPY, 3, (uint64_t[]){m + 3 * PAGE - 8, 16, m + 8}, 0, NULL,
	                 &r) == KERN_SUCCESS);
	CHECK(16, same(p + 8, p + 3 * PAGE - 8, 16) && p[7] == 7 * 5 + 2 && p[24] == 24 * 5 + 2);
	CHECK(16, same(p + 2 * PAGE, p + 3 * PAGE, PAGE - 8) && p[3 * PAGE] == 2);
	CHECK(16, mach_vm_deallocate(task, m, 4 * PAGE) == KERN_SUCCESS);
	return 0;
}

int main(void)
{
	union reply r;
	vm_region_basic_info_data_64_t info;
	uint64_t base = 0, addr, size;

	task = task_self();
	reply = mach_reply_port();
	uint32_t child = task_create_simple(task, reply, 0);
	CHECK(1, MACH_PORT_VALID(child));

	/* 1: four pages in the empty child, found by region as read/write, inherited by copy. */
	CHECK(1, vm_allocate_in(child, &base, 4 * PAGE, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	CHECK(1, base != 0 && (base & (PAGE - 1)) == 0);
	addr = 0;
	CHECK(1, vm_region_of(child, &addr, &size, &info) == KERN_SUCCESS);
	CHECK(1, addr == base && size == 4 * PAGE && info.protection == VM_PROT_DEFAULT &&
	             info.max_protection == VM_PROT_ALL && info.inheritance == VM_INHERIT_COPY);

	/* 2: an unaligned write (copied), read back both ways; untouched bytes read as zero. */
	for (uint32_t k = 0; k < sizeof(pages); k++)
		pages[k] = (unsigned char)(k * 7 + 3);
	CHECK(2, vm_write_to(child, base + 100, pages, 5000, 5000) == KERN_SUCCESS);
	CHECK(2, vm_read_matches(child, base + 100, pages, 5000) == KERN_SUCCESS);
	CHECK(2, vm_read_overwrite_from(child, base, 8192, local) == KERN_SUCCESS);
	CHECK(2, local[0] == 0 && local[99] == 0 && same(local + 100, pages, 5000) &&
	             local[5100] == 0);

	/* 3: whole pages (copy-on-write in the message), read back whole (copy-on-write again). */
	CHECK(3, vm_write_to(child, base, pages, 4 * PAGE, 4 * PAGE) == KERN_SUCCESS);
	pages[0] ^= 0xff; /* our later write must not reach the child */
	CHECK(3, vm_read_overwrite_from(child, base, 4 * PAGE, local) == KERN_SUCCESS);
	CHECK(3, local[0] == (unsigned char)(pages[0] ^ 0xff) &&
	             same(local + 1, pages + 1, 4 * PAGE - 1));
	pages[0] ^= 0xff;
	CHECK(3, vm_read_matches(child, base, pages, 4 * PAGE) == KERN_SUCCESS);

	/* 4: mach_vm_copy inside the child, overlapping upwards and downwards, as memmove. */
	CHECK(4, simple(child, MACH_VM_COPY, 3, (uint64_t[]){base, 2 * PAGE + 10, base + 1000}, 0,
	                NULL, &r) == KERN_SUCCESS);
	CHECK(4, vm_read_overwrite_from(child, base + 1000, 2 * PAGE + 10, local) == KERN_SUCCESS);
	CHECK(4, same(local, pages, 2 * PAGE + 10));
	CHECK(4, simple(child, MACH_VM_COPY, 3, (uint64_t[]){base + 1000, 2 * PAGE + 10, base}, 0,
	                NULL, &r) == KERN_SUCCESS);
	CHECK(4, vm_read_matches(child, base, pages, 2 * PAGE + 10) == KERN_SUCCESS);

	/* 5: read-only, the child's memory refuses writes but still reads. */
	CHECK(5, simple(child, MACH_VM_PROTECT, 2, (uint64_t[]){base, PAGE}, 2,
	                (int32_t[]){0, VM_PROT_READ}, &r) == KERN_SUCCESS);
	CHECK(5, vm_write_to(child, base + 10, pages, 10, 10) == KERN_PROTECTION_FAILURE);
	CHECK(5, vm_read_matches(child, base, pages, 64) == KERN_SUCCESS);
	addr = base;
	CHECK(5, vm_region_of(child, &addr, &size, &info) == KERN_SUCCESS);
	CHECK(5, addr == base && size == PAGE && info.protection == VM_PROT_READ);

	/* 6: inheritance: a grandchild made from the child gets the copy pages, not the none pages.
	 */
	CHECK(6, simple(child, MACH_VM_INHERIT, 2, (uint64_t[]){base + 2 * PAGE, 2 * PAGE}, 1,
	                (int32_t[]){VM_INHERIT_NONE}, &r) == KERN_SUCCESS);
	uint32_t grandchild = task_create_simple(child, reply, 1);
	CHECK(6, MACH_PORT_VALID(grandchild));
	CHECK(6, vm_read_matches(grandchild, base + PAGE, pages + PAGE, PAGE) == KERN_SUCCESS);
	addr = base + PAGE;
	CHECK(6, vm_region_of(grandchild, &addr, &size, &info) == KERN_SUCCESS);
	CHECK(6, addr == base + PAGE && size == PAGE);
	addr = base + 2 * PAGE;
	CHECK(6, vm_region_of(grandchild, &addr, &size, &info) == KERN_INVALID_ADDRESS);
	kernel_request(grandchild, TASK_TERMINATE);
	mach_port_deallocate(task, grandchild);

	/* 7: the VM traps work on another task too. */
	uint64_t more = 0;
	CHECK(7, mach_vm_allocate(child, &more, PAGE, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	CHECK(7, more >= base + 4 * PAGE);
	CHECK(7, vm_write_to(child, more, pages, 16, 16) == KERN_SUCCESS);
	CHECK(7, mach_vm_deallocate(child, more, PAGE) == KERN_SUCCESS);
	CHECK(7, vm_read_matches(child, more, pages, 16) == KERN_INVALID_ADDRESS);

	/* 8: hostile requests. */
	CHECK(8, vm_read_matches(child, base - PAGE, pages, 16) == KERN_INVALID_ADDRESS);
	CHECK(8, vm_read_matches(child, ~0ull - 8, pages, 16) == KERN_INVALID_ADDRESS);
	CHECK(8, vm_read_overwrite_from(child, base, 16, (void *)0x10) == KERN_INVALID_ADDRESS);
	CHECK(8, vm_read_overwrite_from(child, base, 16, (void *)~0ull) == KERN_INVALID_ADDRESS);
	CHECK(8, vm_write_to(child, base + PAGE, pages, 16, 17) == MIG_BAD_ARGUMENTS);
	CHECK(8, vm_write_to(child, ~0ull - 4, pages, 16, 16) == KERN_INVALID_ADDRESS);
	CHECK(8, vm_write_to(child, 0x10, pages, 16, 16) == KERN_INVALID_ADDRESS);
	CHECK(8, simple(child, MACH_VM_READ, 1, (uint64_t[]){base}, 0, NULL, &r) ==
	             MIG_BAD_ARGUMENTS); /* truncated */
	CHECK(8, simple(child, MACH_VM_REGION, 1, (uint64_t[]){base}, 2, (int32_t[]){99, 9}, &r) ==
	             KERN_INVALID_ARGUMENT);
	CHECK(8, simple(child, MACH_VM_REGION, 1, (uint64_t[]){base}, 2, (int32_t[]){9, 3}, &r) ==
	             KERN_INVALID_ARGUMENT);
	CHECK(8, simple(child, MACH_VM_INHERIT, 2, (uint64_t[]){base, PAGE}, 1, (int32_t[]){7},
	                &r) == KERN_INVALID_ARGUMENT);
	CHECK(8, simple(child, MACH_VM_ALLOCATE, 2, (uint64_t[]){0, PAGE}, 1, (int32_t[]){0x40},
	                &r) == KERN_INVALID_ARGUMENT);
	CHECK(8, simple(child, MACH_VM_COPY, 3, (uint64_t[]){base, ~0ull, base}, 0, NULL, &r) ==
	             KERN_INVALID_ADDRESS);
	CHECK(8, simple(child, 4899, 0, NULL, 0, NULL, &r) == MIG_BAD_ID);

	int failed = check_page_copies(child);
	if (!failed)
		failed = check_copy_traps(child);
	if (!failed)
		failed = check_split_entry();
	if (failed)
		return failed;

	/* 9: deallocated, the range is gone from the child. */
	CHECK(9, simple(child, MACH_VM_DEALLOCATE, 2, (uint64_t[]){base, 4 * PAGE}, 0, NULL, &r) ==
	             KERN_SUCCESS);
	addr = base;
	CHECK(9, vm_region_of(child, &addr, &size, &info) == KERN_INVALID_ADDRESS);
	kernel_request(child, TASK_TERMINATE);
	mach_port_deallocate(task, child);
	return 0;
}
