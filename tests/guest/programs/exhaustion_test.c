/*
 * Physical memory exhaustion from user mode: a region far larger than the
 * machine's memory (the test boots with 256 MiB) is filled page by page
 * through the kernel (Tessera's write trap, which faults the pages in), until
 * the kernel answers KERN_RESOURCE_SHORTAGE. Meanwhile the kernel keeps
 * answering; once the region goes, all of its memory is back (a second fill
 * gets as far). Returns 0 when every check passes.
 */
#include "mach/kern_return.h"
#include "mach/message.h"
#include "mach/port.h"
#include "mach/tessera_vm_copy.h"
#include "user.h"

#define CHECK(n, cond)                                                                             \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return (n);                                                                \
	} while (0)

#define PAGE   4096ull
#define REGION (1ull << 30) /* four times the machine's memory */
#define SLACK  64           /* pages the kernel may still hold after the first fill */

static uint32_t task;

/* One word into our own memory at `address`, written by the kernel. */
static kern_return_t kernel_write(uint64_t address, uint64_t value)
{
	return (kern_return_t)trap6(-TESSERA_VM_WRITE_TRAP, task, address, (uint64_t)&value,
	                            sizeof(value), 0, 0);
}

/* Writes into each page of [base, +REGION) in turn: how many before the first refusal. */
static uint64_t fill(uint64_t base, kern_return_t *refusal)
{
	uint64_t pages = 0;

	*refusal = KERN_SUCCESS;
	for (uint64_t at = base; at < base + REGION; at += PAGE, pages++) {
		kern_return_t kr = kernel_write(at, at);
		if (kr != KERN_SUCCESS) {
			*refusal = kr;
			break;
		}
	}
	return pages;
}

int main(void)
{
	uint64_t region = 0, small = 0;
	kern_return_t refusal;
	uint32_t port;

	task = task_self();

	/* 1: address space is not memory: the region is granted at once. */
	CHECK(1, mach_vm_allocate(task, &region, REGION, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);

	/* 2: filled until memory runs out: KERN_RESOURCE_SHORTAGE, well past 64 MiB. */
	uint64_t first = fill(region, &refusal);
	CHECK(2, refusal == KERN_RESOURCE_SHORTAGE && first > (64ull << 20) / PAGE);

	/*
	 * 3: short of memory, the kernel still answers: a page it has is written and
	 * read again (by the kernel: our own access could need a page-table page)...
	 */
	uint64_t back = 0;
	CHECK(3, kernel_write(region, 7) == KERN_SUCCESS);
	CHECK(3, trap6(-TESSERA_VM_READ_OVERWRITE_TRAP, task, region, sizeof(back), (uint64_t)&back,
	               0, 0) == KERN_SUCCESS &&
	             back == 7);
	/* ...the next one is still refused, and calls that need memory succeed or say they cannot.
	 */
	CHECK(3, kernel_write(region + first * PAGE, 1) == KERN_RESOURCE_SHORTAGE);
	kern_return_t kr = mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &port);
	CHECK(3, kr == KERN_SUCCESS || kr == KERN_RESOURCE_SHORTAGE || kr == KERN_NO_SPACE);
	if (kr == KERN_SUCCESS)
		CHECK(3,
		      mach_port_mod_refs(task, port, MACH_PORT_RIGHT_RECEIVE, -1) == KERN_SUCCESS);

	/* 4: the region goes, and all of its memory with it: a second fill gets as far. */
	CHECK(4, mach_vm_deallocate(task, region, REGION) == KERN_SUCCESS);
	CHECK(4, mach_vm_allocate(task, &small, 16 * PAGE, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	for (uint64_t i = 0; i < 16; i++)
		((volatile uint64_t *)small)[i * PAGE / 8] = i;
	CHECK(4, mach_vm_deallocate(task, small, 16 * PAGE) == KERN_SUCCESS);
	region = 0;
	CHECK(4, mach_vm_allocate(task, &region, REGION, VM_FLAGS_ANYWHERE) == KERN_SUCCESS);
	uint64_t second = fill(region, &refusal);
	CHECK(4, refusal == KERN_RESOURCE_SHORTAGE && second + SLACK >= first);
	CHECK(5, mach_vm_deallocate(task, region, REGION) == KERN_SUCCESS);
	return 0;
}
